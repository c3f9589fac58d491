"""Talent: person profiles published with consent, talent demands matched to them,
mobility events and the talent flows between provinces computed from them."""
