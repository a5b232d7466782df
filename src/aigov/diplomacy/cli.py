"""`aigov events`, `aigov relations`, `aigov forecast` and `aigov brief`: thin commands over the services."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer

events_app = typer.Typer(help="Event data (ICEWS, GDELT, ACLED): import and status.", no_args_is_help=True)
forecast_app = typer.Typer(help="Early warning of material-conflict escalation.", no_args_is_help=True)
FORMAT_CHOICES = ("auto", "icews", "icews_kg", "gdelt", "acled")
FORMAT_HELP = "auto, icews, icews_kg, gdelt or acled."


def _fail(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


def _ready() -> None:
    from aigov.db import migrate
    from aigov.db.engine import get_engine

    try:
        migrate.ensure_up_to_date(get_engine())
    except migrate.DatabaseNotReady as exc:
        _fail(str(exc))


def _known_errors() -> tuple[type[Exception], ...]:
    from aigov.diplomacy.actors import ActorReferenceError
    from aigov.diplomacy.barometer.service import BarometerError
    from aigov.diplomacy.cameo import CameoError
    from aigov.diplomacy.events.formats import EventFileError
    from aigov.diplomacy.forecast.model import NotEnoughHistory

    return (EventFileError, BarometerError, NotEnoughHistory, CameoError, ActorReferenceError)


def _format(value: str) -> Any:
    if value not in FORMAT_CHOICES:
        _fail(f"--format must be one of {', '.join(FORMAT_CHOICES)}")
    return None if value == "auto" else value


@events_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An ICEWS, ICEWS knowledge-graph, GDELT or ACLED file.")],
    file_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "auto",
    top: Annotated[int, typer.Option(help="How many unknown actors to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import events; re-importing the same file stores nothing new. Exit 1 if some rows were rejected."""
    from aigov.db.engine import session_factory
    from aigov.diplomacy.events.ingest import import_file

    chosen = _format(file_format)
    if not 0 <= top <= 1000:
        _fail("--top must be between 0 and 1000")
    _ready()
    try:
        report = import_file(session_factory(), file, file_format=chosen)
    except _known_errors() as exc:
        _fail(str(exc))
        return
    data = report.as_dict(top)
    if as_json:
        _echo_json(data)
    else:
        typer.echo(
            f"{data['file']} ({data['format']}): {data['read']} read, {data['stored']} stored, "
            f"{data['duplicates']} duplicate, {data['rejected']} rejected in {data['seconds']} s"
        )
        typer.echo(
            f"{data['unresolved_events']} events with an actor not placed in a country "
            f"({data['distinct_unknown_actors']} distinct unknown actors); "
            f"{data['uncoded_events']} events with no CAMEO code"
        )
        if data["top_unknown_actors"]:
            typer.echo("Most frequent unknown actors (add them to diplomacy/actors/actors.yaml):")
            for item in data["top_unknown_actors"]:
                typer.echo(f"  {item['events']:>6}  {item['name']}")
        for row in data["rejected_rows"][:20]:
            typer.echo(f"  line {row['line']}: {row['reason']}")
        if report.rejected > 20:
            typer.echo(f"  ... and {report.rejected - 20} more rejected rows (--json lists the first 100)")
    if report.rejected:
        raise typer.Exit(1)


