"""Briefings: one self-contained HTML page on a country and month."""
