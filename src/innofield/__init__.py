"""innofield: an open platform for regional innovation ecosystems."""

__version__ = "0.1.0"
