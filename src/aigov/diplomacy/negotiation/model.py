"""Bueno de Mesquita's expected-utility model of group decisions, as replicated by Scholz, Calbert and Smith.

Sources: B. Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP, ch. 4; J. B. Scholz, G. J. Calbert
and G. A. Smith (2011), "Unravelling Bueno De Mesquita's group decision model", *Journal of Theoretical
Politics* 23(4): 510-531. The equations, with their numbers, are written out in docs/negotiation.md.

One issue is a line (positions ``x``). Every round each actor's risk exponent is found from how exposed its
position is, every actor weighs challenging every other (expected utility of a challenge against the status
quo), each actor receives the challenges others would make and accepts the one it expects to cost least
(lose a confrontation: move to the challenger; compromise: move part of the way), and all move at once.
Rounds go on until no position moves (settled) or the round limit is reached. Two rule sets: ``scholz2011``
follows the published replication, including the two places where its code differs from its text
(see :class:`Rules`); ``textbook`` follows the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

OfferKind = Literal["confrontation", "compromise", "capitulation"]
RULE_SETS = ("scholz2011", "textbook")
MAX_ACTORS = 200
MAX_ROUNDS = 100


class NegotiationError(ValueError):
    """Inputs the model cannot use (said in one line, naming the actor or field)."""


@dataclass(frozen=True)
class Actor:
    """One stakeholder: capability (power on this issue), position on the issue line, salience in [0, 1].

    ``risk`` fixes the actor's risk exponent (0.5 risk-acceptant ... 1 neutral ... 2 risk-averse); left
    out, the model derives it every round from how secure the actor's position is (the usual choice).
    """

    name: str
    capability: float
    position: float
    salience: float
    risk: float | None = None


@dataclass(frozen=True)
class Rules:
    """Model constants and the variant of the rules.

    ``probability``: ``all_pairs`` divides an actor's votes for a challenge by the votes over every pair
    of actors, as the code of Scholz et al. does (their printed equation divides by the votes on that one
    pair: ``dyad``). ``offer_choice``: among compromise offers ``scholz2011`` takes the one whose weighted
    compromise point is lowest on the scale, as their code does; ``nearest`` takes the one that moves the
    actor least, as BDM and their text say.
    """

    variant: str = "scholz2011"
    q: float = 1.0  # probability that the status quo holds if nobody challenges
    t: float = 1.0  # probability that things get better rather than worse without a challenge
    max_rounds: int = 10
    tolerance: float = 1e-6  # a round in which no position moves more than this (x range) settles it

    @property
    def probability(self) -> str:
        return "all_pairs" if self.variant == "scholz2011" else "dyad"

    @property
    def offer_choice(self) -> str:
        return "scholz2011" if self.variant == "scholz2011" else "nearest"

    def checked(self) -> Rules:
        if self.variant not in RULE_SETS:
            raise NegotiationError(f"rules must be one of {', '.join(RULE_SETS)}")
        if not (0 <= self.q <= 1 and 0 <= self.t <= 1):
            raise NegotiationError("q and t must lie between 0 and 1")
        if not 1 <= self.max_rounds <= MAX_ROUNDS:
            raise NegotiationError(f"rounds must be between 1 and {MAX_ROUNDS}")
        return self


@dataclass(frozen=True)
class Move:
    """The offer an actor accepted in a round."""

    actor: str
    kind: OfferKind
    partner: str
    old: float
    new: float
    own_eu: float  # the actor's expected utility of challenging the partner (its own view)
    partner_eu: float  # the partner's expected utility of challenging the actor (as the actor sees it)


@dataclass
class Round:
    """One round: the positions it started from, the risk exponents, the moves, and where it ended."""

    number: int
    start: dict[str, float]
    risk: dict[str, float]
    moves: list[Move]
    end: dict[str, float]
    mean: float
    median: float


@dataclass
class Outcome:
    """A run of the model and the simpler predictions beside it."""

    actors: list[Actor]
    rules: Rules
    rounds: list[Round] = field(default_factory=list)
    settled: bool = False

    @property
    def initial_mean(self) -> float:
        return weighted_mean(self.actors)

    @property
    def initial_median(self) -> float:
        return weighted_median(self.actors)

    @property
    def final_positions(self) -> dict[str, float]:
        return self.rounds[-1].end if self.rounds else {a.name: a.position for a in self.actors}

    @property
    def forecast(self) -> float:
        """The model's prediction: the weighted median of the positions after the last round."""
        return self.rounds[-1].median if self.rounds else self.initial_median

    @property
    def final_mean(self) -> float:
        return self.rounds[-1].mean if self.rounds else self.initial_mean

    def path(self) -> list[dict[str, float]]:
        """Positions before the first round, then after every round."""
        return [{a.name: a.position for a in self.actors}] + [r.end for r in self.rounds]


