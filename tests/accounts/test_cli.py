"""`aigov users ...` and `aigov tokens ...` as an administrator runs them."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import text
from typer.testing import CliRunner

from aigov.cli import app

PASSWORD = "a long enough password"


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200"})


def test_users_are_created_listed_and_disabled(db, anon_client) -> None:
    created = run("users", "create", "Leyla", "--role", "officer", "--agency", "azerishiq",
                  "--password-stdin", stdin=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    assert "Created officer 'leyla' of azerishiq." in created.output
    listed = json.loads(run("users", "list", "--json").output)
    assert [(u["username"], u["role"], u["agency"], u["disabled"]) for u in listed] == [
        ("leyla", "officer", "azerishiq", False)]
    assert PASSWORD not in run("users", "list").output
    stored = db.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$")
    assert run("users", "disable", "leyla").exit_code == 0
    assert json.loads(run("users", "list", "--json").output)[0]["disabled"] is True
    assert run("users", "disable", "leyla", "--enable").exit_code == 0


def test_bad_user_input_is_one_clear_line_and_exit_2(db) -> None:
    for args, stdin, phrase in (
        (("users", "create", "x1", "--role", "officer", "--password-stdin"), PASSWORD, "needs an agency"),
        (("users", "create", "x1", "--role", "king", "--password-stdin"), PASSWORD, "role must be"),
        (("users", "create", "x1", "--role", "admin", "--password-stdin"), "short", "at least 10"),
        (("users", "create", "x1", "--role", "admin", "--password-stdin"), "", "no password"),
        (("users", "disable", "ghost"), None, "no user named 'ghost'"),
        (("tokens", "revoke", "999"), None, "no token with id 999"),
    ):
        result = run(*args, stdin=stdin)
        assert result.exit_code == 2, (args, result.output)
        assert phrase in result.output and "Traceback" not in result.output


def test_tokens_are_printed_once_listed_without_secrets_and_revoked(db, anon_client) -> None:
    run("users", "create", "ops", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    created = run("tokens", "create", "--user", "ops", "--scope", "messages.submit", "--expires-days", "30",
                  "--name", "sms-gateway")
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("aigov_")
    stored = db.execute(text("SELECT token_hash FROM api_tokens")).scalar_one()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()
    listed = run("tokens", "list", "--json")
    assert secret not in listed.output and secret[12:] not in listed.output
    (row,) = json.loads(listed.output)
    assert (row["user"], row["name"], row["scopes"], row["state"]) == ("ops", "sms-gateway",
                                                                       ["messages.submit"], "active")
    headers = {"Authorization": f"Bearer {secret}"}
    assert anon_client.get("/api/v1/me", headers=headers).json()["permissions"] == ["messages.submit"]
    assert run("tokens", "revoke", str(row["id"])).exit_code == 0
    assert json.loads(run("tokens", "list", "--json").output)[0]["state"] == "revoked"
    assert anon_client.get("/api/v1/me", headers=headers).status_code == 401
    bad = run("tokens", "create", "--user", "ops", "--scope", "everything", "--expires-days", "3")
    assert bad.exit_code == 2 and "unknown scope 'everything'" in bad.output
