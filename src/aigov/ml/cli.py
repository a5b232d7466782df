"""`aigov train` and `aigov eval`: thin commands over :mod:`aigov.ml.train` and :mod:`aigov.ml.evaluate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

EVAL_TASKS = ("sentiment", "topic", "urgency", "pii")


def _fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/] {message}", soft_wrap=True, markup=True, highlight=False)
    raise typer.Exit(2)


def _known_errors() -> tuple[type[Exception], ...]:
    from aigov.ml.datasets import DataError
    from aigov.ml.encoders import EncoderUnavailable
    from aigov.ml.modelstore import ModelError

    return (DataError, ModelError, EncoderUnavailable)


def train(
    task: Annotated[str, typer.Argument(help="sentiment, topic or urgency.")],
    data: Annotated[list[Path], typer.Option("--data", help="A labelled CSV file (repeat for several).")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model and its card to.")],
    text_col: Annotated[str, typer.Option(help="Column with the text.")] = "text",
    label_col: Annotated[str, typer.Option(help="Column with the label.")] = "label",
) -> None:
    """Train a model from labelled CSV files; writes model.joblib, card.json and card.md to --out."""
    from aigov.ml.train import train_model

    try:
        card = train_model(task, data, out, text_col=text_col, label_col=label_col)
    except _known_errors() as exc:
        _fail(str(exc))
        return
    rows = sum(d["rows"] for d in card["training_data"])
    typer.echo(f"Trained {task} model {card['content_hash']} on {rows} rows "
               f"(labels: {', '.join(card['labels'])}) -> {out}")


def evaluate(
    task: Annotated[str, typer.Argument(help="sentiment, topic, urgency or pii.")],
    data: Annotated[Path, typer.Option("--data", help="A labelled CSV file (JSONL for pii).")],
    model: Annotated[Path | None, typer.Option(
        "--model", help="Model directory, or for sentiment `default` (the shipped one) or `accurate` (with "
                        "the e5 encoder head; needs aigov[encoder]).")] = None,
    text_col: Annotated[str, typer.Option(help="Column with the text.")] = "text",
    label_col: Annotated[str, typer.Option(help="Column with the label.")] = "label",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    labels_from_data: Annotated[bool, typer.Option(
        "--labels-from-data",
        help="Let the model choose only among the labels present in the file's gold labels (e.g. score a "
             "3-class model as a 2-class model on a 2-class file). Off by default: the honest figure for "
             "messages whose possible labels nobody knows in advance.")] = False,
) -> None:
    """Score a model on a labelled file: accuracy, macro-F1 over the file's labels, per-class figures."""
    if task not in EVAL_TASKS:
        _fail(f"unknown task {task!r}: choose one of {', '.join(EVAL_TASKS)}")
    if not data.is_file():
        _fail(f"no such file: {data}")
    if task == "pii":
        report = _eval_pii(data)
    else:
        from aigov.ml.evaluate import evaluate_model

        try:
            report = evaluate_model(task, data, model, text_col=text_col, label_col=label_col,
                                    labels_from_data=labels_from_data)
        except _known_errors() as exc:
            _fail(str(exc))
            return
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
    else:
        _print_report(report)


def _eval_pii(path: Path) -> dict[str, Any]:
    try:
        from aigov.analysis.pii.evaluate import evaluate_pii_file
    except ImportError:
        _fail("personal-data evaluation is not available in this installation")
        raise
    try:
        return evaluate_pii_file(path)
    except (ValueError, OSError) as exc:
        _fail(f"{path.name}: {exc}")
        raise


def _print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = {k: v for k, v in report.items() if not isinstance(v, dict | list)}
    for key, value in head.items():
        console.print(f"[bold]{key}[/]: {value}", highlight=False)
    for key, value in report.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            columns = list(next(iter(value.values())).keys())
            table = Table(key, *columns, title=key)
            for name, row in value.items():
                table.add_row(str(name), *(str(row.get(c, "")) for c in columns))
            console.print(table)
        elif isinstance(value, dict | list) and value:
            console.print(f"[bold]{key}[/]: {json.dumps(value, ensure_ascii=False)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `train` and `eval` to the `aigov` command group."""
    app.command("train")(train)
    app.command("eval")(evaluate)
