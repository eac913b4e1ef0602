"""The LLM client at the HTTP boundary: re-asks, retries, budget, cache, ledger, mode fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao.errors import ConfigError
from jixiao.narrative.llm import LLMClient
from jixiao.narrative.llm import RequestLimiter
from jixiao.narrative.llm import ResponseCache
from jixiao.narrative.llm import RetryPolicy
from jixiao.narrative.prompts import get_prompt
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig
from jixiao.schema import ProblemList
from tests.narrative.fake_endpoint import FakeEndpoint
from tests.narrative.fake_endpoint import Reply
from tests.narrative.fake_endpoint import error_reply
from tests.narrative.fake_endpoint import json_reply
from tests.narrative.fake_endpoint import tool_reply

SECTION = "（一）预算执行率较低，主要原因是部分资金还未拨付。"
GOOD = {
    "items": [
        {
            "text": "预算执行率较低",
            "evidence": "预算执行率较低，主要原因是部分资金还未拨付。",
            "cause": "部分资金还未拨付。",
            "category": "预算执行",
            "figures": [],
        }
    ]
}


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as fake:
        yield fake


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_client(
    endpoint: FakeEndpoint,
    tmp_path: Path,
    *,
    attempts: int = 3,
    timeout: float = 5.0,
    mode: str = "json_schema",
    sleeps: Sleeps | None = None,
    cache: bool = True,
) -> LLMClient:
    options = LLMOptions(
        base_url=endpoint.base_url, model="test-model", timeout=timeout, max_retries=attempts - 1, mode=mode
    )
    policy = RetryPolicy(
        max_attempts=attempts,
        backoff_base=0.01,
        backoff_max=0.05,
        sleep=sleeps if sleeps is not None else Sleeps(),
    )
    return LLMClient(options, cache=ResponseCache(tmp_path / "cache") if cache else None, retry=policy)


def ask(client: LLMClient):  # type: ignore[no-untyped-def]
    return client.extract(
        target="problems",
        prompt=get_prompt("problems"),
        context={"text": SECTION},
        response_model=ProblemList,
    )


def test_valid_answer_is_parsed_and_its_tokens_are_in_the_ledger(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    endpoint.add(json_reply(GOOD, prompt_tokens=321, completion_tokens=45))
    out = ask(make_client(endpoint, tmp_path))
    assert out.ok and out.error is None and not out.cached
    assert out.output is not None and out.output.items[0].cause == "部分资金还未拨付。"
    assert [(e.attempt, e.prompt_tokens, e.completion_tokens, e.ok) for e in out.ledger] == [
        (1, 321, 45, True)
    ]
    assert out.ledger[0].prompt_id == "problems@1" and out.ledger[0].model == "test-model"
    # Only the section goes to the model, with the schema as response_format (json_schema mode).
    request = endpoint.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert request["model"] == "test-model"
    assert SECTION in endpoint.user_messages()[0]


def test_invalid_output_is_reasked_with_the_validation_error(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    bad_category = {"items": [{**GOOD["items"][0], "category": "不存在的类别"}]}
    endpoint.add(json_reply({"oops": 1}), json_reply(bad_category), json_reply(GOOD))
    sleeps = Sleeps()
    out = ask(make_client(endpoint, tmp_path, sleeps=sleeps))
    assert out.ok
    assert [e.ok for e in out.ledger] == [False, False, True]
    assert all(e.error and e.error.startswith("invalid output") for e in out.ledger[:2])
    assert sleeps == [0.0, 0.0]  # a re-ask does not wait
    # The re-ask carries the model's answer and the error back to it.
    assert len(endpoint.requests[1]["messages"]) > len(endpoint.requests[0]["messages"])
    assert "不存在的类别" in json.dumps(endpoint.requests[2]["messages"], ensure_ascii=False)


@pytest.mark.parametrize(
    "fault",
    [
        error_reply(429, "slow down", headers={"retry-after": "0"}),
        error_reply(503, "overloaded"),
        error_reply(500, "boom"),
    ],
    ids=["429", "503", "500"],
)
def test_rate_limit_and_server_errors_are_retried_with_backoff(
    endpoint: FakeEndpoint, tmp_path: Path, fault: Reply
) -> None:
    endpoint.add(fault, json_reply(GOOD))
    sleeps = Sleeps()
    out = ask(make_client(endpoint, tmp_path, sleeps=sleeps))
    assert out.ok
    assert [e.ok for e in out.ledger] == [False, True]
    assert str(fault.status) in (out.ledger[0].error or "")
    assert len(sleeps) == 1 and 0.0 < sleeps[0] <= 0.05


def test_timeout_is_retried(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    slow = json_reply(GOOD)
    slow.delay = 1.5
    endpoint.add(slow, json_reply(GOOD))
    out = ask(make_client(endpoint, tmp_path, timeout=0.3))
    assert out.ok
    assert [(e.ok, e.error) for e in out.ledger] == [
        (False, "timeout: no complete answer within the 0.3 s deadline"),
        (True, None),
    ]


def test_spent_budget_fails_with_the_reason_and_the_failure_is_not_cached(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    endpoint.add(error_reply(503, "down"), error_reply(503, "down"), error_reply(503, "down"))
    client = make_client(endpoint, tmp_path, attempts=3)
    out = ask(client)
    assert not out.ok and out.output is None
    assert out.error is not None and out.error.startswith("failed after 3 attempts: HTTP 503")
    assert len(out.ledger) == 3 and not any(e.ok for e in out.ledger)
    assert client.cache is not None and len(client.cache) == 0
    # Next run asks again (the failure was not remembered) and succeeds.
    endpoint.add(json_reply(GOOD))
    again = ask(client)
    assert again.ok and not again.cached
    assert len(endpoint.requests) == 4


def test_a_client_error_is_not_retried(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(error_reply(401, "bad key"))
    out = ask(make_client(endpoint, tmp_path))
    assert not out.ok and out.error == "failed after 1 attempt: HTTP 401: bad key"
    assert len(endpoint.requests) == 1


def test_second_identical_call_is_a_cache_hit_without_http(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(json_reply(GOOD, prompt_tokens=300, completion_tokens=30))
    first = ask(make_client(endpoint, tmp_path))
    # A new client over the same cache folder: as a second run would be.
    second = ask(make_client(endpoint, tmp_path))
    assert len(endpoint.requests) == 1
    assert second.cached and second.output is not None and first.output is not None
    assert second.output.model_dump() == first.output.model_dump()
    assert [(e.cached, e.prompt_tokens, e.completion_tokens) for e in second.ledger] == [(True, 0, 0)]


def test_cache_key_changes_with_the_model(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(json_reply(GOOD), json_reply(GOOD))
    ask(make_client(endpoint, tmp_path))
    other = make_client(endpoint, tmp_path)
    other.model = "another-model"
    assert not ask(other).cached
    assert len(endpoint.requests) == 2


def test_no_cache_means_every_call_goes_out(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(json_reply(GOOD), json_reply(GOOD))
    client = make_client(endpoint, tmp_path, cache=False)
    assert not ask(client).cached and not ask(client).cached
    assert len(endpoint.requests) == 2


def test_endpoint_rejecting_json_schema_falls_back_to_tool_calling(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    # What llama-cpp-python's server answers to response_format json_schema.
    rejected = error_reply(
        500,
        "1 validation error: {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}",
    )
    endpoint.add(rejected, tool_reply("ProblemList", GOOD))
    client = make_client(endpoint, tmp_path)
    out = ask(client)
    assert out.ok and client.mode == "tools"
    assert [e.ok for e in out.ledger] == [False, True]
    assert out.warnings and "using tool calling" in out.warnings[0]
    assert endpoint.requests[1]["tool_choice"]["function"]["name"] == "ProblemList"
    assert "response_format" not in endpoint.requests[1]


def test_output_cut_off_at_max_tokens_fails(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(json_reply(GOOD, finish="length"))
    out = ask(make_client(endpoint, tmp_path))
    assert not out.ok and out.error is not None and "max_tokens" in out.error
    assert out.ledger[0].error == "output cut off at max_tokens"


def test_client_needs_endpoint_and_model() -> None:
    with pytest.raises(ConfigError, match="endpoint"):
        LLMClient(LLMOptions(model="m"))
    with pytest.raises(ConfigError, match="model"):
        LLMClient(LLMOptions(base_url="http://127.0.0.1:1/v1"))


def test_from_config_uses_the_configured_cache_folder(tmp_path: Path) -> None:
    config = PipelineConfig(
        backend="llm",
        llm=LLMOptions(base_url="http://127.0.0.1:1/v1", model="m"),
        cache_dir=str(tmp_path / "c"),
    )
    client = LLMClient.from_config(config)
    assert client.cache is not None and client.cache.directory == tmp_path / "c"
    assert LLMClient.from_config(config.model_copy(update={"use_cache": False})).cache is None


def test_backoff_grows_exponentially_within_the_cap() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=5.0, jitter=0.0)
    assert [policy.delay(n, RuntimeError()) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    jittered = RetryPolicy(backoff_base=1.0, backoff_max=30.0, jitter=0.5)
    assert all(2.0 <= jittered.delay(3, RuntimeError()) <= 6.0 for _ in range(50))


def test_limiter_spaces_request_starts_under_the_rpm_cap() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(s: float) -> None:
        waits.append(s)

    limiter = RequestLimiter(2, rpm=60, clock=lambda: now[0], sleep=sleep)
    assert [limiter.pace(), limiter.pace(), limiter.pace()] == [0.0, 1.0, 2.0]
    assert waits == [1.0, 2.0]
    assert RequestLimiter(2).pace() == 0.0
