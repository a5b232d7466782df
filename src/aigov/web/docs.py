"""The API documentation pages, Swagger UI at /docs and ReDoc at /redoc, with no CDN.

Their scripts come from the installed fastapi-offline package (served under /docs-assets); each
page's small inline start-up script is allowed by its SHA-256 in the page's Content-Security-Policy,
so no page of the site needs 'unsafe-inline' for scripts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def with_script_hashes(page: HTMLResponse) -> HTMLResponse:
    """The page with a CSP that allows its own inline scripts by hash, and scripts from this site."""
    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in INLINE_SCRIPT.findall(body)
    )
    page.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    return page


def mount_docs(app: FastAPI) -> None:
    """/docs, /docs/oauth2-redirect and /redoc for ``app`` (created with docs_url=None, redoc_url=None)."""
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return with_script_hashes(get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} API",
            oauth2_redirect_url="/docs/oauth2-redirect", swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css", swagger_favicon_url=f"{ASSETS}/favicon.png"))

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return with_script_hashes(get_swagger_ui_oauth2_redirect_html())

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return with_script_hashes(get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} API",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js", redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False))
