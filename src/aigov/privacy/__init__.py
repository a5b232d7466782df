"""Personal data: encryption at rest, consent and lawful basis, retention, data-subject requests."""
