"""LLM options from flags and the environment."""

from __future__ import annotations

import pytest

from jixiao.errors import ConfigError
from jixiao.narrative.settings import llm_options


def test_flags_win_over_the_environment() -> None:
    env = {"OPENAI_BASE_URL": "http://env:1/v1", "JIXIAO_MODEL": "env-model", "OPENAI_API_KEY": "sk-x"}
    opts = llm_options(base_url="http://flag:2/v1", model=None, environ=env)
    assert (opts.base_url, opts.model, opts.api_key) == ("http://flag:2/v1", "env-model", "sk-x")


def test_tuning_variables() -> None:
    env = {
        "JIXIAO_LLM_MODE": "tools",
        "JIXIAO_LLM_TIMEOUT": "12.5",
        "JIXIAO_LLM_MAX_TOKENS": "256",
        "JIXIAO_LLM_MAX_RETRIES": "1",
        "JIXIAO_LLM_CONCURRENCY": "3",
        "JIXIAO_LLM_RPM": "60",
    }
    opts = llm_options(environ=env)
    assert (opts.mode, opts.timeout, opts.max_tokens, opts.max_retries, opts.concurrency, opts.rpm) == (
        "tools",
        12.5,
        256,
        1,
        3,
        60,
    )
    defaults = llm_options(environ={})
    assert (defaults.mode, defaults.max_tokens, defaults.base_url) == ("json_schema", 2048, None)


def test_an_invalid_setting_names_its_variable() -> None:
    with pytest.raises(ConfigError, match="JIXIAO_LLM_MODE"):
        llm_options(environ={"JIXIAO_LLM_MODE": "grammar"})
    with pytest.raises(ConfigError, match="JIXIAO_LLM_TIMEOUT"):
        llm_options(environ={"JIXIAO_LLM_TIMEOUT": "soon"})
