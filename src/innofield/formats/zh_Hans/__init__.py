"""Simplified Chinese formats."""
