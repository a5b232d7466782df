"""Access log without query strings or bodies, which may carry personal data."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("aigov.access")


class AccessLog:
    """Log method, path, status and duration of every HTTP request (never the query string)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def remember_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, remember_status)
        finally:
            log.info("%s %s %s %.0fms", scope["method"], _route_path(scope), status,
                     (time.perf_counter() - started) * 1000)


def _route_path(scope: Scope) -> str:
    """The path, with a message reference (which identifies a citizen's message) masked."""
    path: str = scope.get("path", "")
    parts = path.split("/")
    return "/".join("AG-…" if p.upper().startswith("AG-") else p for p in parts)
