"""`aigov translate TEXT... --to en`: try the configured translator (or hear that none is configured)."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def translate(
    texts: Annotated[list[str], typer.Argument(help="Texts to translate.")],
    target: Annotated[str, typer.Option("--to", help="Target language: az, ru, en or tr.")] = "en",
    source: Annotated[str | None, typer.Option("--from", help="Source language (default: detect).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Translate with the configured back end; exit 2 when none is configured or it fails."""
    from rich.console import Console

    from aigov.translation import get_translator, translate_safely

    if source is None:
        from aigov.analysis.language import detect

        detected = {r["language"] for r in detect(texts)} - {None}
        source = detected.pop() if len(detected) == 1 else None
    outcome = translate_safely(get_translator(), list(texts), source, target)
    if as_json:
        typer.echo(json.dumps({"backend": outcome.backend, "configured": outcome.configured, "source": source,
                               "target": target, "translations": outcome.texts, "error": outcome.error},
                              ensure_ascii=False))
    elif outcome.ok:
        for text in outcome.texts or []:
            typer.echo(text)
    else:
        Console(stderr=True).print(f"[red]error:[/] {outcome.error}", highlight=False, soft_wrap=True)
    if not outcome.ok:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add `translate` to the `aigov` command group."""
    app.command("translate")(translate)
