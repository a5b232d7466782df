"""A tiny local stand-in for LibreTranslate and OpenAI-compatible servers (threaded http.server)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

WORDS = {"Salam": "Hello", "Bakı": "Baku", "Sülh danışıqları": "Peace talks"}


def fake_translation(text: str, target: str) -> str:
    return WORDS.get(text, f"{text} [{target}]")


@dataclass
class StandIn:
    """What the server does next (``mode``) and every request it received."""

    url: str
    mode: str = "ok"  # ok, slow, error500, error400, error429, not_json, no_field, wrong_count
    delay: float = 1.0
    requests: list[dict[str, Any]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    stand_in: StandIn

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        state = self.server.stand_in  # type: ignore[attr-defined]
        state.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
        mode = state.mode
        if mode == "slow":
            time.sleep(state.delay)
        if mode.startswith("error"):
            self._send(int(mode[5:]), {"error": "stand-in refuses: " + json.dumps(body)[:40]})
            return
        if mode == "not_json":
            self._send(200, None, raw=b"<html>gateway</html>")
            return
        if self.path == "/translate":
            texts = body.get("q")
            texts = texts if isinstance(texts, list) else [texts]
            out = [fake_translation(t, body.get("target", "?")) for t in texts]
            if mode == "wrong_count":
                out = out[:-1]
            self._send(200, {"translatedText": out} if mode != "no_field" else {"detail": "?"})
        elif self.path == "/v1/chat/completions":
            text = body["messages"][-1]["content"]
            target = "en" if "English" in body["messages"][0]["content"] else "?"
            content = f" {fake_translation(text, target)}\n"
            reply = {"choices": [{"message": {"role": "assistant", "content": content}}]}
            self._send(200, reply if mode != "no_field" else {"choices": []})
        else:
            self._send(404, {"error": "not found"})

    def _send(self, status: int, payload: Any, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
            self.wfile.write(data)


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    state = StandIn(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.stand_in = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
