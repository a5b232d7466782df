"""Actor resolution: event actors ("Police (Australia)", "Ilham Aliyev", "Ermənistan") to ISO3 countries."""

from aigov.diplomacy.actors.reference import ActorReference, ActorReferenceError, Country, reference
from aigov.diplomacy.actors.resolve import Resolution, Resolver, resolver

__all__ = [
    "ActorReference",
    "ActorReferenceError",
    "Country",
    "Resolution",
    "Resolver",
    "reference",
    "resolver",
]
