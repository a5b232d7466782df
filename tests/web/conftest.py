"""Web test fixtures: sample citizen messages and the app served by uvicorn on a free local port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

PHONE = "+994 50 123 45 67"

# (text, economic region); {phone} is replaced by a phone number the pages must never show.
SAMPLES: list[tuple[str, str]] = [
    ("Salam, Binəqədi rayonunda üç gündür işıq yoxdur. Zəhmət olmasa kömək edin. Telefon: {phone}", "baku"),
    ("Здравствуйте, в Сумгаите уже неделю нет воды. Мой номер {phone}", "absheron_khizi"),
    ("The road to Goygol is full of potholes, please repair it. Call me on {phone}", "ganja_dashkasan"),
    ("Çox sağ olun, ASAN xidmətdə işçilər çox nəzakətli və köməkçi idi.", "baku"),
    ("Qaz təzyiqi çox aşağıdır, evi qızdıra bilmirik, uşaqlar xəstələnir.", "sheki_zagatala"),
    ("Автобус номер 65 ходит очень редко, люди ждут на остановке по часу.", "baku"),
    ("Xəstəxanada həkim yoxdur, təcili yardım iki saatdır gəlmir!", "lankaran_astara"),
    ("Thank you for fixing the street lights in our neighbourhood, it feels much safer.", "guba_khachmaz"),
    ("Məktəbdə istilik sistemi işləmir, uşaqlar soyuq sinifdə oturur.", "shirvan_salyan"),
    ("Pensiyam iki aydır gecikir, sosial müdafiə mərkəzi cavab vermir. Nömrəm {phone}", "mil_mughan"),
]


def message_payloads(count: int, *, prefix: str = "web-test") -> list[dict[str, Any]]:
    """``count`` API bodies cycling through the samples, received over the last few weeks."""
    now = datetime.now(UTC).replace(microsecond=0)
    payloads = []
    for index in range(count):
        text, region = SAMPLES[index % len(SAMPLES)]
        payloads.append({
            "text": text.format(phone=PHONE) + f" (#{index})",
            "channel": "web",
            "external_id": f"{prefix}-{index}",
            "received_at": (now - timedelta(hours=13 * index)).isoformat(),
            "region": region,
        })
    return payloads


@pytest.fixture
def payloads():  # type: ignore[no-untyped-def]
    """The function that makes sample API bodies (for tests that post them themselves)."""
    return message_payloads


@pytest.fixture
def seeded(client) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Thirty messages stored through the API; returns what the API answered for each."""
    stored = []
    for payload in message_payloads(30):
        response = client.post("/api/v1/messages", json=payload)
        assert response.status_code == 201, response.text
        stored.append(response.json())
    return stored


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
def live_server(db: Session) -> Iterator[str]:
    """The app served by uvicorn in a background thread, against the test database; yields its URL."""
    import uvicorn

    from aigov.web.app import create_app

    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture
def admin_headers(api_token) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Headers with an administrator's API token (for posting to a live server with httpx)."""
    return {"Authorization": f"Bearer {api_token('admin')}"}


@pytest.fixture
def session_cookie(make_user, sign_in):  # type: ignore[no-untyped-def]
    """A signed-in browser's cookie for Playwright: ``context.add_cookies([session_cookie(url, role)])``."""
    from aigov.accounts.deps import SESSION_COOKIE

    def cookie(url: str, role: str = "admin", agency: str | None = None) -> dict[str, str]:
        return {"name": SESSION_COOKIE, "value": sign_in(make_user(role, agency=agency)), "url": url}

    return cookie


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture
def launch_chromium() -> Callable[[Any], Any]:
    """Launch Debian's headless chromium from a Playwright instance (skips where it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium (the Makefile installs it)")
    return lambda playwright: playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
