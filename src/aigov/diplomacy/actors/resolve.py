"""Resolve an event actor's name to a country: exact names, then the rules ICEWS and ACLED names follow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from aigov.diplomacy.actors.reference import ActorReference, normalise, reference

_LAST_PARENS = re.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^()]*)\)\s*$")  # "Member (Govt) (Nigeria)"
_OUTER_PARENS = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>.*)\)\s*$")  # "Cabinet (Holy See (Vatican))"
_YEARS = re.compile(r"^\s*\d{4}\s*-?\s*(\d{4})?\s*$")
_PATRONYMIC = re.compile(r"(ovich|evich|yevich|ovna|evna|yevna|ichna)$")
_OF = re.compile(r"\bof\s+(?:the\s+)?(?P<tail>[^()]+)$", re.IGNORECASE)
MAX_NAME = 300


@dataclass(frozen=True)
class Resolution:
    """What an actor name stands for: a country (ISO3) or a known group without one, and by which rule."""

    country: str | None
    # state, capital, person, organisation, sector, igo, media, ngo, armed_group, region, role, unknown, empty
    kind: str
    rule: str  # name, patronymic, parenthesis, of, demonym, code, none

    @property
    def known(self) -> bool:
        return self.kind not in ("unknown", "empty")


UNKNOWN = Resolution(None, "unknown", "none")
EMPTY = Resolution(None, "empty", "none")


class Resolver:
    """Resolves names with an :class:`ActorReference`; results are cached per name."""

    def __init__(self, ref: ActorReference) -> None:
        self.ref = ref
        self.resolve = lru_cache(maxsize=200_000)(self._resolve)  # type: ignore[method-assign]

    def resolve(self, name: str | None) -> Resolution:  # replaced by the cached version in __init__
        return self._resolve(name)

    def code(self, code: str | None, name: str | None = None, actor_code: str | None = None) -> Resolution:
        """A CAMEO/ISO country code first (GDELT, ACLED), then the name.

        A GDELT actor with a CAMEO actor code but no country ("GOV", "COP": a government or police of no
        named state) is a known role without a country, not an unknown actor.
        """
        country = self.ref.country_for_code(code)
        if country:
            return Resolution(country, "state", "code")
        if self.ref.is_region_code(code):
            return Resolution(None, "region", "code")
        found = self.resolve(name)
        if not found.known and found.kind != "empty" and actor_code:
            return Resolution(None, "role", "code")
        return found

    def _resolve(self, name: str | None) -> Resolution:
        if not name or not name.strip():
            return EMPTY
        text = name.strip()[:MAX_NAME]
        found = self._exact(text)
        if found:
            return found
        for pattern in (_LAST_PARENS, _OUTER_PARENS):
            match = pattern.match(text)
            if not match:
                continue
            inner, head = match["inner"], match["head"]
            if _YEARS.match(inner) and head:  # ACLED: "Military Forces of Armenia (2018-)"
                return self._resolve(head)
            within = self._exact(inner) or self._demonym(inner)
            if within and within.known:
                kind = within.kind if within.country is None else "sector"
                return Resolution(within.country, kind, "parenthesis")
        tail = _OF.search(text)
        if tail:
            found = self._exact(tail["tail"])
            if found and found.country:
                return Resolution(found.country, "organisation", "of")
        return self._demonym(text) or UNKNOWN

    def _exact(self, text: str) -> Resolution | None:
        key = normalise(text)
        entry = self.ref.index.get(key)
        if entry:
            return Resolution(entry.country, entry.kind, "name")
        tokens = key.split()
        if len(tokens) >= 3:
            kept = [t for t in tokens[1:-1] if not _PATRONYMIC.search(t)]
            if len(kept) < len(tokens) - 2:
                entry = self.ref.index.get(" ".join([tokens[0], *kept, tokens[-1]]))
                if entry and entry.kind == "person":
                    return Resolution(entry.country, entry.kind, "patronymic")
        return None

    def _demonym(self, text: str) -> Resolution | None:
        tokens = normalise(text).split()
        for size in (3, 2, 1):
            if len(tokens) >= size:
                country = self.ref.demonyms.get(" ".join(tokens[:size]))
                if country:
                    return Resolution(country, "organisation" if len(tokens) > size else "sector", "demonym")
        return None


@cache
def resolver() -> Resolver:
    """The resolver over the packaged reference."""
    return Resolver(reference())
