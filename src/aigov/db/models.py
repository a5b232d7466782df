"""Import every model so the metadata is complete (migrations and tests use it)."""

from aigov.agencies.models import Agency
from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.channels.outbox import OutboxMessage
from aigov.messages.models import Message, PipelineVersion
from aigov.regions.models import District, EconomicRegion
from aigov.topics.models import Topic

__all__ = [
    "Agency", "Case", "CaseEvent", "District", "EconomicRegion", "Message", "OutboxMessage",
    "PipelineVersion", "RoutingCorrection", "Topic",
]
