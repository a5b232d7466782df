"""Foreign-policy analytics: CAMEO-coded event data, relations barometer, early warning and briefings."""
