"""Personal data held apart from messages: the encrypted raw text, consent records, access exports on disk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from aigov.db.base import Base, UTCDateTime, utcnow


class EncryptedColumns:
    """AES-GCM ciphertext with the id of its key and its nonce (aigov.privacy.crypto)."""

    key_id: Mapped[str] = mapped_column(String(16), index=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class MessageRawText(EncryptedColumns, Base):
    """A message's raw text, encrypted; read only through aigov.privacy.service.read_raw (audited)."""

    __tablename__ = "message_raw_texts"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )

    def __repr__(self) -> str:
        return f"MessageRawText(message_id={self.message_id}, key_id={self.key_id})"


class MessageConsent(Base):
    """Why aigov may process a message's personal data: the channel's lawful basis plus the citizen's consent.

    Holds no personal data: purposes and data categories are codes from reference/consent.yaml.
    """

    __tablename__ = "message_consents"

    message_id: Mapped[int] = mapped_column(
        ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    lawful_basis: Mapped[str] = mapped_column(String(16))  # consent, law or open
    source: Mapped[str] = mapped_column(String(16))  # channel (defaults only) or citizen (a consent was sent)
    purposes: Mapped[list[str]] = mapped_column(JSON, default=list)  # every purpose data may serve
    consented_purposes: Mapped[list[str]] = mapped_column(JSON, default=list)  # what the citizen agreed to
    data: Mapped[list[str]] = mapped_column(JSON, default=list)  # categories of personal data covered
    third_party_transfer: Mapped[bool] = mapped_column(Boolean, default=False)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def as_dict(self) -> dict[str, Any]:
        return {"lawful_basis": self.lawful_basis, "source": self.source, "purposes": list(self.purposes),
                "consented_purposes": list(self.consented_purposes), "data": list(self.data),
                "third_party_transfer": self.third_party_transfer, "given_at": _iso(self.given_at),
                "valid_until": _iso(self.valid_until), "revoked_at": _iso(self.revoked_at)}


class PrivacyExport(Base):
    """A data-subject access export written to disk, so an erasure can find and delete it."""

    __tablename__ = "privacy_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String(1000))
    message_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
