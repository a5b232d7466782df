"""aigov: AI for government policy with privacy and accountability built in."""

__version__ = "0.1.0"
