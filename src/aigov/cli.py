"""The `aigov` command line: one group, thin commands that call services and print."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from aigov import __version__

app = typer.Typer(
    help="aigov: citizen messages analysed with privacy and accountability built in.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema and reference data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
outbox_app = typer.Typer(help="Answers waiting to go back to citizens.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")
from aigov.ml.cli import register as _register_ml; _register_ml(app)  # noqa: E402, E702, I001
from aigov.audit.cli import register as _register_audit; _register_audit(app)  # noqa: E402, E702, I001
from aigov.privacy.cli import register as _register_privacy; _register_privacy(app)  # noqa: E402, E702, I001
from aigov.accounts.cli import register as _register_accounts; _register_accounts(app)  # noqa: E402, E702, I001
from aigov.diplomacy.negotiation.cli import register as _register_negotiation; _register_negotiation(app)  # noqa: E402, E702, I001, E501
from aigov.translation.cli import register as _register_translation; _register_translation(app)  # noqa: E402, E702, I001
from aigov.diplomacy.news.cli import register as _register_news; _register_news(app)  # noqa: E402, E702, I001
from aigov.diplomacy.cli import register as _register_diplomacy; _register_diplomacy(app)  # noqa: E402, E702, I001
from aigov.assistant.cli import app as _assistant_app; app.add_typer(_assistant_app, name="assistant")  # noqa: E402, E702, I001, E501

out = Console()
err = Console(stderr=True)


class CliError(Exception):
    """An error to show the user as one clear line (exit code 2)."""


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    from aigov.config import get_settings

    logging.basicConfig(level=get_settings().log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for chatty in ("alembic", "presidio-analyzer", "presidio-anonymizer"):  # the commands say what they did
        logging.getLogger(chatty).setLevel(logging.WARNING)
    if version:
        out.print(f"aigov {__version__}")
        raise typer.Exit()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema, then load the reference data (regions, topics, agencies)."""
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope
    from aigov.reference.service import sync_reference_data

    engine = get_engine()
    migrate.upgrade(engine)
    with session_scope() as session:
        counts = sync_reference_data(session)
    out.print(f"Database at {engine.url.render_as_string(hide_password=True)} is up to date.")
    out.print("Reference data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@db_app.command("status")
def db_status() -> None:
    """Say whether the database schema is up to date."""
    from aigov.db import migrate
    from aigov.db.engine import get_engine

    migrate.ensure_up_to_date(get_engine())
    out.print("The database schema is up to date.")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (share the database).")] = 1,
) -> None:
    """Serve the web app and API (refuses to start on an un-migrated database)."""
    import uvicorn

    from aigov.db import migrate
    from aigov.db.engine import get_engine

    migrate.ensure_up_to_date(get_engine())
    _warn_without_accounts()
    out.print(f"aigov {__version__} serving on http://{host}:{port}")
    # uvicorn's own access log prints query strings, which may carry personal data: aigov logs its own.
    uvicorn.run("aigov.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="info", access_log=False)


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="A CSV or JSONL file of messages.")],
    file_format: Annotated[str, typer.Option("--format", help="auto, csv or jsonl.")] = "auto",
    text_col: Annotated[str, typer.Option(help="Column with the message text.")] = "text",
    id_col: Annotated[str, typer.Option(help="Column with the channel's message id.")] = "external_id",
    channel_col: Annotated[str, typer.Option(help="Column with the channel name.")] = "channel",
    time_col: Annotated[str, typer.Option(help="Column with the time received (ISO 8601).")] = "received_at",
    region_col: Annotated[str, typer.Option(help="Column with a region or district code.")] = "region",
    channel: Annotated[str, typer.Option(help="Channel for rows that name none.")] = "import",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import messages; re-importing the same file adds nothing. Exit 1 if some rows were rejected."""
    from aigov.analysis.default import default_pipeline
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_factory
    from aigov.messages.files import ColumnMap
    from aigov.messages.ingest import ingest_file

    if file_format not in {"auto", "csv", "jsonl"}:
        raise CliError("--format must be auto, csv or jsonl")
    migrate.ensure_up_to_date(get_engine())
    columns = ColumnMap(text=text_col, external_id=id_col, channel=channel_col, received_at=time_col,
                        region=region_col, default_channel=channel)
    pipeline = default_pipeline()
    with _progress(as_json) as progress:
        task = progress.add_task("Ingesting", total=None)
        report = ingest_file(
            session_factory(), file, pipeline, columns=columns,
            file_format=None if file_format == "auto" else file_format,  # type: ignore[arg-type]
            on_progress=lambda n: progress.advance(task, n),
        )
    if as_json:
        out.print_json(report.model_dump_json())
    else:
        out.print(f"[bold]{report.new}[/] new, [bold]{report.duplicate}[/] duplicate, "
                  f"[bold]{report.rejected}[/] rejected")
        if report.rejected_rows:
            table = Table("line", "reason", title="Rejected rows")
            for row in report.rejected_rows[:100]:
                table.add_row(str(row.line), row.reason)
            out.print(table)
            if len(report.rejected_rows) > 100:
                out.print(f"... and {len(report.rejected_rows) - 100} more (use --json for all)")
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def analyze(
    since: Annotated[datetime | None, typer.Option(help="Only messages received since (ISO date).")] = None,
) -> None:
    """Re-run the analysis pipeline over stored messages (all, or those received since a date)."""
    from aigov.analysis.default import default_pipeline
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope
    from aigov.messages.service import reanalyse

    migrate.ensure_up_to_date(get_engine())
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    with _progress(False) as progress:
        progress.add_task("Analysing", total=None)
        with session_scope() as session:
            count = reanalyse(session, default_pipeline(), since=since)
    out.print(f"Analysed {count} messages with pipeline {default_pipeline().version}.")


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A message to analyse (nothing is stored).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Analyse one text and show what every stage found and why."""
    from aigov.analysis.default import default_pipeline

    pipeline = default_pipeline()
    item = pipeline.analyse_texts([text])[0]
    result = {
        "language": item.language, "redacted": item.redacted, "sentiment": item.sentiment,
        "sentiment_score": item.sentiment_score, "topic": item.topic, "urgency": item.urgency,
        "urgency_reasons": item.urgency_reasons, "region": item.region, "district": item.district,
        "pipeline_version": pipeline.version, "explanations": item.explanations,
    }
    if as_json:
        out.print_json(json.dumps(result, ensure_ascii=False, default=str))
        return
    for key, value in result.items():
        if key != "explanations":
            out.print(f"[bold]{key}[/]: {value}")
    for stage, why in item.explanations.items():
        out.print(f"[dim]{stage}[/]: {json.dumps(why, ensure_ascii=False, default=str)}")


