"""The FastAPI application: API routers, web pages, error handling and limits."""

from __future__ import annotations

from fastapi import FastAPI

from aigov import __version__
from aigov.agencies.api import router as agencies_router
from aigov.cases.api import router as cases_router
from aigov.config import get_settings
from aigov.messages.api import router as messages_router
from aigov.open311.api import router as open311_router
from aigov.regions.api import router as regions_router
from aigov.topics.api import router as topics_router
from aigov.web.accesslog import AccessLog
from aigov.web.errors import install_error_handlers
from aigov.web.limits import BodySizeLimit


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="aigov",
        version=__version__,
        description="Citizen messages analysed with privacy and accountability built in.",
    )
    install_error_handlers(app)
    for router in (messages_router, agencies_router, topics_router, regions_router):
        app.include_router(router)
    app.include_router(cases_router)
    app.include_router(open311_router)
    _mount_pages(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(AccessLog)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _mount_pages(app: FastAPI) -> None:
    """Server-rendered pages (dashboard, message list) and their static files."""
    from aigov.cases.pages import router as case_pages
    from aigov.web.pages import mount

    app.include_router(case_pages)
    mount(app)
