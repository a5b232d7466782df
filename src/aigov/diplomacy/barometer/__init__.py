"""The relations barometer: monthly cooperation and conflict between two countries."""