def weights(actors: Sequence[Actor]) -> list[float]:
    return [a.capability * a.salience for a in actors]


def weighted_mean(actors: Sequence[Actor]) -> float:
    """Σ c·s·x / Σ c·s (the 'mean voter' prediction)."""
    w = weights(actors)
    total = sum(w)
    if total <= 0:
        raise NegotiationError("every actor has zero capability or salience: nothing to weigh")
    return sum(wi * a.position for wi, a in zip(w, actors, strict=True)) / total


def weighted_median(actors: Sequence[Actor]) -> float:
    """The position that wins every pairwise vote weighted by c·s: the first at or past half the weight."""
    w = weights(actors)
    total = sum(w)
    if total <= 0:
        raise NegotiationError("every actor has zero capability or salience: nothing to weigh")
    cumulative = 0.0
    for weight, actor in sorted(zip(w, actors, strict=True), key=lambda pair: pair[1].position):
        cumulative += weight
        if cumulative >= total / 2 - 1e-12:
            return actor.position
    return max(a.position for a in actors)  # pragma: no cover (floating point guard)


def validate(actors: Sequence[Actor]) -> list[Actor]:
    """The actors if the model can use them; else :class:`NegotiationError` naming the first problem."""
    actors = list(actors)
    if len(actors) < 2:
        raise NegotiationError("the model needs at least two actors")
    if len(actors) > MAX_ACTORS:
        raise NegotiationError(f"at most {MAX_ACTORS} actors")
    seen: set[str] = set()
    for actor in actors:
        label = actor.name[:60]
        if not actor.name.strip():
            raise NegotiationError("an actor has no name")
        if actor.name in seen:
            raise NegotiationError(f"actor {label!r} appears twice")
        seen.add(actor.name)
        for key in ("capability", "position", "salience"):
            value = getattr(actor, key)
            if not isinstance(value, int | float) or value != value or value in (float("inf"), float("-inf")):
                raise NegotiationError(f"actor {label!r}: {key} must be a finite number")
        if actor.capability < 0:
            raise NegotiationError(f"actor {label!r}: capability must not be negative")
        if not 0 <= actor.salience <= 1:
            raise NegotiationError(f"actor {label!r}: salience must lie between 0 and 1 (or 0 and 100)")
        if actor.risk is not None and not 0.5 <= actor.risk <= 2:
            raise NegotiationError(f"actor {label!r}: risk must lie between 0.5 and 2")
    if max(a.position for a in actors) == min(a.position for a in actors):
        raise NegotiationError("all actors hold the same position: there is nothing to negotiate")
    if sum(weights(actors)) <= 0:
        raise NegotiationError("every actor has zero capability or salience: nothing to weigh")
    return actors


