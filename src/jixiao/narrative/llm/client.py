"""The LLM client: instructor over the ``openai`` client, for any OpenAI-compatible endpoint.

One :class:`LLMClient` can serve a whole batch: it is thread-safe, and its limiter (requests in flight,
requests per minute), response cache and structured-output mode are shared by every caller.

A call (:meth:`LLMClient.extract`) asks for one pydantic response model:

* structured output by ``LLMOptions.mode``: ``json_schema`` (``response_format`` with the JSON schema —
  OpenAI, vLLM, Ollama, llama.cpp's C++ server), ``tools`` (a forced tool call — llama-cpp-python's
  server turns the tool's schema into a grammar) or ``json`` (JSON mode, the schema in the prompt). An
  endpoint that rejects ``json_schema`` (llama-cpp-python answers HTTP 500 "Input should be 'text' or
  'json_object'") is switched to ``tools`` once for the client's lifetime, with a warning;
* output that is not valid JSON or does not validate is re-asked with the validation error (instructor's
  re-ask), without waiting;
* timeouts, connection errors, HTTP 429 and 5xx are retried with exponential backoff and jitter (a 429's
  ``Retry-After`` is honoured up to the cap);
* re-asks and retries share one budget, ``LLMOptions.max_retries`` retries after the first attempt; when
  it is spent the call returns a failure with the reason, and the caller goes on;
* every attempt is one :class:`~jixiao.schema.LedgerEntry` (tokens from the response's ``usage``), and a
  cache hit is one entry with ``cached=True`` and no tokens (nothing was spent);
* each HTTP request has a total deadline (``LLMOptions.timeout``) and its answer a size cap
  (``max_response_bytes``), see :mod:`jixiao.narrative.llm.transport`; an answer holding a text longer
  than ``max_item_chars`` fails. A failure is never cached, and a caller may keep a good answer out of
  the cache until it has checked it (``defer_cache``, then :meth:`LLMClient.remember`).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from functools import cache
from typing import Any
from typing import Generic
from typing import TypeVar

import instructor
import openai
import pydantic
from instructor.core import IncompleteOutputException
from instructor.core import InstructorRetryException
from instructor.core import ResponseParsingError
from instructor.core import ValidationError as InstructorValidationError
from instructor.core.hooks import Hooks
from tenacity import Retrying
from tenacity import retry_if_exception
from tenacity import stop_after_attempt

from jixiao.errors import ConfigError
from jixiao.narrative.llm.cache import CachedResponse
from jixiao.narrative.llm.cache import ResponseCache
from jixiao.narrative.llm.cache import cache_key
from jixiao.narrative.llm.cache import default_cache_dir
from jixiao.narrative.llm.limiter import RequestLimiter
from jixiao.narrative.llm.transport import BoundedTransport
from jixiao.narrative.llm.transport import ResponseTooLargeError
from jixiao.narrative.llm.transport import httpx
from jixiao.narrative.prompts import Prompt
from jixiao.schema import LedgerEntry
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig

T = TypeVar("T", bound=pydantic.BaseModel)

# instructor logs every failed attempt at ERROR; the ledger and the section's status already say it.
logging.getLogger("instructor").addHandler(logging.NullHandler())

_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
}
_PARSE_ERRORS = (
    pydantic.ValidationError,
    json.JSONDecodeError,
    ResponseParsingError,
    InstructorValidationError,
)
_REASON_CHARS = 300


@dataclass(frozen=True)
class RetryPolicy:
    """How failed attempts are retried.

    ``max_attempts`` counts the first attempt. Transport faults wait ``backoff_base × 2^(n−1)`` seconds
    (capped at ``backoff_max``) times a random factor in ``1 ± jitter``; invalid output is re-asked at once.
    """

    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    jitter: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, error: BaseException | None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if isinstance(error, _PARSE_ERRORS):
            return 0.0
        wait = min(self.backoff_max, self.backoff_base * 2 ** max(0, attempt - 1))
        wait *= 1.0 + self.jitter * random.uniform(-1.0, 1.0)
        if isinstance(error, openai.RateLimitError):
            wait = max(wait, min(self.backoff_max, _retry_after(error)))
        return max(0.0, wait)


@dataclass
class CallOutcome(Generic[T]):
    """What one :meth:`LLMClient.extract` call produced."""

    output: T | None
    ledger: list[LedgerEntry]
    cached: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    unsaved: tuple[str, CachedResponse] | None = None
    """A good answer not cached yet (``defer_cache``): :meth:`LLMClient.remember` caches it."""

    @property
    def ok(self) -> bool:
        return self.output is not None


class _Attempts:
    """Hook handlers that turn instructor's per-attempt events into ledger entries."""

    def __init__(self, target: str, model: str, prompt: str, before_request: Callable[[], object]) -> None:
        self.target, self.model, self.prompt = target, model, prompt
        self.entries: list[LedgerEntry] = []
        self._started = 0.0
        self._before_request = before_request

    def hooks(self) -> Hooks:
        hooks = Hooks()
        hooks.on("completion:kwargs", self.on_request)
        hooks.on("completion:response", self.on_response)
        hooks.on("completion:error", self.on_error)
        hooks.on("parse:error", self.on_parse_error)
        return hooks

    def on_request(self, *args: Any, **kwargs: Any) -> None:
        self._before_request()
        self._started = time.perf_counter()
        self.entries.append(
            LedgerEntry(
                target=self.target, model=self.model, prompt_id=self.prompt, attempt=len(self.entries) + 1
            )
        )

    def on_response(self, response: Any) -> None:
        entry = self.entries[-1]
        usage = getattr(response, "usage", None)
        entry.prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        entry.completion_tokens = int(getattr(usage, "completion_tokens", 0) or 0)
        entry.seconds = round(time.perf_counter() - self._started, 3)
        finish = (
            getattr(response.choices[0], "finish_reason", None)
            if getattr(response, "choices", None)
            else None
        )
        if finish == "length":
            entry.ok, entry.error = False, "output cut off at max_tokens"

    def on_error(self, error: Exception, **kwargs: Any) -> None:
        self._fail(describe_error(error))
        self.entries[-1].seconds = round(time.perf_counter() - self._started, 3)

    def on_parse_error(self, error: Exception, **kwargs: Any) -> None:
        self._fail(describe_error(error))

    def _fail(self, reason: str) -> None:
        if self.entries:
            self.entries[-1].ok = False
            self.entries[-1].error = reason


