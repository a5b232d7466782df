"""Import every model so the metadata is complete (migrations and tests use it)."""

from aigov.accounts.models import ApiToken, User, UserSession
from aigov.agencies.models import Agency
from aigov.assistant.models import Conversation, Handoff, ImportedEntry
from aigov.audit.models import AuditEntry, AuditHead, AuditTreeHead
from aigov.cases.models import Case, CaseEvent, RoutingCorrection
from aigov.channels.outbox import OutboxMessage
from aigov.diplomacy.events.models import Event, EventImport
from aigov.diplomacy.news.models import NewsArticle, NewsArticleCountry, NewsArticleTag, NewsTranslation
from aigov.messages.models import Message, PipelineVersion
from aigov.privacy.models import MessageConsent, MessageRawText, PrivacyExport
from aigov.regions.models import District, EconomicRegion
from aigov.topics.models import Topic

__all__ = [
    "ApiToken", "User", "UserSession",
    "Event", "EventImport",
    "NewsArticle", "NewsArticleCountry", "NewsArticleTag", "NewsTranslation",
    "Conversation", "Handoff", "ImportedEntry",
    "Agency", "Case", "CaseEvent", "District", "EconomicRegion", "Message", "OutboxMessage",
    "PipelineVersion", "RoutingCorrection", "Topic",
    "AuditEntry", "AuditHead", "AuditTreeHead", "MessageConsent", "MessageRawText", "PrivacyExport",
]
