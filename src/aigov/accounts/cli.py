"""`aigov users ...` and `aigov tokens ...`: thin commands over aigov.accounts.service."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:  # imported lazily: `aigov --help` must start fast
    from sqlalchemy.orm import Session

users_app = typer.Typer(help="Accounts: create, list, disable; set a password.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens: create (shown once), list, revoke.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    raise typer.Exit(2)


@contextmanager
def _session() -> Iterator[Session]:
    """A committed session on a migrated database; account errors become one line and exit 2."""
    from aigov.accounts.service import AccountError
    from aigov.db import migrate
    from aigov.db.engine import get_engine, session_scope

    migrate.ensure_up_to_date(get_engine())
    try:
        with session_scope() as session:
            yield session
    except AccountError as exc:
        _fail(str(exc))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            _fail("no password on standard input")
        return password
    if not sys.stdin.isatty():
        _fail("no terminal to ask for the password: pass it with --password-stdin")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _when(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "–"


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="Login name: a-z, digits, '.', '_', '-'.")],
    role: Annotated[str, typer.Option(help="admin, officer, analyst or auditor.")],
    agency: Annotated[str | None, typer.Option(help="The officer's agency code (officers only).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                 help="Read the password from standard input.")] = False,
) -> None:
    """Create an account (the password is asked for, or read with --password-stdin)."""
    from aigov.accounts.service import create_user

    password = _read_password(password_stdin)
    with _session() as session:
        user = create_user(session, username=username, password=password, role=role, agency_code=agency)
        out.print(f"Created {user.role} '{user.username}'" + (f" of {user.agency_code}." if user.agency_code
                                                                 else "."))


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every account: role, agency, whether disabled, when created and last signed in."""
    from aigov.accounts.service import list_users

    with _session() as session:
        rows = [{"username": u.username, "role": u.role, "agency": u.agency_code, "disabled": u.disabled,
                 "created_at": u.created_at, "last_login_at": u.last_login_at} for u in list_users(session)]
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("username", "role", "agency", "state", "created", "last sign-in")
    for row in rows:
        table.add_row(row["username"], row["role"], row["agency"] or "–",
                      "disabled" if row["disabled"] else "active", _when(row["created_at"]),
                      _when(row["last_login_at"]))
    out.print(table if rows else "No accounts yet: aigov users create NAME --role admin")


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(help="The account to disable.")],
    enable: Annotated[bool, typer.Option("--enable", help="Enable it again instead.")] = False,
) -> None:
    """Disable an account: its sessions end and its API tokens stop working (--enable undoes it)."""
    from aigov.accounts.service import set_disabled

    with _session() as session:
        user = set_disabled(session, username=username, disabled=not enable)
        out.print(f"'{user.username}' is {'enabled' if enable else 'disabled'}.")


@users_app.command("password")
def users_password(
    username: Annotated[str, typer.Argument(help="The account.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                 help="Read the password from standard input.")] = False,
) -> None:
    """Set a new password; every session of the account ends."""
    from aigov.accounts.service import set_password

    password = _read_password(password_stdin)
    with _session() as session:
        user = set_password(session, username=username, password=password)
        out.print(f"New password set for '{user.username}'.")


@tokens_app.command("create")
def tokens_create(
    user: Annotated[str, typer.Option("--user", help="The account the token acts as.")],
    scope: Annotated[list[str], typer.Option("--scope", help="A permission (repeat), or '*' for all of "
                                             "the role's; e.g. messages.submit for a channel.")],
    expires_days: Annotated[int, typer.Option(help="Days until it expires (1 to 3650).")] = 90,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "api",
) -> None:
    """Create an API token and print its secret (once: only its hash is kept)."""
    from aigov.accounts.service import create_token

    with _session() as session:
        new = create_token(session, username=user, name=name, scopes=scope, expires_days=expires_days)
        token_id, expires, scopes = new.token.id, new.token.expires_at, new.token.scopes
    out.print(f"Token {token_id} for '{user}' ({', '.join(scopes)}), expires {_when(expires)}.")
    out.print("Keep the secret now: it is not shown again.", style="bold")
    print(new.secret)  # plain print: no wrapping or markup around the secret


@tokens_app.command("list")
def tokens_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this account's tokens.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Tokens (never their secrets): id, account, name, scopes, expiry, revocation, last use."""
    from aigov.accounts.service import list_tokens
    from aigov.db.base import utcnow

    now = utcnow()
    with _session() as session:
        rows = [{"id": t.id, "user": u.username, "name": t.name, "prefix": t.prefix, "scopes": t.scopes,
                 "created_at": t.created_at, "expires_at": t.expires_at, "revoked_at": t.revoked_at,
                 "last_used_at": t.last_used_at,
                 "state": "revoked" if t.revoked_at else "expired" if t.expires_at <= now else "active"}
                for t, u in list_tokens(session, username=user)]
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table("id", "user", "name", "starts with", "scopes", "state", "expires", "last used")
    for row in rows:
        table.add_row(str(row["id"]), row["user"], row["name"], row["prefix"] + "…", ", ".join(row["scopes"]),
                      row["state"], _when(row["expires_at"]), _when(row["last_used_at"]))
    out.print(table if rows else "No API tokens.")


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: Annotated[int, typer.Argument(help="The token's id (see aigov tokens list).")],
) -> None:
    """Revoke a token: it stops working at once."""
    from aigov.accounts.service import revoke_token

    with _session() as session:
        token = revoke_token(session, token_id=token_id)
        out.print(f"Token {token.id} ('{token.name}') is revoked.")
