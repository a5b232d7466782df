"""One call per event for the domains that feed the audit log (messages, cases, pipeline versions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from aigov.audit.service import Event, record, record_many

if TYPE_CHECKING:
    from aigov.cases.models import Case
    from aigov.messages.models import Message

SYSTEM = "system"


def analysis_results(session: Session, messages: Sequence[Message], *, actor: str = SYSTEM) -> None:
    """Each message's analysis: the labels found and the exact pipeline version that found them."""
    record_many(session, [Event("analysis.result", actor, "message", m.reference, {
        "pipeline_version": m.analysis_version, "language": m.language, "sentiment": m.sentiment,
        "topic": m.topic, "agency": m.agency, "urgency": m.urgency, "region": m.region,
        "district": m.district, "personal_data_found": sorted({e["type"] for e in m.entities or []}),
    }) for m in messages])


def model_first_seen(session: Session, version: str, description: dict[str, Any]) -> None:
    """A pipeline version (its stages and model hashes) used for the first time."""
    stages = description.get("stages") if isinstance(description, dict) else None
    summary: dict[str, Any] = {}
    if isinstance(stages, list):
        summary["stages"] = [str(s.get("name", "?")) + ":" + str(s.get("version", "?"))[:60]
                             for s in stages if isinstance(s, dict)][:30]
    record(session, action="model.first_seen", actor=SYSTEM, subject_type="pipeline_version",
           subject_id=version, details=summary)


def case_event(session: Session, case: Case, from_status: str | None, to_status: str, *, actor: str,
               action: str | None = None) -> None:
    """A case opened, changed status, or was updated (attached message, deadline): never the note's text."""
    if action is None:
        action = "case.opened" if from_status is None else (
            "case.status_changed" if from_status != to_status else "case.updated")
    record(session, action=action, actor=actor, subject_type="case", subject_id=case.reference, details={
        "from": from_status, "to": to_status, "agency": case.agency, "topic": case.topic,
        "due_at": case.due_at.isoformat() if case.due_at else None, "anonymous": bool(case.anonymous),
    })


def case_rerouted(session: Session, case: Case, *, actor: str, old_agency: str | None, old_topic: str | None,
                  ) -> None:
    record(session, action="case.rerouted", actor=actor, subject_type="case", subject_id=case.reference,
           details={"old_agency": old_agency, "new_agency": case.agency, "old_topic": old_topic,
                    "new_topic": case.topic})