class LLMClient:
    """Structured extraction from an OpenAI-compatible endpoint (see the module docstring)."""

    def __init__(
        self,
        options: LLMOptions,
        *,
        cache: ResponseCache | None = None,
        retry: RetryPolicy | None = None,
        limiter: RequestLimiter | None = None,
    ) -> None:
        """Make a client.

        Raises:
            ConfigError: no endpoint or no model in ``options``.
        """
        if not options.base_url:
            raise ConfigError(
                None, "the llm backend needs an endpoint: set OPENAI_BASE_URL or pass --base-url"
            )
        if not options.model:
            raise ConfigError(None, "the llm backend needs a model: set JIXIAO_MODEL or pass --model")
        self.options = options
        self.model: str = options.model
        self.endpoint: str = options.base_url
        self.cache = cache
        self.retry = retry or RetryPolicy(max_attempts=options.max_retries + 1)
        self.limiter = limiter or RequestLimiter(options.concurrency, options.rpm)
        # Each request ends within the deadline, with an answer no larger than the cap, whatever the endpoint.
        self._http = httpx.Client(
            transport=BoundedTransport(options.timeout, options.max_response_bytes), timeout=options.timeout
        )
        # Local servers accept any key, but the openai client insists on one.
        self._openai = openai.OpenAI(
            base_url=options.base_url,
            api_key=options.api_key or "not-needed",
            timeout=options.timeout,
            max_retries=0,  # retries are ours, so that each attempt is in the ledger
            http_client=self._http,
        )
        self._mode = options.mode
        self._instructors: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: PipelineConfig) -> LLMClient:
        """A client for the configuration's endpoint, with its cache unless ``use_cache`` is off."""
        cache = ResponseCache(config.cache_dir or default_cache_dir()) if config.use_cache else None
        return cls(config.llm, cache=cache)

    @property
    def mode(self) -> str:
        """The structured-output mode in use (it may have fallen back from ``json_schema`` to ``tools``)."""
        return self._mode

    def extract(
        self,
        *,
        target: str,
        prompt: Prompt,
        context: dict[str, Any],
        response_model: type[T],
        defer_cache: bool = False,
    ) -> CallOutcome[T]:
        """Ask for ``response_model`` with ``prompt`` rendered over ``context``; never raises for endpoint faults.

        Args:
            target: what is asked for (``problems``, ``measures``, ``goals``), for the ledger.
            prompt: the prompt template.
            context: the template's variables (``text`` is the section text).
            response_model: the pydantic model the answer must validate against.
            defer_cache: leave a good answer out of the cache until :meth:`remember` is called with the
                outcome (for a caller that checks the answer first).
        """
        messages = prompt.render(**context)
        key = cache_key(
            model=self.model,
            endpoint=self.endpoint,
            prompt=prompt.ref,
            schema=_json_schema(response_model),
            messages=messages,
            sampling={"temperature": self.options.temperature, "max_tokens": self.options.max_tokens},
        )
        hit = self._from_cache(key, target, prompt, response_model)
        if hit is not None:
            return hit
        with self.limiter.slot():
            outcome = self._call(target, prompt, messages, response_model)
        if outcome.output is not None:
            too_long = _longest_text(outcome.output)
            if too_long > self.options.max_item_chars:
                return _refused(
                    outcome,
                    f"an answer holding a text of {too_long:,} characters, over the {self.options.max_item_chars:,}"
                    "-character cap (JIXIAO_LLM_MAX_ITEM_CHARS)",
                )
        if outcome.output is not None and self.cache is not None:
            spent = [e for e in outcome.ledger if e.ok]
            outcome.unsaved = (
                key,
                CachedResponse(
                    output=outcome.output.model_dump_json(),
                    model=self.model,
                    prompt=prompt.ref,
                    prompt_tokens=sum(e.prompt_tokens for e in spent),
                    completion_tokens=sum(e.completion_tokens for e in spent),
                ),
            )
            if not defer_cache:
                self.remember(outcome)
        return outcome

    def remember(self, outcome: CallOutcome[Any]) -> None:
        """Cache the good answer of an :meth:`extract` call made with ``defer_cache`` (once)."""
        if outcome.unsaved is not None and self.cache is not None:
            self.cache.set(*outcome.unsaved)
            outcome.unsaved = None

    def _from_cache(
        self, key: str, target: str, prompt: Prompt, response_model: type[T]
    ) -> CallOutcome[T] | None:
        if self.cache is None:
            return None
        stored = self.cache.get(key)
        if stored is None:
            return None
        try:
            output = response_model.model_validate_json(stored.output)
        except pydantic.ValidationError:
            return None
        entry = LedgerEntry(target=target, model=self.model, prompt_id=prompt.ref, attempt=0, cached=True)
        return CallOutcome(output=output, ledger=[entry], cached=True)

    def _instructor(self, mode: str) -> Any:
        with self._lock:
            if mode not in self._instructors:
                self._instructors[mode] = instructor.from_openai(self._openai, mode=_MODES[mode])
            return self._instructors[mode]

    def _retrying(self) -> Retrying:
        policy = self.retry
        return Retrying(
            stop=stop_after_attempt(max(1, policy.max_attempts)),
            wait=lambda state: policy.delay(
                state.attempt_number, state.outcome.exception() if state.outcome else None
            ),
            retry=retry_if_exception(is_retryable),
            sleep=policy.sleep,
            reraise=True,
        )

    def _call(
        self, target: str, prompt: Prompt, messages: list[dict[str, str]], response_model: type[T]
    ) -> CallOutcome[T]:
        attempts = _Attempts(target, self.model, prompt.ref, self.limiter.pace)
        warnings: list[str] = []
        while True:
            mode = self._mode
            try:
                output = self._instructor(mode).create(
                    response_model=response_model,
                    messages=[dict(m) for m in messages],
                    model=self.model,
                    temperature=self.options.temperature,
                    max_tokens=self.options.max_tokens,
                    max_retries=self._retrying(),
                    strict=False,
                    hooks=attempts.hooks(),
                )
                return CallOutcome(output=output, ledger=attempts.entries, warnings=warnings)
            except IncompleteOutputException:
                reason = f"output cut off at max_tokens={self.options.max_tokens}"
            except InstructorRetryException as exc:
                last = exc.__cause__ or exc
                if mode == "json_schema" and rejects_json_schema(last) and self._fall_back(mode):
                    warnings.append(
                        f"{self.endpoint} does not accept response_format json_schema; using tool calling"
                    )
                    continue
                reason = describe_error(last)
            except (openai.OpenAIError, pydantic.ValidationError, ValueError) as exc:
                reason = describe_error(exc)
            n = len(attempts.entries)
            return CallOutcome(
                output=None,
                ledger=attempts.entries,
                error=f"failed after {n} attempt{'s' if n != 1 else ''}: {reason}",
                warnings=warnings,
            )

    def _fall_back(self, mode: str) -> bool:
        with self._lock:
            if self._mode == mode:
                self._mode = "tools"
            return self._mode != mode


