"""The LLM response cache (diskcache): a second run over the same corpus makes no calls.

The key covers everything that decides a response: model, endpoint, prompt id@version, the JSON schema
of the response model, the messages sent (the section text rendered into the prompt) and the sampling
parameters. The structured-output mode is not part of it: it changes how the schema is sent, not what
is asked. Only validated responses are stored; a failure is never cached, so it is retried next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import diskcache
from pydantic import BaseModel
from pydantic import Field


def default_cache_dir() -> Path:
    """The user cache folder for LLM responses: ``~/.cache/jixiao/llm`` (``XDG_CACHE_HOME`` respected;
    ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS)."""
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "jixiao" / "llm"


class CachedResponse(BaseModel):
    """A validated response as stored."""

    output: str = Field(description="The response model, as JSON")
    model: str
    prompt: str = Field(description="prompt id@version")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def cache_key(
    *,
    model: str,
    endpoint: str,
    prompt: str,
    schema: dict[str, Any],
    messages: list[dict[str, str]],
    sampling: dict[str, Any],
) -> str:
    """The cache key of one request (a sha256 hex digest)."""
    basis = {
        "model": model,
        "endpoint": endpoint.rstrip("/"),
        "prompt": prompt,
        "schema": schema,
        "messages": messages,
        "sampling": sampling,
    }
    blob = json.dumps(basis, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated LLM responses on disk, safe to share between threads and processes."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._cache = diskcache.Cache(str(self.directory))

    def get(self, key: str) -> CachedResponse | None:
        """The stored response, or None (also for an entry that no longer validates)."""
        raw = self._cache.get(key)
        if not isinstance(raw, str):
            return None
        try:
            return CachedResponse.model_validate_json(raw)
        except ValueError:
            return None

    def set(self, key: str, response: CachedResponse) -> None:
        self._cache.set(key, response.model_dump_json())

    def __len__(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        self._cache.close()


__all__ = ["CachedResponse", "ResponseCache", "cache_key", "default_cache_dir"]
