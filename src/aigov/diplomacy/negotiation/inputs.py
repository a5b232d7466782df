"""Actors and scenarios from CSV or YAML files (or text pasted in the web page).

Actors, CSV (a header row; names are case-insensitive, ``actor`` may stand for ``name``)::

    name,capability,position,salience,risk
    Netherlands,0.08,4,80,

YAML (``issue`` is optional; ``risk`` may be left out)::

    issue: Date of emission standards for medium-sized cars
    actors:
      - {name: Netherlands, capability: 0.08, position: 4, salience: 80}

Salience is read as a share in [0, 1]; when any value exceeds 1 the whole column is read as percentages
(0-100, as in Bueno de Mesquita's tables), and a scenario's salience values follow the same scale.

Scenarios (YAML or JSON)::

    scenarios:
      - name: UK cares less
        changes:
          UK: {salience: 50}
          France: {position: 8}
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from aigov.diplomacy.negotiation.model import MAX_ACTORS, Actor, NegotiationError

MAX_BYTES = 1_000_000
MAX_NAME_CHARS = 100
MAX_SCENARIOS = 20
FIELDS = ("capability", "position", "salience", "risk")


@dataclass
class Issue:
    """The actors of one issue, and how their salience was written."""

    actors: list[Actor]
    title: str | None = None
    salience_percent: bool = False


@dataclass
class Scenario:
    name: str
    changes: dict[str, dict[str, float]] = field(default_factory=dict)


def read_text(path: Path) -> tuple[str, str]:
    """(text, suffix) of a file, or :class:`NegotiationError` saying why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError:
        raise NegotiationError(f"cannot read {path.name}: no such file") from None
    if size > MAX_BYTES:
        raise NegotiationError(f"{path.name} is larger than {MAX_BYTES // 1000} kB")
    try:
        return path.read_bytes().decode("utf-8-sig"), path.suffix.lower()
    except UnicodeDecodeError:
        raise NegotiationError(f"{path.name} is not UTF-8 text") from None
    except OSError:
        raise NegotiationError(f"cannot read {path.name}") from None


def load_issue(path: Path) -> Issue:
    text, suffix = read_text(path)
    return parse_issue(text, "csv" if suffix in (".csv", ".txt") else "yaml")


def parse_issue(text: str, kind: str | None = None) -> Issue:
    """Actors from CSV or YAML text; ``kind`` None guesses (YAML if it has an ``actors:`` key)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise NegotiationError(f"the actors are larger than {MAX_BYTES // 1000} kB")
    if kind is None:
        kind = "yaml" if _looks_like_yaml(text) else "csv"
    if kind == "csv":
        rows, title = _csv_rows(text), None
    else:
        data = _yaml(text)
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise NegotiationError("the YAML needs a list under 'actors'")
        rows = data["actors"]
        title = data.get("issue")
        title = str(title)[:200] if title is not None else None
    return _issue(rows, title)


def load_scenarios(path: Path, issue: Issue) -> list[Scenario]:
    text, _suffix = read_text(path)
    return parse_scenarios(text, issue)


def parse_scenarios(text: str, issue: Issue) -> list[Scenario]:
    """Scenarios from YAML/JSON text; salience follows the scale of the issue's file."""
    data = _yaml(text)
    if isinstance(data, dict):
        data = data.get("scenarios")
    if not isinstance(data, list) or not data:
        raise NegotiationError("the scenario file needs a non-empty list under 'scenarios'")
    if len(data) > MAX_SCENARIOS:
        raise NegotiationError(f"at most {MAX_SCENARIOS} scenarios")
    names = {a.name for a in issue.actors}
    scenarios = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise NegotiationError(f"scenario {number}: expected a name and changes")
        name = str(item.get("name") or f"Scenario {number}")[:MAX_NAME_CHARS]
        changes_in = item.get("changes")
        if not isinstance(changes_in, dict) or not changes_in:
            raise NegotiationError(f"scenario {name!r}: 'changes' must map actor names to new values")
        changes: dict[str, dict[str, float]] = {}
        for actor, fields in changes_in.items():
            actor = str(actor)
            if actor not in names:
                raise NegotiationError(f"scenario {name!r}: no actor called {actor[:60]!r}")
            if not isinstance(fields, dict) or not fields:
                raise NegotiationError(f"scenario {name!r}: give the new values for {actor[:60]!r}")
            values: dict[str, float] = {}
            for key, value in fields.items():
                if key not in FIELDS:
                    raise NegotiationError(f"scenario {name!r}: {key!r} cannot change "
                                           f"(capability, position, salience or risk)")
                number_value = _number(value, f"scenario {name!r}, {actor[:60]}, {key}")
                if key == "salience" and issue.salience_percent:
                    number_value /= 100
                values[str(key)] = number_value
            changes[actor] = values
        scenarios.append(Scenario(name=name, changes=changes))
    return scenarios


def _looks_like_yaml(text: str) -> bool:
    return any(line.strip().startswith(("actors:", "issue:")) for line in text.splitlines()[:50])


def _yaml(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise NegotiationError(f"not valid YAML{where}") from None


def _csv_rows(text: str) -> list[dict[str, Any]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
        if "actor" in header and "name" not in header:
            header[header.index("actor")] = "name"
        missing = [f for f in ("name", "capability", "position", "salience") if f not in header]
        if missing:
            raise NegotiationError(f"the CSV header lacks: {', '.join(missing)}")
        rows = []
        for raw in reader:
            values = list(raw.values())
            if all(v is None or not str(v).strip() for v in values):
                continue
            rows.append(dict(zip(header, values, strict=False)))
            if len(rows) > MAX_ACTORS:
                raise NegotiationError(f"at most {MAX_ACTORS} actors")
        return rows
    except csv.Error:
        raise NegotiationError("not valid CSV") from None


def _issue(rows: list[Any], title: str | None) -> Issue:
    if len(rows) > MAX_ACTORS:
        raise NegotiationError(f"at most {MAX_ACTORS} actors")
    parsed: list[dict[str, Any]] = []
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise NegotiationError(f"actor {number}: expected name, capability, position and salience")
        name = str(row.get("name") if row.get("name") is not None else row.get("actor") or "").strip()
        if not name:
            raise NegotiationError(f"actor {number} has no name")
        if len(name) > MAX_NAME_CHARS:
            raise NegotiationError(f"actor {number}: the name is longer than {MAX_NAME_CHARS} characters")
        values: dict[str, Any] = {"name": name}
        for key in FIELDS:
            raw = row.get(key)
            if key == "risk" and (raw is None or str(raw).strip() == ""):
                values[key] = None
                continue
            values[key] = _number(raw, f"actor {name[:60]!r}, {key}")
        parsed.append(values)
    percent = any(v["salience"] > 1 for v in parsed)
    if percent:
        for values in parsed:
            if values["salience"] > 100:
                raise NegotiationError(f"actor {values['name'][:60]!r}: salience above 100")
            values["salience"] /= 100
    return Issue(actors=[Actor(**v) for v in parsed], title=title, salience_percent=percent)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise NegotiationError(f"{where} must be a number")
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise NegotiationError(f"{where} must be a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise NegotiationError(f"{where} must be a finite number")
    return number

