"""The FastAPI application: API routers, web pages, error handling and limits."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from aigov import __version__
from aigov.accounts.deps import enforce_policy
from aigov.agencies.api import router as agencies_router
from aigov.assistant.api import router as assistant_router
from aigov.audit.api import router as audit_router
from aigov.cases.api import router as cases_router
from aigov.config import get_settings
from aigov.diplomacy.api import router as diplomacy_router
from aigov.diplomacy.negotiation.api import router as negotiation_router
from aigov.diplomacy.news.api import router as news_router
from aigov.messages.api import router as messages_router
from aigov.open311.api import router as open311_router
from aigov.privacy.api import router as privacy_router
from aigov.regions.api import router as regions_router
from aigov.topics.api import router as topics_router
from aigov.web.accesslog import AccessLog
from aigov.web.docs import mount_docs
from aigov.web.errors import install_error_handlers
from aigov.web.limits import BodySizeLimit
from aigov.web.security import SecurityHeaders


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="aigov",
        version=__version__,
        description="Citizen messages analysed with privacy and accountability built in.",
        dependencies=[Depends(enforce_policy)],  # every route: the permission policy (aigov.accounts.policy)
        docs_url=None, redoc_url=None,  # served without a CDN by aigov.web.docs
    )
    install_error_handlers(app)
    mount_docs(app)
    for router in (messages_router, agencies_router, topics_router, regions_router):
        app.include_router(router)
    app.include_router(cases_router)
    app.include_router(open311_router)
    app.include_router(assistant_router)
    app.include_router(audit_router)
    app.include_router(privacy_router)
    app.include_router(negotiation_router)
    app.include_router(news_router)
    app.include_router(diplomacy_router)
    _mount_pages(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _mount_pages(app: FastAPI) -> None:
    """Server-rendered pages (dashboard, message list) and their static files."""
    from aigov.accounts.pages import install as install_accounts
    from aigov.assistant.pages import router as assistant_pages
    from aigov.assistant.telegram import register_from_settings
    from aigov.cases.pages import router as case_pages
    from aigov.diplomacy.negotiation.pages import router as negotiation_pages
    from aigov.diplomacy.news.pages import router as news_pages
    from aigov.diplomacy.pages import router as diplomacy_pages
    from aigov.web.pages import mount

    install_accounts(app)
    app.include_router(case_pages)
    app.include_router(negotiation_pages)
    app.include_router(news_pages)
    app.include_router(diplomacy_pages)
    app.include_router(assistant_pages)
    register_from_settings()
    mount(app)
