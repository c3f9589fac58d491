"""Template tags of the market pages."""
