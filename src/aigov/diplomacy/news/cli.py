"""`aigov news import|list|tone|reanalyse`: thin commands over :mod:`aigov.diplomacy.news.service`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

news_app = typer.Typer(
    help="News monitoring: articles from RSS/Atom feeds or JSON lines.", no_args_is_help=True
)


def _fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/] {message}", soft_wrap=True, highlight=False, markup=True)
    raise typer.Exit(2)


def _ready() -> None:
    from aigov.db import migrate
    from aigov.db.engine import get_engine

    try:
        migrate.ensure_up_to_date(get_engine())
    except migrate.DatabaseNotReady as exc:
        _fail(str(exc))


@news_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="An RSS 2.0 or Atom file, or JSON lines (one article a line).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import articles; re-importing adds nothing (same URL or guid). Exit 1 if some items were rejected."""
    from aigov.db.engine import session_factory
    from aigov.diplomacy.news.feeds import FeedError
    from aigov.diplomacy.news.service import import_file

    _ready()
    try:
        report = import_file(session_factory(), file)
    except FeedError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
    else:
        typer.echo(
            f"{report.kind}: {report.new} new, {report.duplicate} duplicate, {report.rejected} rejected"
        )
        for row in report.rejected_rows[:100]:
            typer.echo(f"  {'line' if report.kind == 'jsonl' else 'item'} {row['line']}: {row['reason']}")
        if len(report.rejected_rows) > 100:
            typer.echo(f"  ... and {len(report.rejected_rows) - 100} more (use --json for all)")
    if report.rejected:
        raise typer.Exit(1)


@news_app.command("list")
def list_command(
    country: Annotated[
        str | None, typer.Option(help="Only articles naming this country (ISO3, e.g. ARM).")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only articles with this topic tag.")] = None,
    language: Annotated[
        str | None, typer.Option(help="Only articles in this language (az, ru, en, tr).")
    ] = None,
    since: Annotated[datetime | None, typer.Option(help="Published on or after this day.")] = None,
    until: Annotated[datetime | None, typer.Option(help="Published on or before this day.")] = None,
    limit: Annotated[int, typer.Option(help="Most articles to show.")] = 20,
    translate_to: Annotated[
        str | None, typer.Option(help="Translate titles and summaries into this language.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Articles, newest first, with tone toward Azerbaijan, countries and tags."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.news.service import (
        ArticleFilters,
        NewsError,
        article_dict,
        check_country,
        findings,
        list_articles,
        translations,
    )

    if not 1 <= limit <= 1000:
        _fail("--limit must be between 1 and 1000")
    if translate_to is not None and translate_to not in ("az", "ru", "en", "tr"):
        _fail("--translate-to must be az, ru, en or tr")
    try:
        filters = ArticleFilters(
            country=check_country(country),
            tag=tag,
            language=language,
            since=since.replace(tzinfo=UTC) if since and since.tzinfo is None else since,
            until=(until.replace(tzinfo=UTC) if until.tzinfo is None else until) + timedelta(days=1)
            if until
            else None,
        )
    except NewsError as exc:
        _fail(str(exc))
        return
    _ready()
    with session_scope() as session:
        articles, total = list_articles(session, filters, limit=limit)
        countries, tags = findings(session, [a.id for a in articles])
        done = translations(session, articles, translate_to, fetch=True) if translate_to else None
        rows = [
            article_dict(
                a, countries.get(a.id, []), tags.get(a.id, []), done.by_article.get(a.id) if done else None
            )
            for a in articles
        ]
    if as_json:
        payload = {"total": total, "articles": rows}
        if done is not None:
            payload["translation"] = {
                "target": done.target,
                "backend": done.backend,
                "configured": done.configured,
                "error": done.error,
            }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if done is not None and done.error:
        console.print(f"[yellow]translation:[/] {done.error}", highlight=False)
    table = Table(
        "published",
        "title",
        "tone",
        "countries",
        "tags",
        "source",
        title=f"{total} article{'s' if total != 1 else ''}"
        + (f" (showing {len(rows)})" if total > len(rows) else ""),
    )
    for row in rows:
        title = (row.get("translation") or {}).get("title") or row["title"]
        tone = "–" if row["tone"] is None else f"{row['tone']:+.2f}"
        table.add_row(
            (row["published_at"] or "")[:10],
            title,
            tone,
            " ".join(row["countries"][:6]),
            ", ".join(row["tags"]),
            row["source"] or "",
        )
    console.print(table if rows else "No articles match.")


@news_app.command("tone")
def tone_command(
    country: Annotated[str, typer.Option(help="ISO3 code of the country, e.g. ARM.")],
    month: Annotated[str, typer.Option(help="The month, YYYY-MM.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The month's articles naming a country: their tone toward Azerbaijan, top tags and top articles."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.news.service import NewsError, tone_summary

    _ready()
    try:
        with session_scope() as session:
            summary = tone_summary(session, country=country, month=month)
    except NewsError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    tone = (
        "no article with a tone" if summary["mean_tone"] is None else f"mean tone {summary['mean_tone']:+.2f}"
    )
    typer.echo(
        f"{summary['country']} {summary['month']}: {summary['articles']} articles, "
        f"{summary['toned_articles']} speak of Azerbaijan ({tone})"
    )
    if summary["top_tags"]:
        typer.echo("tags: " + ", ".join(f"{t['tag']} {t['articles']}" for t in summary["top_tags"]))
    for article in summary["top_articles"]:
        typer.echo(f"  {(article['published_at'] or '')[:10]}  {article['title']}")


@news_app.command("reanalyse")
def reanalyse_command() -> None:
    """Analyse every stored article again (after editing the topic file or updating the models)."""
    from aigov.db.engine import session_scope
    from aigov.diplomacy.news.service import reanalyse

    _ready()
    with session_scope() as session:
        count = reanalyse(session)
    typer.echo(f"Analysed {count} articles again.")


def register(app: typer.Typer) -> None:
    """Add the `news` group to the `aigov` command line."""
    app.add_typer(news_app, name="news")
