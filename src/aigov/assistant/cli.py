"""`aigov assistant ...`: ask, evaluate, import and list the knowledge base, forget idle conversations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="The citizen service assistant and its knowledge base.", no_args_is_help=True)
kb_app = typer.Typer(
    help="The knowledge base: import an agency's CSV catalogue, list, check.", no_args_is_help=True
)
app.add_typer(kb_app, name="kb")

IdCol = Annotated[str, typer.Option("--id-col", help="CSV column with each entry's id.")]
TitleCol = Annotated[str, typer.Option("--title-col", help="CSV column with the title.")]
BodyCol = Annotated[str | None, typer.Option("--body-col", help="CSV column with the text (optional).")]
LangCol = Annotated[str | None, typer.Option("--lang-col", help="CSV column naming each row's language.")]
Language = Annotated[str, typer.Option("--language", help="Language of rows without one: az, ru or en.")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _columns(
    id_col: str,
    title_col: str,
    body_col: str | None,
    lang_col: str | None,
    language: str,
    agency_col: str | None = None,
    source_col: str | None = None,
):  # type: ignore[no-untyped-def]
    from aigov.assistant.kb import CsvColumns

    return CsvColumns(
        id=id_col,
        title=title_col,
        body=body_col,
        language=lang_col,
        agency=agency_col,
        source=source_col,
        default_language=language,
    )


@app.command("ask")
def ask_command(
    question: Annotated[str, typer.Argument(help="The citizen's question, in az, ru or en.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    kb: Annotated[
        Path | None,
        typer.Option(
            "--kb",
            help="Answer from this folder or CSV instead of the knowledge base in use (no database needed).",
        ),
    ] = None,
    id_col: IdCol = "id",
    title_col: TitleCol = "title",
    body_col: BodyCol = None,
    lang_col: LangCol = None,
    language: Language = "en",
    generator_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint (…/v1).")] = None,
) -> None:
    """Answer one question: the answer, the cited entries and a confidence."""
    from aigov.assistant.generator import OpenAICompatibleGenerator
    from aigov.assistant.kb import KBError, load_any
    from aigov.assistant.retrieval import Index, load_embedder
    from aigov.assistant.service import AssistantError, answer_question, default_generator

    generator = OpenAICompatibleGenerator(generator_url) if generator_url else default_generator()
    try:
        if kb is not None:
            from aigov.assistant.config import assistant_settings

            entries = load_any(kb, _columns(id_col, title_col, body_col, lang_col, language))
            index = Index(entries, embedder=load_embedder(assistant_settings().embeddings))
        else:
            index = _database_index()
        answer, _topic = answer_question(index, question, generator=generator)
    except (KBError, AssistantError) as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(answer.text)
    cited = ", ".join(e["id"] for e in answer.entries) or "none"
    typer.echo(f"\n[confidence {answer.confidence:.2f}; entries: {cited}]")


def _database_index():  # type: ignore[no-untyped-def]
    """The knowledge base in use: the starter (or configured) entries plus the imported ones."""
    from aigov.assistant.service import base_entries, current_index

    try:
        from aigov.db import migrate
        from aigov.db.engine import get_engine, session_scope

        migrate.ensure_up_to_date(get_engine())
        with session_scope() as session:
            return current_index(session)
    except Exception:  # no database yet: the packaged knowledge base still answers
        from aigov.assistant.config import assistant_settings
        from aigov.assistant.retrieval import Index, load_embedder

        return Index(base_entries(), embedder=load_embedder(assistant_settings().embeddings))


@app.command("eval")
def eval_command(
    kb: Annotated[Path, typer.Option("--kb", help="A folder of Markdown entries or a CSV catalogue.")],
    data: Annotated[Path, typer.Option("--data", help='JSONL: {"question": ..., "expected_ids": [...]}.')],
    id_col: IdCol = "id",
    title_col: TitleCol = "title",
    body_col: BodyCol = None,
    lang_col: LangCol = None,
    language: Language = "en",
    min_confidence: Annotated[
        float | None, typer.Option(help="Refusal threshold (default: the setting).")
    ] = None,
    misses: Annotated[bool, typer.Option("--misses", help="List the questions not found first.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """recall_at_1, recall_at_5 and mrr of retrieval (overall and per language), and refusals of questions
    whose expected_ids is empty (outside the knowledge base)."""
    from aigov.assistant.config import assistant_settings
    from aigov.assistant.evaluate import evaluate, read_questions
    from aigov.assistant.kb import KBError, load_any
    from aigov.assistant.retrieval import Index, load_embedder

    settings = assistant_settings()
    try:
        entries = load_any(kb, _columns(id_col, title_col, body_col, lang_col, language))
        questions = read_questions(data)
    except KBError as exc:
        _fail(str(exc))
        return
    index = Index(entries, embedder=load_embedder(settings.embeddings))
    threshold = settings.min_confidence if min_confidence is None else min_confidence
    result = evaluate(index, questions, min_confidence=threshold, show_misses=misses)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"{result['n']} questions, {result['entries']} entries: recall@1 {result['recall_at_1']}, "
        f"recall@5 {result['recall_at_5']}, MRR {result['mrr']}"
    )
    for lang, figures in result["per_language"].items():
        typer.echo(
            f"  {lang}: n={figures['n']} recall@1 {figures['recall_at_1']} recall@5 "
            f"{figures['recall_at_5']} MRR {figures['mrr']}"
            + (
                f"; out of KB refused {figures['out_of_kb_refused']}"
                if "out_of_kb_refused" in figures
                else ""
            )
        )
    for miss in result.get("misses", []):
        typer.echo(f"  miss: rank {miss['rank']} expected {miss['expected']} top {miss['top']}")


@kb_app.command("import")
def kb_import(
    file: Annotated[Path, typer.Argument(help="A CSV catalogue (UTF-8; comma, semicolon or tab separated).")],
    id_col: IdCol = "id",
    title_col: TitleCol = "title",
    body_col: BodyCol = None,
    lang_col: LangCol = None,
    agency_col: Annotated[str | None, typer.Option("--agency-col", help="Column with the agency.")] = None,
    source_col: Annotated[str | None, typer.Option("--source-col", help="Column with a source URL.")] = None,
    language: Language = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Load an agency's catalogue into the knowledge base (re-importing replaces entries of the same id).
    Exit 1 if some rows were rejected (the good ones are stored)."""
    from aigov.assistant.kb import KBError, read_csv
    from aigov.assistant.service import import_entries
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope

    try:
        report = read_csv(
            file, _columns(id_col, title_col, body_col, lang_col, language, agency_col, source_col)
        )
    except KBError as exc:
        _fail(str(exc))
        return
    migrate.ensure_up_to_date(get_engine())
    with session_scope() as session:
        new, replaced = import_entries(session, report.entries)
    result = {
        "new": new,
        "replaced": replaced,
        "rejected": len(report.rejected),
        "rejected_rows": [{"line": line, "reason": reason} for line, reason in report.rejected[:100]],
    }
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        typer.echo(f"{new} new, {replaced} replaced, {len(report.rejected)} rejected")
        for line, reason in report.rejected[:100]:
            typer.echo(f"  line {line}: {reason}")
    if report.rejected:
        raise typer.Exit(1)