def _refused(outcome: CallOutcome[T], reason: str) -> CallOutcome[T]:
    """``outcome`` turned into a failure: an answer that validated but is not acceptable."""
    if outcome.ledger:
        outcome.ledger[-1].ok, outcome.ledger[-1].error = False, reason
    n = len(outcome.ledger)
    return CallOutcome(
        output=None,
        ledger=outcome.ledger,
        error=f"failed after {n} attempt{'s' if n != 1 else ''}: {reason}",
        warnings=outcome.warnings,
    )


def _longest_text(model: pydantic.BaseModel) -> int:
    """Length of the longest string anywhere in ``model``."""
    longest = 0
    stack: list[Any] = [model.model_dump()]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            longest = max(longest, len(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return longest


@cache
def _json_schema(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    # Generating a schema costs milliseconds, paid on every call of a batch otherwise; the response
    # models are classes defined once, so their schema never changes. Callers must not mutate it.
    return model.model_json_schema()


def is_retryable(error: BaseException) -> bool:
    """Invalid output, timeouts, connection errors, HTTP 429 and 5xx (but not a rejected request format, nor
    an answer over the size cap: asked again, the same question gets the same answer)."""
    if isinstance(error, _PARSE_ERRORS):
        return True
    if isinstance(error, openai.APIConnectionError) and isinstance(error.__cause__, ResponseTooLargeError):
        return False
    if isinstance(error, (openai.APIConnectionError, openai.RateLimitError)):
        return True
    return (
        isinstance(error, openai.APIStatusError)
        and error.status_code >= 500
        and not rejects_json_schema(error)
    )


def rejects_json_schema(error: BaseException) -> bool:
    """True when the endpoint refused the request because of ``response_format`` json_schema."""
    if not isinstance(error, openai.APIStatusError) or error.status_code not in (
        400,
        404,
        415,
        422,
        500,
        501,
    ):
        return False
    text = f"{error.message} {error.body}".lower()
    return "json_schema" in text or ("response_format" in text and "json_object" in text)


def describe_error(error: BaseException) -> str:
    """One line saying what went wrong with an attempt."""
    if isinstance(error, openai.APITimeoutError):
        text = (
            f"timeout: {error.__cause__}"
            if error.__cause__ is not None and str(error.__cause__)
            else "timeout"
        )
    elif isinstance(error, openai.APIConnectionError) and isinstance(error.__cause__, ResponseTooLargeError):
        text = str(error.__cause__)
    elif isinstance(error, openai.RateLimitError):
        text = "HTTP 429 rate limited"
    elif isinstance(error, openai.APIStatusError):
        text = f"HTTP {error.status_code}: {_error_message(error)}"
    elif isinstance(error, openai.APIConnectionError):
        text = f"connection error: {error}"
    elif isinstance(error, _PARSE_ERRORS):
        text = f"invalid output: {error}"
    elif isinstance(error, IncompleteOutputException):
        text = "output cut off at max_tokens"
    else:
        text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"


def _error_message(error: openai.APIStatusError) -> str:
    """The server's own message when the body has one (``{"error": {"message": …}}``), else openai's."""
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
    return error.message


def _retry_after(error: openai.RateLimitError) -> float:
    try:
        return float(error.response.headers.get("retry-after", 0))
    except (TypeError, ValueError):
        return 0.0


__all__ = ["CallOutcome", "LLMClient", "RetryPolicy", "describe_error", "is_retryable", "rejects_json_schema"]
