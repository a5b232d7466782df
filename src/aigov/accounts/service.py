"""Accounts: create and disable users, check passwords, browser sessions and API tokens.

Secrets (session cookies, API tokens) are random 32-byte values; only their SHA-256 is stored, so a
copy of the database gives no way in. Tokens are shown once, when they are created.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aigov.accounts import passwords
from aigov.accounts.models import ApiToken, User, UserSession
from aigov.accounts.policy import ALL_SCOPES, PERMISSIONS, ROLES
from aigov.db.base import utcnow

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
TOKEN_PREFIX = "aigov_"
MAX_TOKEN_DAYS = 3650
LAST_USED_EVERY = timedelta(minutes=1)  # record a token's or session's use at most this often
DEMO_USERS = (("demo-admin", "admin", None), ("demo-officer", "officer", "azerishiq"),
              ("demo-analyst", "analyst", None), ("demo-auditor", "auditor", None))


class AccountError(Exception):
    """An account operation that cannot be done; the message is safe to show."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- users ----------------------------------------------------------------------------------------------

def normalise_username(username: str) -> str:
    return username.strip().lower()


def create_user(session: Session, *, username: str, password: str, role: str,
                agency_code: str | None = None) -> User:
    """A new account; officers must belong to an agency, other roles must not."""
    name = normalise_username(username)
    if not USERNAME.fullmatch(name):
        raise AccountError("a username is 2 to 64 characters: letters a-z, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    agency = _check_agency(session, role, agency_code)
    problem = passwords.password_problem(password)
    if problem:
        raise AccountError(problem)
    if get_user(session, username=name) is not None:
        raise AccountError(f"a user named '{name}' already exists")
    user = User(username=name, password_hash=passwords.hash_password(password), role=role, agency_code=agency)
    session.add(user)
    session.flush()
    return user


def _check_agency(session: Session, role: str, agency_code: str | None) -> str | None:
    from aigov.agencies.models import Agency

    if role != "officer":
        if agency_code:
            raise AccountError("only officers belong to an agency (leave out --agency)")
        return None
    if not agency_code:
        raise AccountError("an officer needs an agency: --agency CODE (see GET /api/v1/agencies)")
    if session.get(Agency, agency_code) is None:
        raise AccountError(f"unknown agency '{agency_code}' (see GET /api/v1/agencies)")
    return agency_code


def get_user(session: Session, *, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == normalise_username(username)))


def _user_or_error(session: Session, username: str) -> User:
    user = get_user(session, username=username)
    if user is None:
        raise AccountError(f"no user named '{normalise_username(username)}'")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_disabled(session: Session, *, username: str, disabled: bool = True) -> User:
    """Disable (or enable again) an account; disabling ends its sessions, and its tokens stop working."""
    user = _user_or_error(session, username)
    user.disabled = disabled
    if disabled:
        session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.flush()
    return user


def set_password(session: Session, *, username: str, password: str) -> User:
    """A new password; every session of the account ends."""
    user = _user_or_error(session, username)
    problem = passwords.password_problem(password)
    if problem:
        raise AccountError(problem)
    user.password_hash = passwords.hash_password(password)
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    session.flush()
    return user


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this username and password, or None (equally slow either way)."""
    user = get_user(session, username=username) if len(username) <= 64 else None
    if user is None:
        passwords.verify_password(passwords.dummy_hash(), password)
        return None
    if not passwords.verify_password(user.password_hash, password) or user.disabled:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    return user


# --- browser sessions -----------------------------------------------------------------------------------

def start_session(session: Session, user: User, *, hours: int) -> str:
    """A new signed-in session for ``user``; returns the secret for the cookie."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(id=_digest(secret), user_id=user.id, created_at=now, last_seen_at=now,
                            expires_at=now + timedelta(hours=hours)))
    session.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at < now))
    session.flush()
    return secret


def session_user(session: Session, secret: str, *, now: datetime | None = None) -> User | None:
    """The active user of an unexpired session, or None."""
    now = now or utcnow()
    row = session.get(UserSession, _digest(secret))
    if row is None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if now - row.last_seen_at > LAST_USED_EVERY:
        row.last_seen_at = now
    return user


def end_session(session: Session, secret: str) -> None:
    session.execute(delete(UserSession).where(UserSession.id == _digest(secret)))


# --- API tokens -----------------------------------------------------------------------------------------

@dataclass
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def check_scopes(scopes: list[str]) -> list[str]:
    """Known permission names (or '*': everything the user's role may do), deduplicated, sorted."""
    cleaned = sorted({s.strip() for s in scopes if s.strip()})
    if not cleaned:
        raise AccountError("give at least one --scope (a permission name, or '*' for all of the role's)")
    unknown = [s for s in cleaned if s != ALL_SCOPES and s not in PERMISSIONS]
    if unknown:
        raise AccountError(f"unknown scope '{unknown[0]}'; scopes: {', '.join(PERMISSIONS)} or '*'")
    return cleaned


def create_token(session: Session, *, username: str, name: str, scopes: list[str], expires_days: int,
                 now: datetime | None = None) -> NewToken:
    user = _user_or_error(session, username)
    if user.disabled:
        raise AccountError(f"user '{user.username}' is disabled")
    label = " ".join(name.split())
    if not label or len(label) > 64 or not label.isprintable():
        raise AccountError("a token's name is 1 to 64 printable characters")
    if not 1 <= expires_days <= MAX_TOKEN_DAYS:
        raise AccountError(f"--expires-days must be between 1 and {MAX_TOKEN_DAYS}")
    now = now or utcnow()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=label, prefix=secret[:12], token_hash=_digest(secret),
                     scopes=check_scopes(scopes), created_at=now,
                     expires_at=now + timedelta(days=expires_days))
    session.add(token)
    session.flush()
    return NewToken(token=token, secret=secret)


def token_user(session: Session, secret: str, *, now: datetime | None = None) -> tuple[User, ApiToken] | None:
    """The active user and token of a bearer secret that is neither expired nor revoked, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = now or utcnow()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    user = session.get(User, token.user_id)
    if user is None or user.disabled:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        token.last_used_at = now
    return user, token


def list_tokens(session: Session, *, username: str | None = None) -> list[tuple[ApiToken, User]]:
    stmt = select(ApiToken, User).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if username:
        stmt = stmt.where(User.username == normalise_username(username))
    return [(token, user) for token, user in session.execute(stmt)]


def revoke_token(session: Session, *, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise AccountError(f"no token with id {token_id}")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


# --- demo -----------------------------------------------------------------------------------------------

def ensure_demo_accounts(session: Session, *, password: str) -> list[User]:
    """The demo's four accounts (one per role), created or given ``password`` and enabled again."""
    users = []
    for username, role, agency in DEMO_USERS:
        user = get_user(session, username=username)
        if user is None:
            user = create_user(session, username=username, password=password, role=role, agency_code=agency)
        else:
            user.role, user.agency_code, user.disabled = role, agency, False
            set_password(session, username=username, password=password)
        users.append(user)
    return users
