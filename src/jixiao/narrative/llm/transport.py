"""The HTTP transport under the LLM client: a total deadline per request and a cap on the answer's size.

httpx's timeouts bound each network operation, not a request: an endpoint that sends one byte every two
seconds never trips a five-second read timeout and holds a request for as long as it likes; and an
answer of fifty megabytes is read, parsed and cached whole. Here each request runs in a helper thread
while the caller waits for at most the deadline: past it the caller gets a timeout (which the client
retries like any other), the connection is shut, and the helper stops at its next read. The answer is
read in pieces and refused as soon as it passes the cap; a compressed answer is inflated under the same
cap (answers are asked for uncompressed).

The transport is built on the HTTP library the installed openai client uses (httpx2 from openai 3 on,
httpx before), so it plugs into ``openai.OpenAI(http_client=…)`` either way.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import zlib
from typing import Any

try:  # what the openai client is built on: httpx2 from its release 3, httpx before
    import httpx2 as httpx
except ImportError:  # pragma: no cover - older openai releases
    import httpx  # type: ignore[no-redef]


class ResponseTooLargeError(Exception):
    """The endpoint's answer is larger than the cap (``LLMOptions.max_response_bytes``)."""


class BoundedTransport(httpx.BaseTransport):
    """Wraps a transport so that each request ends within ``deadline`` seconds with at most ``max_bytes``."""

    def __init__(self, deadline: float, max_bytes: int, inner: httpx.BaseTransport | None = None) -> None:
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["accept-encoding"] = "identity"
        # No single network operation may outlast the whole request either.
        request.extensions["timeout"] = {
            key: min(value, self.deadline) if value is not None else self.deadline
            for key, value in request.extensions.get("timeout", {}).items()
        } or dict.fromkeys(("connect", "read", "write", "pool"), self.deadline)
        sockets: list[socket.socket] = []
        traced = request.extensions.get("trace")

        def trace(name: str, info: dict[str, Any]) -> None:
            # The socket of a new connection, so that a request past its deadline can be cut off.
            if name == "connection.connect_tcp.complete" and info.get("return_value") is not None:
                sock = info["return_value"].get_extra_info("socket")
                if sock is not None:
                    sockets.append(sock)
            if traced is not None:
                traced(name, info)

        request.extensions["trace"] = trace
        outcome: dict[str, Any] = {}
        done, stop = threading.Event(), threading.Event()
        helper = threading.Thread(
            target=self._fetch, args=(request, outcome, done, stop), daemon=True, name="jixiao-llm-request"
        )
        helper.start()
        if not done.wait(self.deadline):
            stop.set()
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            raise self._late(request)
        if "error" in outcome:
            # A single read cannot outlast the deadline either: its timeout, at the same moment, says the same.
            if isinstance(outcome["error"], httpx.TimeoutException):
                raise self._late(request) from outcome["error"]
            raise outcome["error"]
        response: httpx.Response = outcome["response"]
        return response

    def _late(self, request: httpx.Request) -> httpx.ReadTimeout:
        return httpx.ReadTimeout(
            f"no complete answer within the {self.deadline:g} s deadline", request=request
        )

    def _fetch(
        self, request: httpx.Request, outcome: dict[str, Any], done: threading.Event, stop: threading.Event
    ) -> None:
        try:
            response = self.inner.handle_request(request)
            try:
                body = self._read(response, stop)
            finally:
                response.close()
            headers = [
                (k, v)
                for k, v in response.headers.raw
                if k.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
            ]
            outcome["response"] = httpx.Response(
                response.status_code, headers=headers, content=body, request=request
            )
        except BaseException as exc:  # handed to the caller's thread, raised there
            outcome["error"] = exc
        finally:
            done.set()

    def _read(self, response: httpx.Response, stop: threading.Event) -> bytes:
        """The body, inflated if the server compressed it anyway; never more than ``max_bytes``."""
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "", "gzip", "deflate"):
            raise ResponseTooLargeError(f"answer in an encoding not asked for ({encoding})")
        # 47: zlib or gzip, told apart by the header.
        inflater = zlib.decompressobj(47) if encoding in ("gzip", "deflate") else None
        pieces: list[bytes] = []
        size = 0
        for raw in response.stream:  # type: ignore[union-attr]
            if stop.is_set():
                raise httpx.ReadTimeout("request abandoned at its deadline")
            data = inflater.decompress(raw, self.max_bytes + 1 - size) if inflater is not None else raw
            size += len(data)
            if size > self.max_bytes or (inflater is not None and inflater.unconsumed_tail):
                raise ResponseTooLargeError(
                    f"answer larger than {self.max_bytes:,} bytes (JIXIAO_LLM_MAX_RESPONSE_BYTES); not read further"
                )
            pieces.append(data)
        return b"".join(pieces)

    def close(self) -> None:
        self.inner.close()


__all__ = ["BoundedTransport", "ResponseTooLargeError", "httpx"]
