"""Keys and policy files of the trust layer, from AIGOV_* variables or aigov.toml (like aigov.config)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field

from aigov.config import AigovSettings, _toml_path, get_settings


class PrivacySettings(AigovSettings):
    """The trust layer's keys and policy files (the same sources as :class:`aigov.config.Settings`)."""


    encryption_key: str | None = Field(
        default=None, repr=False,
        description="Base64 of a 32-byte AES key for personal data at rest; default: data/encryption.keys.",
    )
    encryption_old_keys: str | None = Field(
        default=None, repr=False,
        description="Comma-separated earlier keys, kept for decryption until `aigov keys rotate` is done.",
    )
    audit_signing_key: str | None = Field(
        default=None, repr=False,
        description="Base64 of the 32-byte Ed25519 seed signing the audit log; default: a key file.",
    )
    retention_file: Path | None = Field(default=None, description="Override the packaged retention.yaml.")
    consent_file: Path | None = Field(default=None, description="Override the packaged consent.yaml.")

    @property
    def data_dir(self) -> Path:
        return get_settings().data_dir


_WATCHED = ("AIGOV_ENCRYPTION_KEY", "AIGOV_ENCRYPTION_OLD_KEYS", "AIGOV_AUDIT_SIGNING_KEY",
            "AIGOV_RETENTION_FILE", "AIGOV_CONSENT_FILE")


def privacy_settings() -> PrivacySettings:
    """The settings, read again only when the variables or aigov.toml change (reading costs milliseconds)."""
    toml = _toml_path()
    try:
        stamp: int | None = toml.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _read(tuple(os.environ.get(name) for name in _WATCHED), str(toml), stamp)


@lru_cache(maxsize=8)
def _read(_env: tuple[str | None, ...], _toml: str, _stamp: int | None) -> PrivacySettings:
    return PrivacySettings()


def write_private_file(path: Path, content: str) -> None:
    """Create ``path`` readable by its owner only (0600), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
    os.replace(tmp, path)


def create_private_file(path: Path, content: str) -> bool:
    """Create ``path`` (0600) unless it exists; False when another process made it first (then use theirs)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.new")
    write_private_file(tmp, content)
    try:
        os.link(tmp, path)  # atomic, and fails if the file exists: two workers starting at once agree
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True