@events_app.command("status")
def status_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """What is stored: events per format, the months they cover, the last imports."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.events.service import status

    _ready()
    with session_scope() as session:
        data = status(session)
    if as_json:
        _echo_json(data)
        return
    typer.echo(f"{data['events']} events, {data['first_month'] or '-'} to {data['last_month'] or '-'}")
    for fmt, n in data["by_format"].items():
        typer.echo(f"  {fmt}: {n}")
    for item in data["imports"]:
        typer.echo(
            f"  import {item['id']}: {item['file']} ({item['format']}, {item['status']}): "
            f"{item['stored']} stored, {item['duplicates']} duplicate, {item['rejected']} rejected"
        )


def relations_command(
    a: Annotated[str, typer.Argument(help="ISO3 code of one country (AZE).")],
    b: Annotated[str, typer.Argument(help="ISO3 code of the other (ARM).")],
    start: Annotated[str, typer.Option("--from", help="First month, YYYY-MM.")],
    end: Annotated[str, typer.Option("--to", help="Last month, YYYY-MM.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The relations barometer of two countries: monthly counts per QuadClass, Goldstein index, top events."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.barometer.service import period, relations
    from aigov.diplomacy.cameo import catalogue

    try:
        first, last = period(start, end)
        _ready()
        with session_scope() as session:
            data = relations(session, a, b, first, last).as_dict()
    except _known_errors() as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(data)
        return
    cameo = catalogue()
    typer.echo(
        f"{data['a']}-{data['b']} {data['from']} to {data['to']}: {data['events']} events "
        f"({', '.join(f'{k}: {v}' for k, v in data['directed'].items())})"
    )
    typer.echo("month     verbal-coop  material-coop  verbal-conflict  material-conflict  Goldstein-index")
    for row in data["months"]:
        index = "-" if row["index"] is None else f"{row['index']:+.2f}"
        typer.echo(
            f"{row['month']}  {row['quad_1']:>11}  {row['quad_2']:>13}  {row['quad_3']:>15}  "
            f"{row['quad_4']:>17}  {index:>15}"
        )
    if data["top_events"]:
        typer.echo("Most frequent events:")
        for item in data["top_events"]:
            typer.echo(f"  {item['events']:>5}  {item['event']} ({cameo.quad_name(item['quad_class'])})")
    if data["notable"]:
        typer.echo("Notable events:")
        for item in data["notable"]:
            typer.echo(
                f"  {item['date']}  {item['source']} -> {item['event']} -> {item['target']} "
                f"({item['goldstein']:+.1f})"
            )


@forecast_app.command("backtest")
def backtest_command(
    events: Annotated[list[Path], typer.Option("--events", help="An event file (repeat for several).")],
    train_until: Annotated[str, typer.Option("--train-until", help="Last training month, YYYY-MM.")],
    test_until: Annotated[
        str | None, typer.Option("--test-until", help="Last test month (default: the end).")
    ] = None,
    refit_every: Annotated[int, typer.Option(help="Refit the model every N test months (1: monthly).")] = 1,
    file_format: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "auto",
    out: Annotated[Path | None, typer.Option("--out", help="Also write every forecast to this CSV.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rolling-origin backtest: Brier, AUPR and ROC-AUC of the model, persistence and climatology."""
    from aigov.diplomacy.events.frame import frame_from_files, parse_month
    from aigov.diplomacy.forecast.backtest import run_backtest

    chosen = _format(file_format)
    if not 1 <= refit_every <= 24:
        _fail("--refit-every must be between 1 and 24")
    try:
        origin = parse_month(train_until)
        until = parse_month(test_until) if test_until else None
    except ValueError as exc:
        _fail(str(exc))
        return
    try:
        frame, reports = frame_from_files(events, chosen)
        result = run_backtest(frame, train_until=origin, test_until=until, refit_every=refit_every)
    except _known_errors() as exc:
        _fail(str(exc))
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    summary = result.summary()
    summary["events"] = {
        "files": [r.file_name for r in reports],
        "read": sum(r.rows_read for r in reports),
        "used": len(frame),
        "rejected": sum(r.rejected for r in reports),
        "duplicates": sum(r.duplicates for r in reports),
    }
    if out is not None:
        try:
            with out.open("w", newline="", encoding="utf-8") as handle:
                rows = result.rows()
                writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["unit"])
                writer.writeheader()
                writer.writerows(rows)
        except OSError as exc:
            _fail(f"cannot write {out.name}: {exc.strerror or type(exc).__name__}")
    if as_json:
        _echo_json(summary)
        return
    typer.echo(
        f"Test months {summary['test_from']} to {summary['test_until']} (trained until "
        f"{summary['train_until']}, refit every {refit_every} month(s)): "
        f"{summary['forecasts']} forecasts, {summary['escalations']} escalations"
    )
    typer.echo("predictor     Brier     AUPR   ROC-AUC")
    for name in ("model", "persistence", "climatology"):
        s = summary[name]
        typer.echo(f"{name:<12} {_num(s['brier'], 5)}  {_num(s['aupr'], 4)}  {_num(s['roc_auc'], 4)}")
    typer.echo(
        f"Model beats both baselines: Brier {summary['beats_baselines']['brier']}, "
        f"AUPR {summary['beats_baselines']['aupr']}"
    )


