"""`aigov audit verify|head|proof|public-key|show`: thin commands over aigov.audit.service."""

from __future__ import annotations

import json
from typing import Annotated

import typer

audit_app = typer.Typer(help="The tamper-evident audit log: verify it, sign its head, prove entries.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


def _print(text: str) -> None:
    from rich.console import Console

    Console(soft_wrap=True, highlight=False).print(text, markup=False)


def _fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


def _ready() -> None:
    from aigov.db import migrate
    from aigov.db.engine import get_engine

    migrate.ensure_up_to_date(get_engine())


@audit_app.command("verify")
def verify(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Recompute every entry's hash, the chain and the Merkle tree; check signed heads. Exit 1 if broken."""
    from aigov.audit.service import verify as verify_log
    from aigov.audit.signing import SigningKeyError
    from aigov.db.engine import session_scope

    _ready()
    try:
        with session_scope() as session:
            report = verify_log(session)
    except SigningKeyError as exc:
        _fail(str(exc))
    if as_json:
        _print(json.dumps(report.as_dict()))
    elif report.ok:
        _print(f"OK: {report.count} entries, hash chain and Merkle tree intact (root {report.root_hash}), "
               f"{report.heads_checked} signed tree head(s) match.")
    else:
        _print(f"BROKEN at entry {report.first_bad}: {report.problem}")
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("head")
def head(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Sign the current tree head (size, root hash, time) with the log's Ed25519 key and print it."""
    from aigov.audit.service import head_json, sign_head
    from aigov.audit.signing import SigningKeyError
    from aigov.db.engine import session_scope

    _ready()
    try:
        with session_scope() as session:
            result = head_json(sign_head(session))
    except SigningKeyError as exc:
        _fail(str(exc))
    if as_json:
        _print(json.dumps(result))
        return
    for key in ("tree_size", "root_hash", "signed_at", "key_id", "signature", "public_key"):
        _print(f"{key}: {result[key]}")


@audit_app.command("proof")
def proof(
    index: Annotated[int | None, typer.Option("--index", help="Prove that this entry is in the log.")] = None,
    size: Annotated[int | None, typer.Option("--size", help="...in the tree of this many entries "
                                             "(default: the whole log).")] = None,
    first: Annotated[int | None, typer.Option("--from", help="Prove the log of this size...")] = None,
    second: Annotated[int | None, typer.Option("--to", help="...is a prefix of the log of this size "
                                               "(default: the whole log).")] = None,
) -> None:
    """Print an inclusion proof (--index [--size]) or a consistency proof (--from [--to]) as JSON."""
    from aigov.audit.service import ProofError, consistency, inclusion
    from aigov.db.engine import session_scope

    _ready()
    if (index is None) == (first is None):
        _fail("give either --index (inclusion proof) or --from (consistency proof)")
    try:
        with session_scope() as session:
            result = inclusion(session, index=index, tree_size=size) if index is not None else \
                consistency(session, first=first, second=second)  # type: ignore[arg-type]
    except ProofError as exc:
        _fail(str(exc))
    _print(json.dumps(result, ensure_ascii=False, indent=2))


@audit_app.command("public-key")
def public_key(pem: Annotated[bool, typer.Option("--pem", help="PEM instead of base64.")] = False) -> None:
    """Print the public key that verifies signed tree heads (give it to outside auditors)."""
    from aigov.audit.signing import SigningKeyError, signing_key

    try:
        key = signing_key()
    except SigningKeyError as exc:
        _fail(str(exc))
    _print(key.public_pem.strip() if pem else f"{key.public_b64}  (key id {key.key_id}, Ed25519)")


@audit_app.command("show")
def show(
    start: Annotated[int, typer.Option("--start", help="First entry index.")] = 0,
    limit: Annotated[int, typer.Option("--limit", help="How many entries.")] = 20,
) -> None:
    """Print entries as JSON lines (with the exact bytes each leaf hash covers)."""
    from aigov.audit.service import entries, entry_json
    from aigov.db.engine import session_scope

    _ready()
    if start < 0 or not 1 <= limit <= 10_000:
        _fail("--start must be 0 or more and --limit between 1 and 10000")
    with session_scope() as session:
        for entry in entries(session, start=start, stop=start + limit):
            _print(json.dumps(entry_json(entry), ensure_ascii=False))