@app.command()
def demo(
    messages: Annotated[int, typer.Option(help="How many demo messages to create.")] = 600,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same messages).")] = 7,
) -> None:
    """Create or update the database and fill it with generated demo messages (no outside data)."""
    from aigov.analysis.default import default_pipeline
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_factory, session_scope
    from aigov.demo.generator import generate_demo_messages
    from aigov.messages.schemas import MessageIn
    from aigov.messages.service import intake
    from aigov.reference.service import sync_reference_data

    if messages < 1 or messages > 100_000:
        raise CliError("--messages must be between 1 and 100000")
    migrate.upgrade(get_engine())
    with session_scope() as session:
        sync_reference_data(session)
    generated = generate_demo_messages(messages, seed=seed)
    items = [MessageIn(text=m.text, channel=m.channel, external_id=m.external_id,
                       received_at=m.received_at, region=m.region) for m in generated]
    pipeline = default_pipeline()
    new = 0
    with _progress(False) as progress:
        task = progress.add_task("Loading demo messages", total=len(items))
        for start in range(0, len(items), 200):
            batch = items[start : start + 200]
            with session_factory()() as session, session.begin():
                new += sum(o.status == "new" for o in intake(session, batch, pipeline))
            progress.advance(task, len(batch))
    from aigov.demo.activity import simulate_officer_work

    with session_scope() as session:
        answered = simulate_officer_work(session, seed=seed)
    out.print(f"Demo data: {new} new messages ({len(items) - new} already there); "
              f"{answered} older cases answered by demo officers.")
    _demo_accounts()


def _warn_without_accounts() -> None:
    """Say how to create the first account when there is none (the staff pages need a sign-in)."""
    from aigov.accounts.service import list_users
    from aigov.db.engine import session_scope

    with session_scope() as session:
        if not list_users(session):
            err.print("No accounts yet: create one with [bold]aigov users create NAME --role admin[/] "
                      "(or run aigov demo for demo accounts).")


