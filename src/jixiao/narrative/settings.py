"""LLM options from flags and the environment, in the ecosystem's usual names.

* ``OPENAI_BASE_URL`` / ``--base-url``: the endpoint; ``OPENAI_API_KEY``: its key (local servers take any);
* ``JIXIAO_MODEL`` / ``--model``: the model name;
* tuning, all optional: ``JIXIAO_LLM_MODE`` (``json_schema`` | ``tools`` | ``json``), ``JIXIAO_LLM_TIMEOUT``
  (seconds one request may take in all), ``JIXIAO_LLM_MAX_TOKENS``, ``JIXIAO_LLM_MAX_RETRIES``,
  ``JIXIAO_LLM_CONCURRENCY``, ``JIXIAO_LLM_RPM`` (requests per minute), ``JIXIAO_LLM_MAX_RESPONSE_BYTES``
  (largest answer read) and ``JIXIAO_LLM_MAX_ITEM_CHARS`` (longest text in an answer).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from jixiao.errors import ConfigError
from jixiao.schema import LLMOptions

_TUNING = {
    "JIXIAO_LLM_MODE": "mode",
    "JIXIAO_LLM_TIMEOUT": "timeout",
    "JIXIAO_LLM_MAX_RESPONSE_BYTES": "max_response_bytes",
    "JIXIAO_LLM_MAX_ITEM_CHARS": "max_item_chars",
    "JIXIAO_LLM_MAX_TOKENS": "max_tokens",
    "JIXIAO_LLM_MAX_RETRIES": "max_retries",
    "JIXIAO_LLM_CONCURRENCY": "concurrency",
    "JIXIAO_LLM_RPM": "rpm",
}


def llm_options(
    *,
    base_url: str | None = None,
    model: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> LLMOptions:
    """LLMOptions from flags (which win) and the environment.

    Raises:
        ConfigError: a tuning variable has a value the option does not accept (names the variable).
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {
        "base_url": base_url or env.get("OPENAI_BASE_URL") or None,
        "api_key": env.get("OPENAI_API_KEY") or None,
        "model": model or env.get("JIXIAO_MODEL") or None,
    }
    for var, name in _TUNING.items():
        if env.get(var):
            values[name] = env[var]
    try:
        return LLMOptions.model_validate(values)
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
        names = [var for var, name in _TUNING.items() if name in bad] or sorted(bad)
        raise ConfigError(None, f"invalid LLM setting {', '.join(names)}: {exc.errors()[0]['msg']}") from exc


__all__ = ["llm_options"]
