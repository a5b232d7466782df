"""Negotiation outcome model: Bueno de Mesquita's expected-utility model beside weighted mean and median."""