def _demo_accounts() -> None:
    """One demo account per role, with a new random password printed each run (the old one stops working)."""
    import secrets

    from aigov.accounts.service import ensure_demo_accounts
    from aigov.db.engine import session_scope

    password = "demo-" + secrets.token_hex(6)
    with session_scope() as session:
        users = [(u.username, u.role, u.agency_code)
                 for u in ensure_demo_accounts(session, password=password)]
    out.print("Demo accounts (sign in at /login), password for each: [bold]" + password + "[/]")
    for username, role, agency in users:
        out.print(f"  {username:14} {role}" + (f" of {agency}" if agency else ""))


@app.command()
def sla(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    day: Annotated[datetime | None, typer.Option("--date", help="As of this day (default: today).")] = None,
    escalate: Annotated[bool, typer.Option(
        "--escalate", help="First move every open case past its due date to the agency head's queue.",
    )] = False,
) -> None:
    """Deadline compliance per agency: open, due soon, breached, answered in time, median working days."""
    from aigov.cases.service import escalate_breached, sla_report
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope

    if escalate and day is not None:
        raise CliError("--escalate works on the cases as they are now: leave out --date")
    migrate.ensure_up_to_date(get_engine())
    escalated: list[str] = []
    with session_scope() as session:
        if escalate:
            escalated = [case.reference for case in escalate_breached(session)]
        rows = [row.as_dict() for row in sla_report(session, today=day.date() if day else None)]
    if as_json:
        out.print_json(json.dumps({"agencies": rows, **({"escalated": escalated} if escalate else {})}))
        return
    if escalate:
        out.print(f"Escalated {len(escalated)} case{'' if len(escalated) == 1 else 's'} past the due date "
                  "to the agency head" + (f": {', '.join(escalated[:20])}" if escalated else "."))
        if len(escalated) > 20:
            out.print(f"... and {len(escalated) - 20} more (use --json for all)")
    table = Table("agency", "open", "due soon", "breached", "answered", "in time", "median days", "signals")
    for row in rows:
        share = "–" if row["in_time_share"] is None else f"{row['in_time_share']:.0%}"
        median = "–" if row["median_days_to_answer"] is None else f"{row['median_days_to_answer']:g}"
        counts = [str(row[k]) for k in ("open", "due_soon", "breached", "answered")]
        table.add_row(str(row["agency"] or "(triage)"), *counts, share, median, str(row["signals"]))
    out.print(table if rows else "No cases yet.")


@outbox_app.command("send")
def outbox_send(
    limit: Annotated[int, typer.Option(help="Send at most this many messages in this run.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Send queued answers through their channels; failed ones are retried on later runs, with back-off."""
    from aigov.channels.outbox import backlog, deliver
    from aigov.db import migrate, models  # noqa: F401  (every table the outbox refers to)
    from aigov.db.engine import get_engine, session_scope

    if not 1 <= limit <= 10_000:
        raise CliError("--limit must be between 1 and 10000")
    migrate.ensure_up_to_date(get_engine())
    with session_scope() as session:
        report = deliver(session, limit=limit)
        left = backlog(session)
    if as_json:
        out.print_json(json.dumps({**report.as_dict(), "left": left}))
        return
    out.print(f"[bold]{report.sent}[/] sent, [bold]{report.retry}[/] failed (will be retried), "
              f"[bold]{report.failed}[/] failed for good")
    out.print(f"Left: {left['queued']} queued, {left['waiting']} waiting to be retried, "
              f"{left['failed']} given up.")


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=quiet or not err.is_terminal, transient=True)


def main() -> None:
    """Entry point: known problems print one clear line and exit 2; nothing prints a traceback."""
    from aigov.db.migrate import DatabaseNotReady
    from aigov.messages.files import FileFormatError
    from aigov.reference.loader import ReferenceDataError

    try:
        app()
    except (CliError, DatabaseNotReady, FileFormatError, ReferenceDataError) as exc:
        err.print(f"[red]error:[/] {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)

    except Exception as exc:  # never show a traceback (it may quote personal data)
        from pydantic import ValidationError
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, ValidationError):  # a setting from the environment or aigov.toml (values unquoted)
            for problem in exc.errors():
                name = "AIGOV_" + "_".join(str(part) for part in problem["loc"]).upper()
                err.print(f"[red]error:[/] {name}: {problem['msg']}")
        elif isinstance(exc, OperationalError):
            err.print("[red]error:[/] cannot reach the database; check AIGOV_DATABASE_URL")
        else:
            err.print(f"[red]error:[/] unexpected {type(exc).__name__}")
        sys.exit(2)
