"""The LLM backend: client (instructor over openai), response cache, request limiter."""

from jixiao.narrative.llm.backend import DEFAULT_MAX_CHARS
from jixiao.narrative.llm.backend import LLMBackend
from jixiao.narrative.llm.backend import chunk_text
from jixiao.narrative.llm.cache import CachedResponse
from jixiao.narrative.llm.cache import ResponseCache
from jixiao.narrative.llm.cache import cache_key
from jixiao.narrative.llm.cache import default_cache_dir
from jixiao.narrative.llm.client import CallOutcome
from jixiao.narrative.llm.client import LLMClient
from jixiao.narrative.llm.client import RetryPolicy
from jixiao.narrative.llm.client import describe_error
from jixiao.narrative.llm.client import is_retryable
from jixiao.narrative.llm.limiter import RequestLimiter

__all__ = [
    "DEFAULT_MAX_CHARS",
    "CachedResponse",
    "CallOutcome",
    "LLMBackend",
    "LLMClient",
    "RequestLimiter",
    "ResponseCache",
    "RetryPolicy",
    "cache_key",
    "chunk_text",
    "default_cache_dir",
    "describe_error",
    "is_retryable",
]
