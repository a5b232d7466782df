"""`aigov negotiate FILE [--scenario FILE] [--json]`: the expected-utility forecast beside mean and median."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def _fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/] {message}", soft_wrap=True, highlight=False, markup=True)
    raise typer.Exit(2)


def negotiate(
    file: Annotated[Path, typer.Argument(help="Actors: CSV or YAML with name, capability, position, salience "
                                              "(and optionally risk).")],
    scenario: Annotated[Path | None, typer.Option("--scenario", help="YAML/JSON scenarios to compare.")
                        ] = None,
    rules: Annotated[str, typer.Option(help="scholz2011 (the published replication) or textbook.")
                     ] = "scholz2011",
    rounds: Annotated[int, typer.Option(help="Most rounds to run (stops earlier once settled).")] = 10,
    sensitivity: Annotated[bool, typer.Option(help="Also test how the forecast moves with the inputs.")
                           ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Forecast a negotiation: Bueno de Mesquita's expected-utility model, round by round, with scenarios."""
    from aigov.diplomacy.negotiation.analysis import analyse
    from aigov.diplomacy.negotiation.inputs import load_issue, load_scenarios
    from aigov.diplomacy.negotiation.model import NegotiationError, Rules

    try:
        issue = load_issue(file)
        scenarios = load_scenarios(scenario, issue) if scenario else []
        report = analyse(issue, scenarios, Rules(variant=rules, max_rounds=rounds), sensitivity=sensitivity)
    except NegotiationError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    _print(report)


def _print(report) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    console = Console()
    f = report.forecasts
    if report.issue.title:
        console.print(f"[bold]{report.issue.title}[/]", highlight=False)
    state = "settled" if f.settled else "not settled"
    console.print(f"Expected-utility model ({report.rules.variant}): [bold]{f.expected_utility:.3g}[/] after "
                  f"{f.rounds} round{'s' if f.rounds != 1 else ''} ({state}); mean of the final positions "
                  f"{f.final_mean:.3g}", highlight=False)
    console.print(f"Weighted mean {f.weighted_mean:.3g}, weighted median {f.weighted_median:.3g} "
                  "(capability × salience, initial positions)", highlight=False)
    table = Table("actor", "start", "after each round", title="Positions by round")
    for actor in report.issue.actors:
        path = " → ".join(f"{r.end[actor.name]:.3g}" for r in report.base.rounds)
        table.add_row(actor.name, f"{actor.position:g}", path)
    table.add_row("[dim]weighted median[/]", f"{f.weighted_median:g}",
                  " → ".join(f"{r.median:.3g}" for r in report.base.rounds))
    console.print(table)
    moves = Table("round", "actor", "accepts", "offer of", "from", "to", title="Moves")
    for r in report.base.rounds:
        for m in r.moves:
            moves.add_row(str(r.number), m.actor, m.kind, m.partner, f"{m.old:.3g}", f"{m.new:.3g}")
    console.print(moves if moves.row_count else "No actor moved: the positions are stable.")
    if report.scenarios:
        compare = Table("scenario", "model", "change", "weighted mean", "weighted median", "settled",
                        title="Scenarios")
        compare.add_row("(as given)", f"{f.expected_utility:.3g}", "", f"{f.weighted_mean:.3g}",
                        f"{f.weighted_median:.3g}", "yes" if f.settled else "no")
        for s in report.scenarios:
            sf = s.forecasts
            change = sf.expected_utility - f.expected_utility
            compare.add_row(s.name, f"{sf.expected_utility:.3g}", f"{change:+.3g}", f"{sf.weighted_mean:.3g}",
                            f"{sf.weighted_median:.3g}", "yes" if sf.settled else "no")
        console.print(compare)
    if report.sensitivity:
        s = report.sensitivity
        if s.noise_low is not None:
            console.print(f"With every input jittered by up to ±10% ({s.noise_runs} runs), the forecast lies "
                          f"between {s.noise_low:.3g} and {s.noise_high:.3g} (10th-90th percentile), "
                          f"median {s.noise_median:.3g}.", highlight=False)
        top = Table("actor", "input", "±10%", "forecast", "change",
                    title="Inputs that move the forecast most")
        for row in s.one_at_a_time[:8]:
            top.add_row(row["actor"], row["field"], row["direction"], f"{row['forecast']:.3g}",
                        f"{row['change']:+.3g}")
        console.print(top)


def register(app: typer.Typer) -> None:
    """Add `negotiate` to the `aigov` command group."""
    app.command("negotiate")(negotiate)
