"""Actor and scenario files, the scenario/sensitivity report, and `aigov negotiate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aigov.cli import app
from aigov.diplomacy.negotiation import model
from aigov.diplomacy.negotiation.analysis import analyse
from aigov.diplomacy.negotiation.inputs import load_issue, parse_issue, parse_scenarios
from aigov.diplomacy.negotiation.model import NegotiationError, Rules

EXAMPLES = Path(model.__file__).with_name("examples")
CSV = EXAMPLES / "eu_emissions_1994.csv"
YAML_ISSUE = """
issue: Port fees
actors:
  - {name: Ministry, capability: 3, position: 20, salience: 0.9}
  - {name: Operator, capability: 2, position: 80, salience: 0.6, risk: 1.2}
  - {name: Union, capability: 1, position: 50, salience: 0.4}
"""


def test_csv_and_yaml_give_the_same_actors() -> None:
    from_csv = load_issue(CSV)
    assert from_csv.salience_percent  # 0-100 in the file
    uk = next(a for a in from_csv.actors if a.name == "UK")
    assert (uk.capability, uk.position, uk.salience, uk.risk) == (0.16, 10, 0.9, None)
    rows = "\n".join(f"  - {{name: {a.name}, capability: {a.capability}, position: {a.position}, "
                     f"salience: {a.salience}}}" for a in from_csv.actors)
    from_yaml = parse_issue("actors:\n" + rows)
    assert from_yaml.actors == from_csv.actors
    assert not from_yaml.salience_percent
    issue = parse_issue(YAML_ISSUE)
    assert issue.title == "Port fees"
    assert issue.actors[1].risk == 1.2


def test_actor_header_may_be_called_actor_and_case_does_not_matter() -> None:
    issue = parse_issue("Actor,Capability,Position,Salience\nA,1,0,50\nB,1,10,100\n", "csv")
    assert [(a.name, a.salience) for a in issue.actors] == [("A", 0.5), ("B", 1.0)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,capability\nA,1\n", "lacks: position, salience"),
        ("name,capability,position,salience\nA,x,1,1\n", "capability must be a number"),
        ("name,capability,position,salience\nA,1,1,150\nB,1,2,1\n", "above 100"),
        ("name,capability,position,salience\n,1,1,1\n", "no name"),
        ("actors: [1, 2]", "expected name"),
        ("actors: {a: 1}", "list under 'actors'"),
        ("actors: [\n", "not valid YAML"),
        ("name,capability,position,salience\nA,1,inf,1\n", "finite"),
    ],
)
def test_bad_actor_files_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(NegotiationError, match=message):
        parse_issue(text)


def test_scenarios_follow_the_salience_scale_of_the_actors_file() -> None:
    issue = load_issue(CSV)
    scenarios = parse_scenarios("scenarios:\n  - name: UK cares less\n    changes: {UK: {salience: 50}}\n",
                                issue)
    assert scenarios[0].changes == {"UK": {"salience": 0.5}}
    with pytest.raises(NegotiationError, match="no actor called 'Norway'"):
        parse_scenarios("scenarios: [{name: x, changes: {Norway: {salience: 1}}}]", issue)
    with pytest.raises(NegotiationError, match="'name' cannot change"):
        parse_scenarios("scenarios: [{name: x, changes: {UK: {name: y}}}]", issue)
    with pytest.raises(NegotiationError, match="non-empty list"):
        parse_scenarios("scenarios: []", issue)


def test_scenarios_are_compared_with_the_base_case() -> None:
    issue = parse_issue(YAML_ISSUE)
    scenarios = parse_scenarios("scenarios:\n  - name: Union joins the ministry\n"
                                "    changes: {Union: {position: 20}}\n", issue)
    report = analyse(issue, scenarios, Rules(max_rounds=5), sensitivity=False)
    assert report.forecasts.weighted_mean == pytest.approx(
        (3 * .9 * 20 + 2 * .6 * 80 + .4 * 50) / (2.7 + 1.2 + .4))
    shifted = report.scenarios[0].forecasts
    assert shifted.weighted_mean == pytest.approx((3 * .9 * 20 + 2 * .6 * 80 + .4 * 20) / (2.7 + 1.2 + .4))
    data = report.as_dict()
    assert data["scenarios"][0]["change_in_forecast"] == pytest.approx(
        shifted.expected_utility - report.forecasts.expected_utility, abs=1e-4)
    assert data["rounds"][0]["positions"].keys() == {"Ministry", "Operator", "Union"}


def test_sensitivity_finds_the_actor_that_decides_and_ignores_the_one_that_does_not() -> None:
    # A dictator: one actor holds nearly all the weight, so only its own position can move the forecast.
    issue = parse_issue("actors:\n  - {name: Big, capability: 100, position: 30, salience: 1}\n"
                        "  - {name: Small, capability: 1, position: 90, salience: 0.2}\n"
                        "  - {name: Tiny, capability: 1, position: 60, salience: 0.1}\n")
    report = analyse(issue, [], Rules(max_rounds=5))
    s = report.sensitivity
    assert s is not None
    assert report.forecasts.expected_utility == 30
    moved = {(row["actor"], row["field"]) for row in s.one_at_a_time if abs(row["change"]) > 1e-9}
    assert moved == {("Big", "position")}
    assert s.noise_low is not None and s.noise_low <= 30 <= s.noise_high


def test_cli_prints_forecasts_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["negotiate", str(CSV), "--no-sensitivity"])
    assert result.exit_code == 0, result.output
    assert "Weighted mean 7.39, weighted median 7" in result.output
    scenario = EXAMPLES / "eu_emissions_scenarios.yaml"
    result = runner.invoke(app, ["negotiate", str(CSV), "--scenario", str(scenario), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["forecasts"]["weighted_median"] == 7
    assert len(data["rounds"]) == 10 and len(data["scenarios"]) == 3
    assert data["sensitivity"]["one_at_a_time"]


def test_cli_errors_are_one_line_with_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"name,capability,position,salience\n\xff\xfe,1,1,1\n")
    for args in (["negotiate", str(bad)], ["negotiate", str(tmp_path / "missing.csv")],
                 ["negotiate", str(CSV), "--rules", "magic"], ["negotiate", str(CSV), "--rounds", "0"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
