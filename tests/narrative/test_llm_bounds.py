"""An endpoint cannot hold a request past its deadline, make the client read a huge answer, or have an
answer it should not trust cached: real sockets, a server that drips, bombs and oversized items."""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.narrative.grounding import ground
from jixiao.narrative.llm import ResponseCache
from jixiao.narrative.prompts import get_prompt
from jixiao.schema import GroundingStatus
from jixiao.schema import ProblemList
from tests.narrative.fake_endpoint import FakeEndpoint
from tests.narrative.fake_endpoint import json_reply
from tests.narrative.test_llm_client import SECTION
from tests.narrative.test_llm_client import ask
from tests.narrative.test_llm_client import make_client


class RawEndpoint:
    """A TCP server on 127.0.0.1 whose every connection is handled by ``answer`` after the request is read."""

    def __init__(self, answer: Callable[[socket.socket], None]) -> None:
        self.answer = answer
        self.requests = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stop = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}/v1"

    def _serve(self) -> None:
        self._server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            while len(body) < length:
                body += conn.recv(65536)
            self.requests += 1
            with contextlib.suppress(OSError):  # the client hung up: what a deadline does
                self.answer(conn)

    def __enter__(self) -> RawEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._server.close()


def _drip_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    for _ in range(60):
        conn.sendall(b" ")
        time.sleep(0.5)


def _drip_headers(conn: socket.socket) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
        conn.sendall(bytes([byte]))
        time.sleep(0.5)


@pytest.mark.parametrize("drip", [_drip_body, _drip_headers], ids=["body", "headers"])
def test_an_endpoint_dripping_a_byte_every_half_second_fails_the_request_at_its_deadline(
    drip: Callable[[socket.socket], None], tmp_path: Path
) -> None:
    with RawEndpoint(drip) as endpoint:
        client = make_client(endpoint, tmp_path, attempts=2, timeout=2.0)
        started = time.monotonic()
        out = ask(client)
        elapsed = time.monotonic() - started
    assert not out.ok and endpoint.requests == 2
    # Two attempts of two seconds each: every read returned within its timeout, the requests did not.
    assert 4.0 <= elapsed < 6.0, elapsed
    assert [(e.ok, e.error) for e in out.ledger] == [
        (False, "timeout: no complete answer within the 2 s deadline")
    ] * 2
    assert out.error == "failed after 2 attempts: timeout: no complete answer within the 2 s deadline"
    assert len(ResponseCache(tmp_path / "cache")) == 0


def _huge_body() -> tuple[bytes, bytes, bytes]:
    """A chat completion of 50 MB as (start, a megabyte repeated 50 times, end)."""
    content = json.dumps({"items": []})
    message = {"role": "assistant", "content": content}
    completion = {
        "id": "x",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
        "padding": "__PAD__",
    }
    before, after = json.dumps(completion).encode().split(b"__PAD__")
    return before, b"x" * (1 << 20), after


def _huge_answer(conn: socket.socket, gzipped: bytes | None) -> None:
    """Send the 50 MB completion a megabyte at a time (the server keeps none of it), or ``gzipped``."""
    if gzipped is not None:
        head = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(gzipped)}\r\n\r\n"
        conn.sendall(head.encode() + gzipped)
        return
    before, pad, after = _huge_body()
    size = len(before) + 50 * len(pad) + len(after)
    conn.sendall(
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n".encode()
    )
    conn.sendall(before)
    for _ in range(50):
        conn.sendall(pad)
    conn.sendall(after)


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_a_50_mb_answer_is_refused_unread_and_never_cached_or_asked_again(
    encoding: str | None, tmp_path: Path
) -> None:
    gzipped = None
    if encoding == "gzip":  # made before memory is traced: the server's copy is not the client's
        before, pad, after = _huge_body()
        gzipped = gzip.compress(before + pad * 50 + after, 1)
    with RawEndpoint(lambda conn: _huge_answer(conn, gzipped)) as endpoint:
        client = make_client(endpoint, tmp_path, attempts=3, timeout=30.0)
        tracemalloc.start()
        out = ask(client)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert not out.ok
    assert endpoint.requests == 1, "the same question would get the same answer: not asked again"
    assert out.error == (
        "failed after 1 attempt: answer larger than 1,048,576 bytes (JIXIAO_LLM_MAX_RESPONSE_BYTES); not read further"
    )
    assert peak < 8 << 20, f"read {peak / 2**20:.0f} MB of it"
    assert len(ResponseCache(tmp_path / "cache")) == 0


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as fake:
        yield fake


def test_an_answer_holding_a_text_over_the_item_cap_fails_and_is_not_cached(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    long_item = {
        "text": "预算" * 3000,
        "evidence": SECTION,
        "cause": None,
        "category": "预算执行",
        "figures": [],
    }
    endpoint.add(json_reply({"items": [long_item]}))
    client = make_client(endpoint, tmp_path, attempts=1)
    out = ask(client)
    assert not out.ok
    assert out.error == (
        "failed after 1 attempt: an answer holding a text of 6,000 characters, over the 5,000-character cap "
        "(JIXIAO_LLM_MAX_ITEM_CHARS)"
    )
    assert [(e.ok, e.prompt_tokens) for e in out.ledger] == [(False, 100)]  # spent, and counted
    assert len(ResponseCache(tmp_path / "cache")) == 0
    endpoint.add(json_reply({"items": [long_item | {"text": "预算执行率较低"}]}))
    assert ask(client).ok and len(ResponseCache(tmp_path / "cache")) == 1


def test_a_deferred_answer_is_cached_only_when_remembered(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    item = {
        "text": "预算执行率较低",
        "evidence": SECTION,
        "cause": None,
        "category": "预算执行",
        "figures": [],
    }
    endpoint.add(json_reply({"items": [item]}), json_reply({"items": [item]}))
    client = make_client(endpoint, tmp_path)
    first = client.extract(
        target="problems",
        prompt=get_prompt("problems"),
        context={"text": SECTION},
        response_model=ProblemList,
        defer_cache=True,
    )
    assert first.ok and len(ResponseCache(tmp_path / "cache")) == 0
    client.remember(first)
    assert len(ResponseCache(tmp_path / "cache")) == 1 and ask(client).cached


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        ("的", GroundingStatus.UNGROUNDED),
        ("资金", GroundingStatus.UNGROUNDED),
        ("，。的", GroundingStatus.UNGROUNDED),
        ("部分资金", GroundingStatus.EXACT),
        ("预算执行率较低", GroundingStatus.EXACT),
    ],
)
def test_a_quote_too_short_to_point_anywhere_is_not_grounding(quote: str, status: GroundingStatus) -> None:
    text = "存在问题：预算执行率较低的原因是部分资金的拨付较慢。"
    assert ground(text, quote).status == status


def test_a_short_quote_is_grounding_when_it_is_all_the_text_there_is() -> None:
    text = "前言\n无问题\n结尾"
    found = ground(text, "无问题", (3, 6))
    assert (found.status, found.span) == (GroundingStatus.EXACT, (3, 6))
