"""A scripted OpenAI-compatible endpoint on 127.0.0.1, for tests at the HTTP boundary.

Each POST to ``/v1/chat/completions`` is recorded and answered with the next scripted reply (status,
JSON body, headers, optional delay before answering), or by ``responder`` when the order of calls is
not fixed. An unscripted request gets HTTP 500, so a test that makes more calls than it expects fails
loudly.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(
    content: str, *, prompt_tokens: int = 100, completion_tokens: int = 20, finish: str = "stop"
) -> Reply:
    """A chat completion whose message content is ``content`` (JSON-schema and JSON modes)."""
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "test-model",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def json_reply(obj: Any, **kwargs: Any) -> Reply:
    return completion(json.dumps(obj, ensure_ascii=False), **kwargs)


def tool_reply(name: str, obj: Any, *, prompt_tokens: int = 100, completion_tokens: int = 20) -> Reply:
    """A chat completion that calls tool ``name`` with ``obj`` (tools mode)."""
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "test-model",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": None,
                        "tool_calls": [
                            {
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": name, "arguments": json.dumps(obj, ensure_ascii=False)},
                            }
                        ],
                    },
                    "finish_reason": "tool_calls",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error_reply(status: int, message: str = "error", *, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status=status, body={"error": {"message": message, "type": "error"}}, headers=headers or {})


class FakeEndpoint:
    """The scripted server. Use as a context manager; ``base_url`` ends in ``/v1``."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        # When set, answers every request (for calls whose order is not fixed).
        self.responder: Callable[[dict[str, Any]], Reply] | None = None
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with endpoint._lock:
                    endpoint.requests.append(body)
                    if endpoint.responder is not None:
                        reply = endpoint.responder(body)
                    elif endpoint.script:
                        reply = endpoint.script.pop(0)
                    else:
                        reply = error_reply(500, "unscripted request")
                if reply.delay:
                    time.sleep(reply.delay)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeEndpoint:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def user_messages(self) -> list[str]:
        """The user message of every request, in order."""
        out = []
        for req in self.requests:
            users = [m["content"] for m in req.get("messages", []) if m.get("role") == "user"]
            out.append(users[0] if users else "")
        return out
