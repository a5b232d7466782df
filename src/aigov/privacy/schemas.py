"""What a citizen agreed to, as a channel sends it with a message (optional; channel defaults otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class ConsentIn(BaseModel):
    """The citizen's consent: purposes, data covered, how long, and whether data may go to third parties."""

    model_config = ConfigDict(extra="forbid")

    purposes: list[str] = Field(
        min_length=1, max_length=10, description="Purpose codes of the consent policy "
        "(GET /api/v1/privacy/consent-policy), e.g. appeal, statistics, contact, research.")
    data: list[str] | None = Field(
        default=None, max_length=10, description="Data categories covered (text, name, phone, email, "
        "address, location); default: the channel's.")
    valid_until: datetime | None = Field(
        default=None, description="When the consent ends; default: the channel's validity period.")
    third_party_transfer: bool = Field(
        default=False, description="May the appeal go to an organisation outside government that must act?")
    given_at: datetime | None = Field(default=None, description="When it was given; default: when received.")

    @field_validator("purposes", "data")
    @classmethod
    def _known(cls, value: list[str] | None, info) -> list[str] | None:  # type: ignore[no-untyped-def]
        if value is None:
            return None
        from aigov.privacy.policy import consent_policy

        policy = consent_policy()
        known = set(policy.purposes) if info.field_name == "purposes" else set(policy.data)
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"unknown {info.field_name} code (known: {', '.join(sorted(known))})")
        return list(dict.fromkeys(value))

    @field_validator("valid_until", "given_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    @model_validator(mode="after")
    def _order(self) -> ConsentIn:
        if self.given_at and self.given_at > datetime.now(UTC) + timedelta(days=1):
            raise ValueError("consent given_at lies in the future")
        if self.valid_until and self.given_at and self.valid_until <= self.given_at:
            raise ValueError("consent valid_until must come after given_at")
        return self
