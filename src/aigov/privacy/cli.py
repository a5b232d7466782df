"""`aigov keys ...`, `aigov retention run` and `aigov privacy access|erase|revoke`: thin commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

keys_app = typer.Typer(help="Encryption keys of personal data at rest.", no_args_is_help=True)
retention_app = typer.Typer(help="Delete or anonymise data past its retention period.", no_args_is_help=True)
privacy_app = typer.Typer(help="Data-subject requests (access, erasure) and consent revocation.",
                          no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.add_typer(retention_app, name="retention")
    app.add_typer(privacy_app, name="privacy")


def cli_actor() -> str:
    """Who runs the command, as the audit log names them."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:64]
    except (KeyError, OSError):
        return "cli"


def _print(text: str) -> None:
    from rich.console import Console

    Console(soft_wrap=True, highlight=False).print(text, markup=False)


def _fail(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[red]error:[/] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


def _known() -> tuple[type[Exception], ...]:
    from aigov.audit.signing import SigningKeyError
    from aigov.privacy.crypto import DecryptionError, KeyConfigError
    from aigov.privacy.dsr import SubjectError
    from aigov.privacy.policy import PolicyError

    return (SubjectError, PolicyError, KeyConfigError, DecryptionError, SigningKeyError)


def _ready() -> None:
    from aigov.db import migrate
    from aigov.db.engine import get_engine

    migrate.ensure_up_to_date(get_engine())


# --- keys -----------------------------------------------------------------------------------------------

@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new random key (base64) to put in AIGOV_ENCRYPTION_KEY; nothing is stored."""
    from aigov.privacy.crypto import new_key_text

    _print(new_key_text())


@keys_app.command("status")
def keys_status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The current key id, where keys come from, and how many ciphertexts each key protects."""
    from aigov.db.engine import session_scope
    from aigov.privacy.crypto import keyring
    from aigov.privacy.keys import usage

    _ready()
    try:
        ring = keyring()
        with session_scope() as session:
            counts = usage(session)
    except _known() as exc:
        _fail(str(exc))
    result = {"current": ring.current_id, "source": ring.source, "keys": sorted(ring.keys), "usage": counts}
    if as_json:
        _print(json.dumps(result))
        return
    where = "AIGOV_ENCRYPTION_KEY" if ring.source == "env" else ring.path
    _print(f"Current key {ring.current_id} (from {where})")
    for table, per_key in counts.items():
        _print(f"  {table}: " + (", ".join(f"{kid} {n}" for kid, n in sorted(per_key.items())) or "none"))


@keys_app.command("rotate")
def keys_rotate(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Re-encrypt all personal data under a new key; old keys are kept until nothing needs them."""
    from aigov.db.engine import session_factory
    from aigov.privacy.keys import rotate

    _ready()
    try:
        report = rotate(session_factory(), actor=cli_actor())
    except _known() as exc:
        _fail(str(exc))
    if as_json:
        _print(json.dumps(report.as_dict()))
        return
    counts = ", ".join(f"{n} {table}" for table, n in report.re_encrypted.items())
    _print(f"Current key is now {report.key_id}; re-encrypted {counts}.")
    if report.retired:
        _print(f"Retired keys no longer needed: {', '.join(report.retired)}"
               + (" (remove them from AIGOV_ENCRYPTION_OLD_KEYS)" if report.source == "env" else ""))
    if report.still_needed:
        _print(f"Still needed by rows written meanwhile (run rotate again): {', '.join(report.still_needed)}")


# --- retention ------------------------------------------------------------------------------------------

@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count what would be removed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Delete or anonymise what the retention policy says has expired; print counts per category."""
    from aigov.db.engine import session_scope
    from aigov.privacy.erasure import checkpoint
    from aigov.privacy.retention import run_retention

    _ready()
    try:
        with session_scope() as session:
            report = run_retention(session, dry_run=dry_run, actor=cli_actor())
        if not dry_run:
            with session_scope() as session:
                checkpoint(session)
    except _known() as exc:
        _fail(str(exc))
    if as_json:
        _print(json.dumps(report.as_dict()))
        return
    verb = "Would remove or anonymise" if dry_run else "Removed or anonymised"
    _print(f"{verb}: " + ", ".join(f"{category} {n}" for category, n in report.counts.items()))


# --- data-subject requests ------------------------------------------------------------------------------

Phone = Annotated[str | None, typer.Option("--phone", help="The person's phone number.")]
Email = Annotated[str | None, typer.Option("--email", help="The person's email address.")]
Reference = Annotated[str | None, typer.Option("--reference", help="A reference of one of their messages.")]


@privacy_app.command("access")
def privacy_access(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write subject.json and subject.html to.")],
    phone: Phone = None, email: Email = None, reference: Reference = None,
    lang: Annotated[str, typer.Option(help="Language of the HTML copy: az, ru or en.")] = "az",
) -> None:
    """Export everything held about a person (JSON + readable HTML); the request is audited."""
    from aigov.db.engine import session_scope
    from aigov.privacy.dsr import export_access, find_subject

    _ready()
    if lang not in {"az", "ru", "en"}:
        _fail("--lang must be az, ru or en")
    if out_dir.exists() and not out_dir.is_dir():
        _fail("--out must be a folder")
    try:
        with session_scope() as session:
            subject = find_subject(session, phone=phone, email=email, reference=reference)
            result = export_access(session, subject, out_dir, actor=cli_actor(), locale=lang)
    except _known() as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to --out ({exc.strerror or type(exc).__name__})")
    _print(f"{result.messages} message(s) exported to {result.files[0]} and {result.files[1]}")


@privacy_app.command("erase")
def privacy_erase(
    phone: Phone = None, email: Email = None, reference: Reference = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Remove or anonymise a person's text and contacts everywhere; the audit log keeps a hash only."""
    from aigov.db.engine import session_scope
    from aigov.privacy.dsr import erase, find_subject
    from aigov.privacy.erasure import checkpoint

    _ready()
    try:
        with session_scope() as session:
            subject = find_subject(session, phone=phone, email=email, reference=reference)
            if not yes and not typer.confirm(f"Erase the data of {len(subject.message_ids)} message(s)?"):
                raise typer.Exit(1)
            counts = erase(session, subject, actor=cli_actor())
        with session_scope() as session:
            complete = checkpoint(session)
    except _known() as exc:
        _fail(str(exc))
    if as_json:
        _print(json.dumps({**counts, "disk_checkpoint_complete": complete}))
        return
    _print("Erased: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if not complete:
        _print("Note: other connections kept the SQLite write-ahead log busy; stop the server and run again "
               "(or VACUUM) to be sure no old page is left on disk.")


@privacy_app.command("revoke")
def privacy_revoke(
    reference: Annotated[str, typer.Option("--reference", help="The message's reference.")],
) -> None:
    """Record that the citizen withdrew consent for one message (its personal data goes if consent was the
    only lawful basis)."""
    from aigov.db.engine import session_scope
    from aigov.messages.reference import normalise_reference
    from aigov.messages.service import get_by_reference
    from aigov.privacy.service import revoke_consent

    _ready()
    canonical = normalise_reference(reference)
    with session_scope() as session:
        message = get_by_reference(session, canonical) if canonical else None
        if message is None:
            _fail("no message has this reference")
        result = revoke_consent(session, message, actor=cli_actor())  # type: ignore[arg-type]
    removed = result["removed"]
    _print(f"Consent withdrawn for {result['reference']} (lawful basis {result['lawful_basis']}); removed "
           f"raw text {removed['raw_text']}, contacts {removed['contacts']}.")
