"""Monthly counts per unit (each country; each unordered pair of countries) from an :class:`EventFrame`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from aigov.diplomacy.events.frame import EventFrame


@dataclass
class Panel:
    """counts[u, m, q-1]: events of QuadClass q of unit u in month ``first + m``; gold: Goldstein sums."""

    first: int
    countries: list[str]
    dyads: np.ndarray  # (D, 2) country indices, a < b
    counts: np.ndarray  # (C + D, M, 4)
    gold_sum: np.ndarray  # (C + D, M)
    gold_n: np.ndarray  # (C + D, M)

    @property
    def n_countries(self) -> int:
        return len(self.countries)

    @property
    def n_units(self) -> int:
        return self.counts.shape[0]

    @property
    def n_months(self) -> int:
        return self.counts.shape[1]

    def unit_label(self, unit: int) -> str:
        """'AZE' for a country, 'ARM-AZE' for a dyad."""
        if unit < self.n_countries:
            return self.countries[unit]
        a, b = self.dyads[unit - self.n_countries]
        return f"{self.countries[a]}-{self.countries[b]}"

    def unit_of(self, label: str) -> int | None:
        codes = sorted(label.upper().split("-"))
        index = {c: i for i, c in enumerate(self.countries)}
        if len(codes) == 1:
            return index.get(codes[0])
        if len(codes) != 2 or codes[0] not in index or codes[1] not in index:
            return None
        pair = sorted((index[codes[0]], index[codes[1]]))
        hits = np.nonzero((self.dyads[:, 0] == pair[0]) & (self.dyads[:, 1] == pair[1]))[0]
        return self.n_countries + int(hits[0]) if len(hits) else None


def build_panel(frame: EventFrame, *, last: int | None = None) -> Panel:
    """Aggregate a frame up to month count ``last`` (inclusive; default: its last month)."""
    coded = frame.quad > 0
    keep = coded & ((frame.source >= 0) | (frame.target >= 0))
    if last is not None:
        keep &= frame.month <= last
    month, source, target = frame.month[keep], frame.source[keep], frame.target[keep]
    quad, gold = frame.quad[keep].astype(np.int64) - 1, frame.goldstein[keep]
    countries = frame.countries
    n_countries = len(countries)
    if len(month) == 0:
        empty = np.zeros((n_countries, 0, 4))
        return Panel(0, countries, np.zeros((0, 2), dtype=np.int64), empty, empty[..., 0], empty[..., 0])
    first = int(month.min())
    n_months = int((last if last is not None else month.max()) - first + 1)
    col = month.astype(np.int64) - first
    pair = (source >= 0) & (target >= 0) & (source != target)
    lo = np.minimum(source[pair], target[pair]).astype(np.int64)
    hi = np.maximum(source[pair], target[pair]).astype(np.int64)
    codes, dyad_of_event = np.unique(lo * n_countries + hi, return_inverse=True)
    dyads = np.stack([codes // n_countries, codes % n_countries], axis=1)
    n_units = n_countries + len(dyads)
    counts = np.zeros((n_units, n_months, 4))
    gold_sum = np.zeros((n_units, n_months))
    gold_n = np.zeros((n_units, n_months))
    has_gold = ~np.isnan(gold)
    # Countries: an event counts once for each country taking part (once for a domestic event).
    for side, mask in ((source, source >= 0), (target, (target >= 0) & (target != source))):
        np.add.at(counts, (side[mask], col[mask], quad[mask]), 1.0)
        scored = mask & has_gold
        np.add.at(gold_sum, (side[scored], col[scored]), gold[scored])
        np.add.at(gold_n, (side[scored], col[scored]), 1.0)
    units = n_countries + dyad_of_event.ravel()
    np.add.at(counts, (units, col[pair], quad[pair]), 1.0)
    scored = has_gold[pair]
    np.add.at(gold_sum, (units[scored], col[pair][scored]), gold[pair][scored])
    np.add.at(gold_n, (units[scored], col[pair][scored]), 1.0)
    return Panel(first, list(countries), dyads, counts, gold_sum, gold_n)


def with_empty_month(panel: Panel) -> Panel:
    """The panel with one more month of no events (the month being forecast, whose events nobody knows)."""
    units = panel.n_units
    return Panel(
        panel.first,
        panel.countries,
        panel.dyads,
        np.concatenate([panel.counts, np.zeros((units, 1, 4))], axis=1),
        np.concatenate([panel.gold_sum, np.zeros((units, 1))], axis=1),
        np.concatenate([panel.gold_n, np.zeros((units, 1))], axis=1),
    )