class _Round:
    """The quantities of one round, computed from the positions and risk exponents it starts with."""

    def __init__(self, actors: Sequence[Actor], x: list[float], r: list[float], span: float, rules: Rules):
        self.actors, self.x, self.r, self.span, self.rules = actors, x, r, span, rules
        self.n = len(actors)
        self.w = weights(actors)
        self.median = _median(self.w, x)
        self._votes: dict[tuple[int, int], list[float]] = {}
        self._all_pairs: float | None = None

    def distance(self, a: float, b: float) -> float:
        return abs(a - b) / self.span

    def votes(self, i: int, j: int) -> list[float]:
        """Each actor k's vote for x_i over x_j: c_k s_k ((|x_k - x_j|/R)^r_k - (|x_k - x_i|/R)^r_k)."""
        key = (i, j)
        if key not in self._votes:
            xi, xj = self.x[i], self.x[j]
            self._votes[key] = [
                self.w[k] * (self.distance(xk, xj) ** self.r[k] - self.distance(xk, xi) ** self.r[k])
                for k, xk in enumerate(self.x)
            ]
        return self._votes[key]

    def probability(self, i: int, j: int) -> float:
        """P_i: the chance that i's position prevails over j's if they contest it."""
        if self.x[i] == self.x[j]:
            return 0.0
        votes = self.votes(i, j)
        support = sum(v for v in votes if v > 0)
        if self.rules.probability == "all_pairs":
            if self._all_pairs is None:
                self._all_pairs = sum(abs(v) for a in range(self.n) for b in range(self.n) if a != b
                                      for v in self.votes(a, b))
            total = self._all_pairs
        else:
            total = sum(abs(v) for v in votes)
        return support / total if total > 0 else 0.0

    def expected_utility(self, i: int, j: int, perspective: int) -> float:
        """E^p(U_ij): i's expected utility of challenging j, as actor ``perspective`` sees it."""
        r = self.r[perspective]
        d = self.distance(self.x[i], self.x[j])
        u_success = 2 - 4 * (0.5 - 0.5 * d) ** r
        u_failure = 2 - 4 * (0.5 + 0.5 * d) ** r
        u_status_quo = 2 - 4 * 0.5**r
        p = self.probability(i, j)
        s_j = self.actors[j].salience
        challenge = s_j * (p * u_success + (1 - p) * u_failure) + (1 - s_j) * u_success
        no_challenge = self.rules.q * u_status_quo
        if self.rules.q < 1:
            drift = 0.25 * (self.distance(self.x[i], self.median) + d)
            u_better = 2 - 4 * max(0.5 - drift, 0.0) ** r
            u_worse = 2 - 4 * (0.5 + drift) ** r
            no_challenge += (1 - self.rules.q) * (self.rules.t * u_better + (1 - self.rules.t) * u_worse)
        return challenge - no_challenge


def _median(w: list[float], x: list[float]) -> float:
    total = sum(w)
    cumulative = 0.0
    for weight, position in sorted(zip(w, x, strict=True), key=lambda pair: pair[1]):
        cumulative += weight
        if cumulative >= total / 2 - 1e-12:
            return position
    return max(x)  # pragma: no cover


def risk_exponents(actors: Sequence[Actor], positions: list[float], span: float, rules: Rules) -> list[float]:
    """r_i = (1 - R_i/3) / (1 + R_i/3), R_i from how much others gain by challenging i (risk-neutral view).

    R_i = (2 Σ_j E(U_ji) - max_k Σ_j E(U_jk) - min_k Σ_j E(U_jk)) / (max - min): the actor whose position
    draws the most profitable challenges is the most exposed (R = 1, r = 0.5, risk-acceptant); the one
    that draws the least is the most secure (R = -1, r = 2, risk-averse). A fixed ``risk`` wins.
    """
    n = len(actors)
    neutral = _Round(actors, positions, [1.0] * n, span, rules)
    danger = [sum(neutral.expected_utility(j, i, i) for j in range(n) if j != i) for i in range(n)]
    high, low = max(danger), min(danger)
    exponents = []
    for i, actor in enumerate(actors):
        if actor.risk is not None:
            exponents.append(actor.risk)
            continue
        big_r = (2 * danger[i] - high - low) / (high - low) if high > low else 0.0
        exponents.append((1 - big_r / 3) / (1 + big_r / 3))
    return exponents


