"""Open311 GeoReport v2: services (the topic taxonomy) and service requests (messages and their cases)."""
