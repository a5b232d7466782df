"""Cases: accountable work made from citizens' messages (routing, lifecycle, statutory deadlines)."""
