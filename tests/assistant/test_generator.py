"""The OpenAI-compatible answer writer against a small stand-in server speaking the same protocol."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from aigov.assistant.generator import GeneratorError, OpenAICompatibleGenerator
from aigov.assistant.retrieval import Index
from aigov.assistant.service import answer_question


class StandIn(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions with whatever the test set in ``reply`` (and keeps the request)."""

    reply: str | None = "ok"
    status = 200
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("content-length", 0))
        StandIn.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": StandIn.reply}}]})
        self.send_response(StandIn.status)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    StandIn.requests, StandIn.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_generated_answer_is_grounded_and_cited(index: Index, endpoint: str) -> None:
    StandIn.reply = "A passport for an adult costs 40 AZN if issued within 10 working days [passport]."
    answer, _ = answer_question(
        index, "how much is a passport", generator=OpenAICompatibleGenerator(endpoint)
    )
    assert answer.text.startswith("A passport for an adult costs 40 AZN")
    assert "bpqmi.gov.az" in answer.text and [e["id"] for e in answer.entries] == ["passport"]
    sent = StandIn.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    prompt = sent["body"]["messages"][1]["content"]
    assert "[passport]" in prompt and "40 AZN" in prompt  # the model saw the retrieved passage
    assert "NO_ANSWER" in sent["body"]["messages"][0]["content"]


@pytest.mark.parametrize("reply", ["NO_ANSWER", "It costs 10 AZN.", "It costs 10 AZN [made-up-id]."])
def test_refusals_and_uncited_answers_become_i_dont_know(index: Index, endpoint: str, reply: str) -> None:
    StandIn.reply = reply
    answer, _ = answer_question(
        index, "how much is a passport", generator=OpenAICompatibleGenerator(endpoint)
    )
    assert answer.kind == "dont_know" and answer.offer_case
    assert "10 AZN" not in answer.text


def test_an_unreachable_or_failing_endpoint_falls_back_to_the_extractive_answer(
    index: Index, endpoint: str
) -> None:
    StandIn.status = 500
    generator = OpenAICompatibleGenerator(endpoint)
    with pytest.raises(GeneratorError, match="HTTP 500"):
        generator.generate("q", index.entries[:1], "en")
    answer, _ = answer_question(index, "how much is a passport", generator=generator)
    assert "40 AZN" in answer.text and answer.kind == "answer"
    dead = OpenAICompatibleGenerator("http://127.0.0.1:9/v1", timeout=2)
    answer, _ = answer_question(index, "how much is a passport", generator=dead)
    assert "40 AZN" in answer.text
