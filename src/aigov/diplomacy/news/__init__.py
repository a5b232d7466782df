"""News monitoring: articles from feeds, countries and people named, tone toward Azerbaijan, topic tags."""
