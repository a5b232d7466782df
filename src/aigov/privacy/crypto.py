"""AES-256-GCM for personal data at rest, with a key ring so keys can be rotated.

Keys come from AIGOV_ENCRYPTION_KEY (base64 of 32 bytes; earlier ones in AIGOV_ENCRYPTION_OLD_KEYS) or,
without it, from ``data_dir/encryption.keys`` (created on first use, mode 0600), which lists every key
still needed for decryption and names the current one.  A key's id is a hash of the key, so ciphertexts
say which key they need without revealing it.  Every ciphertext is bound to its table and row
(associated data), so one row's ciphertext cannot be moved to another row.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aigov.privacy.config import create_private_file, privacy_settings, write_private_file

KEY_FILE = "encryption.keys"
NONCE_BYTES = 12


class KeyConfigError(ValueError):
    """A key is missing or malformed (the message names which, never the key)."""


class DecryptionError(ValueError):
    """A ciphertext does not decrypt: wrong key, or the stored bytes were changed."""


@dataclass(frozen=True)
class Keyring:
    current_id: str
    keys: dict[str, bytes]
    source: str  # "env" or "file"
    path: Path

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: bytes
    ciphertext: bytes


def key_id_of(key: bytes) -> str:
    return hashlib.sha256(b"aigov-aes-key\x00" + key).hexdigest()[:12]


def new_key_text() -> str:
    """A fresh random key as base64 (for AIGOV_ENCRYPTION_KEY)."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


def parse_key(text: str, what: str = "AIGOV_ENCRYPTION_KEY") -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise KeyConfigError(f"{what} must be the base64 of 32 random bytes (see `aigov keys generate`)")
    return key


_file_cache: dict[tuple[str, int], tuple[str, dict[str, bytes]]] = {}


def _read_file(path: Path) -> tuple[str, dict[str, bytes]]:
    stat = path.stat()
    cache_key = (str(path), stat.st_mtime_ns)
    if cache_key not in _file_cache:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = {kid: parse_key(text, str(path)) for kid, text in data["keys"].items()}
            current = data["current"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise KeyConfigError(f"{path} is not an aigov key file") from None
        if current not in keys or any(key_id_of(k) != kid for kid, k in keys.items()):
            raise KeyConfigError(f"{path} is not a consistent aigov key file")
        _file_cache.clear()
        _file_cache[cache_key] = (current, keys)
    return _file_cache[cache_key]


def _keyfile_text(current: str, keys: dict[str, bytes]) -> str:
    body = {"current": current, "keys": {kid: base64.b64encode(k).decode() for kid, k in keys.items()}}
    return json.dumps(body, indent=2) + "\n"


def write_keyfile(path: Path, current: str, keys: dict[str, bytes]) -> None:
    write_private_file(path, _keyfile_text(current, keys))


def keyring() -> Keyring:
    """The keys in use: the configured key (plus old ones) or the key file, created on first use."""
    settings = privacy_settings()
    path = settings.data_dir / KEY_FILE
    file_current, file_keys = _read_file(path) if path.exists() else (None, {})
    if settings.encryption_key:
        key = parse_key(settings.encryption_key)
        keys = dict(file_keys)
        for old in (settings.encryption_old_keys or "").split(","):
            if old.strip():
                parsed = parse_key(old, "AIGOV_ENCRYPTION_OLD_KEYS")
                keys[key_id_of(parsed)] = parsed
        keys[key_id_of(key)] = key
        return Keyring(key_id_of(key), keys, "env", path)
    if file_current is None:
        key = AESGCM.generate_key(bit_length=256)
        create_private_file(path, _keyfile_text(key_id_of(key), {key_id_of(key): key}))
        file_current, file_keys = _read_file(path)
    return Keyring(file_current, file_keys, "file", path)


def seal(plaintext: bytes, aad: bytes, ring: Keyring | None = None) -> Sealed:
    ring = ring or keyring()
    nonce = os.urandom(NONCE_BYTES)
    return Sealed(ring.current_id, nonce, AESGCM(ring.current).encrypt(nonce, plaintext, aad))


def unseal(key_id: str, nonce: bytes, ciphertext: bytes, aad: bytes, ring: Keyring | None = None) -> bytes:
    ring = ring or keyring()
    key = ring.keys.get(key_id)
    if key is None:
        raise KeyConfigError(f"encryption key {key_id} is not configured (removed before rotation ended?)")
    try:
        return AESGCM(key).decrypt(bytes(nonce), bytes(ciphertext), aad)
    except InvalidTag:
        raise DecryptionError("stored ciphertext does not decrypt (changed, or moved from another row)") \
            from None
