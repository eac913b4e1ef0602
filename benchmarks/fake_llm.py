"""A local OpenAI-compatible endpoint with a fixed latency, for the LLM cost benchmark.

``POST /v1/chat/completions`` waits ``latency`` seconds, then answers with a valid structured response
for whichever prompt was used (goals, problems or measures): one item per line of the section text, each
quoting its line as evidence, so the client's validation and grounding do their real work. It answers in
the mode the request asks for (``response_format`` JSON schema or JSON, or a forced tool call).

Usage is counted the way a CJK tokenizer roughly does (one token per CJK character, one per four other
characters), and the server keeps what it was sent: the number of requests, the characters of the
messages, and the section text of each request (what follows ``…（原文）：``), so the benchmark can show
that only narrative sections leave the machine.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel, Field

_HEADER = re.compile(r"^(存在的问题|改进措施|年度总体目标|实际完成情况)（原文）：\n", re.MULTILINE)
_MARKER = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①-⑳]|[一二三四五六七八九十]是)\s*")
_TARGETS = {"存在的问题": "problems", "改进措施": "measures", "年度总体目标": "goals"}
_MAX_ITEMS = 8


def count_tokens(text: str) -> int:
    """Rough token count: CJK characters one each, other characters one per four."""
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return cjk + -(-(len(text) - cjk) // 4)


class EndpointStats(BaseModel):
    """What the endpoint received since the last reset."""

    requests: int = 0
    message_chars: int = Field(default=0, description="Characters of all messages (system prompt included)")
    section_chars: int = Field(default=0, description="Characters of the section text of each request")
    prompt_tokens: int = 0
    max_in_flight: int = Field(default=0, description="Most requests being answered at the same time")
    sections: list[str] = Field(default_factory=list, description="The section text of each request")


def section_of(user: str) -> tuple[str | None, str]:
    """(target, section text) of a user message rendered from one of jixiao's prompts."""
    heads = list(_HEADER.finditer(user))
    for i, head in enumerate(heads):
        target = _TARGETS.get(head.group(1))
        if target is None:
            continue
        end = heads[i + 1].start() if i + 1 < len(heads) else len(user)
        return target, user[head.end() : end].strip("\n")
    return None, ""


def answer_items(target: str | None, section: str) -> dict[str, list[dict[str, Any]]]:
    """A valid GoalList / ProblemList / MeasureList: one item per line of the section, quoting it."""
    items: list[dict[str, Any]] = []
    for line in section.splitlines():
        quote = line.strip()[:80]
        if len(quote) < 2:
            continue
        text = _MARKER.sub("", quote) or quote
        if target == "goals":
            items.append({"text": text, "evidence": quote})
        elif target == "measures":
            items.append({"text": text, "evidence": quote, "category": "其他", "addresses": []})
        else:
            items.append({"text": text, "evidence": quote, "cause": None, "category": "其他", "figures": []})
        if len(items) == _MAX_ITEMS:
            break
    return {"items": items}


class FakeLLMEndpoint:
    """The server; a context manager. ``base_url`` ends in ``/v1``."""

    def __init__(self, latency: float = 0.3, port: int = 0) -> None:
        self.latency = latency
        self._stats = EndpointStats()
        self._in_flight = 0
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real endpoint

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes; without this, Nagle's algorithm holds the
                # body back until the client's delayed ACK (40 ms on Linux), on every request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                endpoint._enter()
                try:
                    reply = endpoint.respond(body)
                    time.sleep(endpoint.latency)
                finally:
                    endpoint._leave()
                data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # many clients connect at once

        self._server = Server(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    def __enter__(self) -> FakeLLMEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._stats.max_in_flight = max(self._stats.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def reset(self) -> EndpointStats:
        """The statistics so far, and start counting afresh."""
        with self._lock:
            stats, self._stats = self._stats, EndpointStats()
        return stats

    def respond(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat completion answering ``body`` (and the request counted)."""
        messages = body.get("messages", [])
        contents = [m.get("content") or "" for m in messages if isinstance(m.get("content"), str)]
        user = next((m.get("content") or "" for m in messages if m.get("role") == "user"), "")
        target, section = section_of(user)
        output = json.dumps(answer_items(target, section), ensure_ascii=False)
        prompt_tokens = sum(count_tokens(c) for c in contents)
        with self._lock:
            self._stats.requests += 1
            self._stats.message_chars += sum(len(c) for c in contents)
            self._stats.section_chars += len(section)
            self._stats.prompt_tokens += prompt_tokens
            self._stats.sections.append(section)
        message: dict[str, Any] = {"role": "assistant", "content": output}
        finish = "stop"
        tools = body.get("tools") or []
        if tools:
            name = tools[0].get("function", {}).get("name", "answer")
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "call_0", "type": "function", "function": {"name": name, "arguments": output}}
                ],
            }
            finish = "tool_calls"
        completion_tokens = count_tokens(output)
        return {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "bench-model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
