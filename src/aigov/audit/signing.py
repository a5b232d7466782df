"""The Ed25519 key that signs tree heads: AIGOV_AUDIT_SIGNING_KEY, or a key file made once under data_dir."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from aigov.privacy.config import create_private_file, privacy_settings

KEY_FILE = "audit-signing.key"
STH_PREFIX = "aigov-sth/1"


class SigningKeyError(ValueError):
    """The configured signing key cannot be used."""


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_raw)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode()

    @property
    def public_pem(self) -> str:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    def sign(self, message: bytes) -> str:
        return base64.b64encode(self.private.sign(message)).decode()


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def sth_message(tree_size: int, root_hex: str, signed_at: str) -> bytes:
    """The bytes a tree head signature covers: four lines, each ending in a newline."""
    return f"{STH_PREFIX}\n{tree_size}\n{signed_at}\n{root_hex}\n".encode("ascii")


def verify_sth(public_b64: str, tree_size: int, root_hex: str, signed_at: str, signature_b64: str) -> bool:
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True),
                      sth_message(tree_size, root_hex, signed_at))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def signing_key() -> SigningKey:
    """The configured key; without one, the key file under data_dir (created on first use, mode 0600)."""
    settings = privacy_settings()
    if settings.audit_signing_key:
        try:
            seed = base64.b64decode(settings.audit_signing_key, validate=True)
            return SigningKey(Ed25519PrivateKey.from_private_bytes(seed))
        except (ValueError, binascii.Error):
            raise SigningKeyError("AIGOV_AUDIT_SIGNING_KEY must be the base64 of 32 bytes") from None
    path = settings.data_dir / KEY_FILE
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        create_private_file(path, pem.decode())  # another worker may have made it first: then use theirs
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError:
        raise SigningKeyError(f"{path} is not a PEM Ed25519 private key") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} is not an Ed25519 key")
    return SigningKey(private)
