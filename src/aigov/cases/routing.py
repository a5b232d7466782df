"""Which agency answers a message: its analysed topic and region, or a human when the analysis is unsure."""

from __future__ import annotations

from dataclasses import dataclass

from aigov.reference.service import current_taxonomy

FALLBACK_TOPIC = "other"


@dataclass(frozen=True)
class RoutingDecision:
    agency: str | None
    needs_triage: bool
    why: str  # for the case's first event; never quotes the message


def route(topic: str | None, region: str | None, confidence: float | None, *,
          min_confidence: float) -> RoutingDecision:
    """The agency for ``topic`` in ``region`` (per-region overrides first), or human triage when the topic
    is missing, is ``other``, has no agency, or its confidence is below ``min_confidence``."""
    if topic is None or topic == FALLBACK_TOPIC:
        return RoutingDecision(None, True, "no topic recognised: human triage")
    if confidence is None or confidence < min_confidence:
        shown = "none" if confidence is None else f"{confidence:.2f}"
        why = f"topic confidence {shown} below {min_confidence:.2f}: human triage"
        return RoutingDecision(None, True, why)
    taxonomy = current_taxonomy()
    agency = taxonomy.agency_for(topic, region)
    if agency is None:
        return RoutingDecision(None, True, f"topic '{topic}' has no agency: human triage")
    overridden = agency != (taxonomy.topic_by_code(topic).agency if taxonomy.topic_by_code(topic) else None)
    where = f" (override for region '{region}')" if overridden else ""
    return RoutingDecision(agency, False, f"topic '{topic}' ({confidence:.2f}) → {agency}{where}")
