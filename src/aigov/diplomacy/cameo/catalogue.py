"""Load cameo.yaml once and look codes up by code or by event name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CAMEO_FILE = Path(__file__).with_name("cameo.yaml")
QUAD_CLASSES = (1, 2, 3, 4)  # verbal cooperation, material cooperation, verbal conflict, material conflict
_UNSPECIFIED = re.compile(r"\bnot spec(ified)?\b.*$")
_NON_WORD = re.compile(r"[^0-9a-z]+")


class CameoError(ValueError):
    """The CAMEO reference file is malformed."""


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    root_name: str
    goldstein: float
    quad_class: int


def normalise_name(text: str) -> str:
    """Event text compared without case, accents, punctuation or 'not specified below'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _UNSPECIFIED.sub("", folded)
    return _NON_WORD.sub(" ", folded).strip()


class CameoCatalogue:
    """Every CAMEO code of the reference, findable by code (with or without leading zeros) or name."""

    def __init__(self, data: dict) -> None:
        try:
            quads = data["quad_classes"].items()
            self.quad_names: dict[int, dict[str, str]] = {int(k): dict(v) for k, v in quads}
            roots = {str(k): (str(v[0]), int(v[1])) for k, v in data["roots"].items()}
            self.codes: dict[str, CameoCode] = {}
            for code, (name, goldstein) in data["codes"].items():
                code = str(code)
                root_name, quad = roots[code[:2]]
                self.codes[code] = CameoCode(code, str(name), code[:2], root_name, float(goldstein), quad)
            self.roots = roots
            self._by_name = {normalise_name(c.name): c.code for c in self.codes.values()}
            for alias, code in (data.get("aliases") or {}).items():
                if str(code) not in self.codes:
                    raise CameoError(f"alias {alias!r} points to unknown code {code}")
                self._by_name.setdefault(normalise_name(str(alias)), str(code))
            for root, (name, _quad) in roots.items():
                self._by_name.setdefault(normalise_name(name), root + "0")
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            if isinstance(exc, CameoError):
                raise
            raise CameoError(f"malformed CAMEO reference: {type(exc).__name__} {exc}") from None

    def get(self, code: str | int | None) -> CameoCode | None:
        """The entry for a code ('0834', '42' = '042', '04' = root 04); unknown leaves: parents."""
        if code is None:
            return None
        text = str(code).strip()
        if not text.isdigit() or not 1 <= len(text) <= 4:
            return None
        if len(text) == 1 or (len(text) == 2 and int(text) > 20):
            text = text.zfill(3)
        if len(text) == 2:
            text += "0"
        if len(text) == 3 and text not in self.codes and "0" + text in self.codes:
            text = "0" + text  # a four-digit code that lost its leading zero (834 for 0834)
        while text:
            if text in self.codes:
                return self.codes[text]
            if len(text) <= 3:
                break
            text = text[:-1]
        root = text[:2]
        return self.codes.get(root + "0") if root in self.roots else None

    def by_name(self, text: str | None) -> CameoCode | None:
        """The entry whose name (or alias) is ``text``, compared loosely; None when it names no code."""
        if not text:
            return None
        code = self._by_name.get(normalise_name(text))
        return self.codes[code] if code else None

    def quad_name(self, quad: int, locale: str = "en") -> str:
        names = self.quad_names.get(quad, {})
        return names.get(locale) or names.get("en") or str(quad)


@cache
def catalogue(path: Path = CAMEO_FILE) -> CameoCatalogue:
    """The CAMEO catalogue (read once per path)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CameoError(f"cannot read the CAMEO reference {path.name}: {type(exc).__name__}") from None
    if not isinstance(data, dict):
        raise CameoError(f"the CAMEO reference {path.name} is not a mapping")
    return CameoCatalogue(data)
