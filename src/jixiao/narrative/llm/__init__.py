"""The LLM backend: client (instructor over openai), response cache, request limiter."""

from jixiao.narrative.llm.backend import DEFAULT_MAX_CHARS, LLMBackend, chunk_text
from jixiao.narrative.llm.cache import CachedResponse, ResponseCache, cache_key, default_cache_dir
from jixiao.narrative.llm.client import CallOutcome, LLMClient, RetryPolicy, describe_error, is_retryable
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
