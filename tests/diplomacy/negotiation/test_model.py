"""The expected-utility model against hand calculations and the published worked example.

The worked example is Bueno de Mesquita's (1994) EU decision on the date of emission standards for
medium-sized cars, reprinted as Table 1 of Scholz, Calbert and Smith (2011) and shipped as
``examples/eu_emissions_1994.csv``. What was published about it, and is checked here:
- the first-round chart of Belgium's view of every other member state (Belgium's expected utility of
  challenging it, and its expected utility of challenging Belgium), printed by BDM (1994) and reprinted by
  Scholz et al.; the values below are read off that chart (±0.02 of the axis);
- the mean position after each of ten rounds in Scholz et al.'s figure (one decimal, read off the figure);
- the positions round by round as reproduced by J. McKibben-Sanders' open replication
  (github.com/jmckib/bdm-scholz-expected-utility-model, commit e9d86fe, "perfect replication of bdm-scholz
  results up to 10 rounds"; D. Masad confirms it matched Scholz et al.'s original code).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from aigov.diplomacy.negotiation import model
from aigov.diplomacy.negotiation.inputs import load_issue
from aigov.diplomacy.negotiation.model import Actor, NegotiationError, Rules, simulate

EXAMPLE = Path(model.__file__).with_name("examples") / "eu_emissions_1994.csv"


@pytest.fixture(scope="module")
def eu() -> list[Actor]:
    return load_issue(EXAMPLE).actors


def test_weighted_mean_and_median_by_hand() -> None:
    actors = [Actor("a", 1, 0, 1.0), Actor("b", 2, 10, 0.5), Actor("c", 1, 4, 0.5)]
    # weights c*s = 1, 1, 0.5: mean (0 + 10 + 2) / 2.5 = 4.8; half the weight (1.25) is reached at x = 4
    assert model.weighted_mean(actors) == pytest.approx(4.8)
    assert model.weighted_median(actors) == 4
    assert model.weighted_median([Actor("a", 1, 0, 1.0), Actor("b", 3, 10, 1.0)]) == 10


def test_published_example_mean_and_median_voter(eu: list[Actor]) -> None:
    # weights: position 4 -> .064+.006+.128+.05 = .248, 7 -> .032+.005+.056 = .093, 10 -> .096*2+.144 = .336
    assert model.weighted_median(eu) == 7
    assert model.weighted_mean(eu) == pytest.approx((4 * 0.248 + 7 * 0.093 + 10 * 0.336) / 0.677)
    assert round(model.weighted_mean(eu), 2) == 7.39


def test_two_actor_challenge_by_hand() -> None:
    """A (c=2, s=1, x=0) and B (c=1, s=0.5, x=10): every step of the first round, worked by hand."""
    actors = [Actor("A", 2, 0, 1.0), Actor("B", 1, 10, 0.5)]
    # votes c*s*(|x_k - x_j| - |x_k - x_i|)/R: A gives 2 to A over B, B gives 0.5 to B over A.
    # textbook P: 2 / 2.5 = 0.8 for A; Scholz's code divides by the votes over both ordered pairs: 2 / 5.
    # r = 1: U_s = 2, U_f = -2, U_sq = 0, so E(U_AB) = 2 - 4 s_B (1 - P_A), E(U_BA) = 2 - 4 s_A (1 - P_B):
    # textbook 1.6 and -1.2: B is the one exposed (R_B = 1, r_B = 0.5), A the secure one (R_A = -1, r_A = 2).
    first = simulate(actors, Rules(variant="textbook", max_rounds=1)).rounds[0]
    assert first.risk == {"A": pytest.approx(2.0), "B": pytest.approx(0.5)}
    # B's view, r = 0.5: U_sq = 2 - 4 sqrt(.5); E(U_BA) = (0.2*2 - 0.8*2) - U_sq; E(U_AB) = 0.5*1.2 + 1 - U_sq
    u_sq = 2 - 4 * math.sqrt(0.5)
    own, other = -1.2 - u_sq, 1.6 - u_sq
    assert len(first.moves) == 1
    move = first.moves[0]
    assert (move.actor, move.kind, move.partner) == ("B", "compromise", "A")
    assert move.own_eu == pytest.approx(own) and move.partner_eu == pytest.approx(other)
    assert move.new == pytest.approx(10 - 10 * (-own / other))  # 8.4699
    assert first.end["A"] == 0  # A expects to gain from challenging: it receives no offer it would take

    scholz = simulate(actors, Rules(variant="scholz2011", max_rounds=1)).rounds[0].moves[0]
    # P_A = 0.4, P_B = 0.1: E(U_BA) = (0.2 - 1.8) - U_sq, E(U_AB) = 0.5*(0.8 - 1.2) + 1 - U_sq
    assert scholz.own_eu == pytest.approx(-1.6 - u_sq)
    assert scholz.partner_eu == pytest.approx(0.8 - u_sq)


def test_textbook_probabilities_of_a_dyad_add_up_to_one(eu: list[Actor]) -> None:
    x = [a.position for a in eu]
    state = model._Round(eu, x, [1.0] * len(eu), 6.0, Rules(variant="textbook"))
    for i in range(len(eu)):
        for j in range(len(eu)):
            if x[i] != x[j]:
                assert state.probability(i, j) + state.probability(j, i) == pytest.approx(1.0)


def test_belgiums_view_in_the_first_round_matches_the_published_chart(eu: list[Actor]) -> None:
    published = {  # other actor: (Belgium's E(U) of challenging it, its E(U) of challenging Belgium)
        "Denmark": (-0.83, 0.24), "UK": (-0.66, 0.24), "Germany": (-0.47, 0.24), "Netherlands": (-0.47, 0.24),
        "France": (-0.12, 0.24), "Italy": (-0.12, 0.24), "Ireland": (0.0, 0.0), "Greece": (0.0, 0.0),
        "Luxembourg": (0.60, 0.24),
    }
    view = {row["actor"]: (row["own_eu"], row["other_eu"]) for row in model.perspective(eu, "Belgium")}
    assert set(view) == set(published)
    for name, (own, other) in published.items():
        assert view[name][0] == pytest.approx(own, abs=0.02), name
        assert view[name][1] == pytest.approx(other, abs=0.02), name


def test_mean_position_per_round_matches_scholz_et_al(eu: list[Actor]) -> None:
    published = [7.4, 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6, 7.3, 7.2]  # start, then after rounds 1..10
    outcome = simulate(eu, Rules(max_rounds=10))
    means = [outcome.initial_mean] + [r.mean for r in outcome.rounds]
    assert len(means) == 11
    for number, (ours, theirs) in enumerate(zip(means, published, strict=True)):
        assert ours == pytest.approx(theirs, abs=0.1), f"round {number}"


def test_positions_round_by_round_match_the_open_replication(eu: list[Actor]) -> None:
    replication = {
        "Belgium": [8.4159, 9.6109, 9.9620, 4.8009, 5.5242, 7.4720, 8.8246, 9.6711, 4.1448, 4.2915],
        "Luxembourg": [7.0, 8.4159, 9.6109, 9.9620, 4.8009, 5.5242, 7.4720, 8.8246, 9.6711, 4.1448],
        "Ireland": [4.0, 7.0, 8.4159, 9.6109, 9.9620, 5.5242, 7.4720, 8.8246, 9.6711, 4.1448],
    }
    outcome = simulate(eu, Rules(max_rounds=10))
    for name, path in replication.items():
        assert [r.end[name] for r in outcome.rounds] == pytest.approx(path, abs=1e-3), name
    fixed = ("Netherlands", "Germany", "France", "Italy", "UK", "Denmark", "Greece")
    assert all(r.end[name] == r.start[name] for r in outcome.rounds for name in fixed)
    assert outcome.rounds[0].risk["Ireland"] == pytest.approx(0.5)  # the most exposed actor
    assert outcome.rounds[0].risk["Denmark"] == pytest.approx(2.0)  # the most secure one
    assert not outcome.settled  # Scholz et al.: the positions cycle instead of settling


def test_the_model_stops_once_nobody_moves() -> None:
    actors = [Actor("a", 1, 0, 0.2), Actor("b", 1, 10, 0.2), Actor("c", 1, 5, 0.2)]
    outcome = simulate(actors, Rules(max_rounds=10))
    assert outcome.settled
    assert len(outcome.rounds) < 10
    assert outcome.rounds[-1].moves == []
    assert outcome.forecast == outcome.rounds[-1].median


def test_a_fixed_risk_attitude_is_kept() -> None:
    actors = [Actor("a", 1, 0, 0.5, risk=1.5), Actor("b", 1, 10, 0.5), Actor("c", 2, 3, 0.9)]
    for r in simulate(actors, Rules(max_rounds=3)).rounds:
        assert r.risk["a"] == 1.5


@pytest.mark.parametrize(
    ("actors", "message"),
    [
        ([Actor("a", 1, 0, 0.5)], "at least two"),
        ([Actor("a", 1, 0, 0.5), Actor("a", 1, 1, 0.5)], "twice"),
        ([Actor("a", -1, 0, 0.5), Actor("b", 1, 1, 0.5)], "negative"),
        ([Actor("a", 1, 0, 1.5), Actor("b", 1, 1, 0.5)], "salience"),
        ([Actor("a", 1, 0, 0.5), Actor("b", 1, 0, 0.5)], "same position"),
        ([Actor("a", 0, 0, 0.5), Actor("b", 0, 1, 0.5)], "zero capability"),
        ([Actor("a", 1, float("nan"), 0.5), Actor("b", 1, 1, 0.5)], "finite"),
        ([Actor("a", 1, 0, 0.5, risk=3), Actor("b", 1, 1, 0.5)], "risk"),
    ],
)
def test_unusable_actors_are_refused(actors: list[Actor], message: str) -> None:
    with pytest.raises(NegotiationError, match=message):
        simulate(actors)


def test_scenario_changes_must_name_known_actors_and_fields(eu: list[Actor]) -> None:
    changed = model.with_changes(eu, {"UK": {"salience": 0.5}})
    assert next(a for a in changed if a.name == "UK").salience == 0.5
    with pytest.raises(NegotiationError, match="not in the file"):
        model.with_changes(eu, {"Norway": {"salience": 0.5}})
    with pytest.raises(NegotiationError, match="not 'name'"):
        model.with_changes(eu, {"UK": {"name": 1}})