def best_offer(state: _Round, i: int) -> Move | None:
    """The challenge actor i accepts this round, or None if no other actor would profit from one."""
    offers: dict[OfferKind, list[tuple[float, Move]]] = {
        "confrontation": [], "compromise": [], "capitulation": []}
    xi = state.x[i]
    for j in range(state.n):
        xj = state.x[j]
        if j == i or xj == xi:
            continue
        own = state.expected_utility(i, j, i)  # E^i(U_ij)
        other = state.expected_utility(j, i, i)  # E^i(U_ji)
        name = state.actors[j].name
        if other > own > 0:  # both would fight, j expects more: i loses the confrontation
            move = Move(state.actors[i].name, "confrontation", name, xi, xj, own, other)
            offers["confrontation"].append((abs(xj - xi), move))
        elif other > 0 > own:  # j gains, i loses
            if other > -own:  # j's gain outweighs i's loss: i concedes the share |E_ij| / E_ji
                new = xi + (xj - xi) * (-own / other)
                key = abs(new - xi)
                if state.rules.offer_choice == "scholz2011":
                    key = (-own * xi + other * xj) / (-own + other)
                offers["compromise"].append((key, Move(state.actors[i].name, "compromise", name, xi, new,
                                                       own, other)))
            else:  # i's loss outweighs j's gain: i gives in
                move = Move(state.actors[i].name, "capitulation", name, xi, xj, own, other)
                offers["capitulation"].append((abs(xj - xi), move))
    for kind in ("confrontation", "compromise", "capitulation"):
        if offers[kind]:  # type: ignore[index]
            return min(offers[kind], key=lambda pair: pair[0])[1]  # type: ignore[index]
    return None


def simulate(actors: Sequence[Actor], rules: Rules | None = None) -> Outcome:
    """Run the model: rounds of risk, challenges and moves until no position moves or the round limit."""
    actors = validate(actors)
    rules = (rules or Rules()).checked()
    x = [a.position for a in actors]
    span = max(x) - min(x)
    outcome = Outcome(actors=actors, rules=rules)
    for number in range(1, rules.max_rounds + 1):
        r = risk_exponents(actors, x, span, rules)
        state = _Round(actors, x, r, span, rules)
        moves = [m for m in (best_offer(state, i) for i in range(len(actors))) if m is not None]
        new = list(x)
        index = {a.name: i for i, a in enumerate(actors)}
        for move in moves:
            new[index[move.actor]] = move.new
        names = [a.name for a in actors]
        w = weights(actors)
        outcome.rounds.append(Round(
            number=number, start=dict(zip(names, x, strict=True)), risk=dict(zip(names, r, strict=True)),
            moves=moves, end=dict(zip(names, new, strict=True)),
            mean=sum(wi * xi for wi, xi in zip(w, new, strict=True)) / sum(w), median=_median(w, new),
        ))
        moved = max(abs(a - b) for a, b in zip(new, x, strict=True))
        x = new
        if moved <= rules.tolerance * span:
            outcome.settled = True
            break
    return outcome


def perspective(actors: Sequence[Actor], observer: str,
                rules: Rules | None = None) -> list[dict[str, float | str]]:
    """How ``observer`` sees every other actor in the first round: E^i(U_ij) and E^i(U_ji) (BDM's chart)."""
    actors = validate(actors)
    rules = (rules or Rules()).checked()
    names = [a.name for a in actors]
    if observer not in names:
        raise NegotiationError(f"no actor called {observer[:60]!r}")
    x = [a.position for a in actors]
    span = max(x) - min(x)
    state = _Round(actors, x, risk_exponents(actors, x, span, rules), span, rules)
    i = names.index(observer)
    return [{"actor": names[j], "own_eu": state.expected_utility(i, j, i),
             "other_eu": state.expected_utility(j, i, i)} for j in range(len(actors)) if j != i]


def with_changes(actors: Sequence[Actor], changes: dict[str, dict[str, float]]) -> list[Actor]:
    """The actors with some fields changed: ``{"UK": {"salience": 0.5}}``; unknown names are an error."""
    names = {a.name for a in actors}
    for name, fields in changes.items():
        if name not in names:
            raise NegotiationError(f"the scenario changes an actor that is not in the file: {name[:60]!r}")
        for key in fields:
            if key not in ("capability", "position", "salience", "risk"):
                raise NegotiationError(
                    f"a scenario can change capability, position, salience or risk, not {key!r}")
    return [replace(a, **changes.get(a.name, {})) for a in actors]