@kb_app.command("list")
def kb_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The entries in use: id, languages, whether verified, source."""
    index = _database_index()
    rows = [
        {"id": e.id, "languages": e.languages, "verified": e.verified, "origin": e.origin, "source": e.source}
        for e in index.entries
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = "verified" if row["verified"] else "unverified"
        typer.echo(f"{row['id']:32} {','.join(row['languages']):9} {mark:10} {row['source'] or ''}")


@kb_app.command("check")
def kb_check(folder: Annotated[Path, typer.Argument(help="A folder of Markdown entries.")]) -> None:
    """Validate a folder of Markdown entries (front matter, ids, eligibility rules)."""
    from aigov.assistant.kb import KBError, load_directory

    try:
        entries = load_directory(folder)
    except KBError as exc:
        _fail(str(exc))
        return
    unverified = sum(not e.verified for e in entries)
    typer.echo(f"{len(entries)} entries are valid ({unverified} marked unverified)")


@app.command("forget")
def forget(
    days: Annotated[
        int | None, typer.Option(help="Idle days (default: the retention policy's `conversations` period).")
    ] = None,
) -> None:
    """Delete conversations idle for longer than the retention period."""
    from aigov.assistant.service import forget_idle
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope

    if days is not None and days < 1:
        _fail("--days must be at least 1")
    migrate.ensure_up_to_date(get_engine())
    with session_scope() as session:
        removed = forget_idle(session, older_than_days=days)
    typer.echo(f"{removed} idle conversations deleted")