def _num(value: float | None, digits: int) -> str:
    return "   -   " if value is None else f"{value:.{digits}f}"


@forecast_app.command("next")
def next_command(
    country: Annotated[str | None, typer.Option(help="Show this country (ISO3) and its dyads.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Last month of data to use, YYYY-MM.")] = None,
    events: Annotated[
        list[Path] | None, typer.Option("--events", help="Read these files instead of the stored events.")
    ] = None,
    top: Annotated[int, typer.Option(help="Without --country: how many of the highest forecasts.")] = 15,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Forecasts for the next month with the drivers that raised or lowered them."""
    from aigov.diplomacy.barometer.service import country_code
    from aigov.diplomacy.events.frame import frame_from_files, parse_month
    from aigov.diplomacy.forecast.service import forecast_next, stored_next, with_drivers

    try:
        code = country_code(country) if country else None
        month = parse_month(as_of) if as_of else None
        if events:
            result = forecast_next(frame_from_files(events)[0], as_of=month)
        else:
            from aigov.db.engine import session_scope

            _ready()
            with session_scope() as session:
                result = stored_next(session, as_of=month)
    except _known_errors() as exc:
        _fail(str(exc))
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    chosen = with_drivers(result, result.for_country(code)) if code else result.forecasts[: max(top, 0)]
    if as_json:
        _echo_json(result.as_dict(chosen))
        return
    typer.echo(
        f"Forecasts for {result.month} (data up to {result.as_of}; escalation base rate "
        f"{result.base_rate:.1%}):"
    )
    if not chosen:
        typer.echo("  no forecast: no events for it in the 12 months before" if code else "  none")
    for forecast in chosen:
        typer.echo(
            f"  {forecast.unit:<8} {forecast.probability:6.1%}  (last month {forecast.last_count} "
            f"material-conflict events; {forecast.needed}+ would be an escalation)"
        )
        for driver in forecast.drivers[:4]:
            arrow = "raises" if driver["direction"] == "up" else "lowers"
            typer.echo(f"      {arrow} {driver['driver']} ({driver['effect']:+.2f} log-odds)")


def brief_command(
    country: Annotated[str, typer.Option(help="ISO3 code of the country (ARM).")],
    month: Annotated[str, typer.Option(help="The month to brief on, YYYY-MM.")],
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    lang: Annotated[str, typer.Option(help="Language of the briefing: az, ru or en.")] = "en",
) -> None:
    """A self-contained HTML briefing: barometer, notable events, forecast and drivers, news tone."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.brief.render import build_brief

    if lang not in ("az", "ru", "en"):
        _fail("--lang must be az, ru or en")
    try:
        _ready()
        with session_scope() as session:
            html = build_brief(session, country=country, month=month, locale=lang)
    except _known_errors() as exc:
        _fail(str(exc))
        return
    except ValueError as exc:
        _fail(str(exc))
        return
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {out.name}: {exc.strerror or type(exc).__name__}")
    typer.echo(f"Briefing on {country.upper()} for {month} written to {out} ({len(html) // 1024} KiB)")


def register(app: typer.Typer) -> None:
    """Add the diplomacy commands to the `aigov` command line."""
    app.add_typer(events_app, name="events")
    app.add_typer(forecast_app, name="forecast")
    app.command("relations")(relations_command)
    app.command("brief")(brief_command)
