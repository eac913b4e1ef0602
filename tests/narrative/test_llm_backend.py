"""The LLM backend over a scripted endpoint: section text only, grounding, links, failures, cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao.narrative import make_backend
from jixiao.narrative.llm import LLMBackend
from jixiao.narrative.llm import LLMClient
from jixiao.narrative.llm import ResponseCache
from jixiao.narrative.llm import RetryPolicy
from jixiao.schema import GroundingStatus
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig
from jixiao.schema import ProblemCategory
from tests.narrative import seed_inputs
from tests.narrative.fake_endpoint import FakeEndpoint
from tests.narrative.fake_endpoint import Reply
from tests.narrative.fake_endpoint import error_reply
from tests.narrative.fake_endpoint import json_reply

# What a model typically sends back: half-width punctuation, spaces added, numbering dropped.
PROBLEMS_001 = {
    "items": [
        {
            "text": "县级妇女儿童活动中心建设有待加强",
            "evidence": "县级妇女儿童活动中心建设有待加强. 根据妇女儿童发展纲要(规划)要求",
            "cause": None,
            "category": "阵地建设",
            "figures": [],
        },
        {
            "text": "基层妇联队伍有待进一步优化",
            "evidence": "基层妇联队伍有待进一步优化。乡镇、村妇联组织虽已建立健全,但主要任务是配合中心工作。",
            "cause": "精力、时间有限",
            "category": "队伍建设",
            "figures": [],
        },
    ]
}
MEASURES_001 = {
    "items": [
        {
            "text": "强化政治引领",
            "evidence": "强化政治引领。组建一支巾帼宣讲队",
            "category": "其他",
            "addresses": [],
        },
        {
            "text": "建立县乡村三级巾帼志愿服务队",
            "evidence": "建立一支覆盖全县的妇联干部培训体系",  # not in the section: must be flagged
            "category": "队伍建设",
            "addresses": [2, 7],  # 7 names no problem and is dropped
        },
    ]
}


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as fake:
        yield fake


def backend(
    endpoint: FakeEndpoint, tmp_path: Path, *, attempts: int = 2, max_chars: int = 4000
) -> LLMBackend:
    config = PipelineConfig(
        backend="llm",
        llm=LLMOptions(base_url=endpoint.base_url, model="test-model", max_retries=attempts - 1, timeout=5),
        cache_dir=str(tmp_path / "cache"),
    )
    client = LLMClient(
        config.llm,
        cache=ResponseCache(tmp_path / "cache"),
        retry=RetryPolicy(max_attempts=attempts, backoff_base=0.0, sleep=lambda s: None),
    )
    return LLMBackend(config, client=client, max_chars=max_chars)


def by_prompt(replies: dict[str, Reply | list[Reply]]) -> Any:
    """A responder answering by which prompt (problems / measures / goals) the request uses."""

    def respond(body: dict[str, Any]) -> Reply:
        system = body["messages"][0]["content"]
        for key, reply in replies.items():
            marker = {
                "problems": "存在的问题及原因分析",
                "measures": "下一步改进措施",
                "goals": "年度总体目标",
            }[key]
            if marker in system:
                return reply.pop(0) if isinstance(reply, list) else reply
        return error_reply(500, "unexpected prompt")

    return respond


def test_001_through_the_endpoint(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(json_reply(PROBLEMS_001, prompt_tokens=500, completion_tokens=80), json_reply(MEASURES_001))
    doc, structure, tables = seed_inputs.seed_001()
    result = backend(endpoint, tmp_path).interpret(doc, structure, tables)

    # Only each section's text went out: not the rest of the document.
    problems_msg, measures_msg = endpoint.user_messages()
    assert "1、县级妇女儿童活动中心建设有待加强。" in problems_msg
    assert "部门基本情况" not in problems_msg and "强化政治引领" not in problems_msg
    assert "1、强化政治引领。" in measures_msg and "2024年度支出总计" not in measures_msg
    # Measures are asked with the problems just read, numbered.
    assert (
        "1. 县级妇女儿童活动中心建设有待加强\n2. 基层妇联队伍有待进一步优化（原因：精力、时间有限）"
        in measures_msg
    )

    p1, p2 = result.problems
    assert (p1.seq, p1.category, p2.category, p2.cause) == (
        1,
        ProblemCategory.FACILITIES,
        ProblemCategory.STAFF,
        "精力、时间有限",
    )
    for item, source in (
        (p1, "县级妇女儿童活动中心建设有待加强。根据妇女儿童发展纲要（规划）要求"),
        (p2, "基层妇联队伍有待进一步优化。乡镇、村妇联组织虽已建立健全，但主要任务是配合中心工作。"),
    ):
        assert item.grounding.status == GroundingStatus.NORMALISED
        assert item.grounding.span is not None
        assert doc.text[item.grounding.span[0] : item.grounding.span[1]] == source
        assert item.prov is not None and item.prov.method == "llm"
        assert (item.prov.prompt, item.prov.model, item.prov.line) == (
            "problems@1",
            "test-model",
            48 if item is p1 else 49,
        )

    m1, m2 = result.measures
    assert m1.grounding.status == GroundingStatus.EXACT
    assert m2.grounding.status == GroundingStatus.UNGROUNDED and m2.grounding.span is None
    assert m2.addresses == [2]
    assert m2.prov is not None and m2.prov.span == structure.sections[1].body_span  # points at the section

    assert [(s.target, s.status, s.items) for s in result.statuses] == [
        ("problems", "ok", 2),
        ("measures", "ok", 2),
    ]
    assert [(e.target, e.attempt, e.prompt_tokens, e.completion_tokens) for e in result.ledger] == [
        ("problems", 1, 500, 80),
        ("measures", 1, 100, 20),
    ]


def test_a_failed_section_is_marked_and_the_rest_goes_on(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.add(error_reply(503, "down"), error_reply(503, "down"), json_reply(MEASURES_001))
    doc, structure, tables = seed_inputs.seed_001()
    result = backend(endpoint, tmp_path, attempts=2).interpret(doc, structure, tables)
    assert result.problems == [] and len(result.measures) == 2
    failed, ok = result.statuses
    assert (failed.target, failed.status, ok.target, ok.status) == ("problems", "failed", "measures", "ok")
    assert failed.reason == "failed after 2 attempts: HTTP 503: down"
    assert [(e.target, e.ok) for e in result.ledger] == [
        ("problems", False),
        ("problems", False),
        ("measures", True),
    ]


def test_second_run_is_served_from_the_cache_but_for_answers_with_quotes_not_found(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    # The measures answer quotes a sentence the section does not hold: used, flagged, never cached.
    endpoint.add(json_reply(PROBLEMS_001), json_reply(MEASURES_001), json_reply(MEASURES_001))
    doc, structure, tables = seed_inputs.seed_001()
    first = backend(endpoint, tmp_path).interpret(doc, structure, tables)
    assert [it.grounding.status for it in first.measures][1] == GroundingStatus.UNGROUNDED
    assert any("not cached" in w for w in first.warnings)
    second = backend(endpoint, tmp_path).interpret(doc, structure, tables)
    assert len(endpoint.requests) == 3
    asked = endpoint.user_messages()
    assert asked[2] == asked[1] and asked[0] != asked[1]  # the measures question, asked again
    assert [(s.target, s.status) for s in second.statuses] == [("problems", "cached"), ("measures", "ok")]
    assert [e.cached for e in second.ledger] == [True, False]
    assert second.model_dump(exclude={"statuses", "ledger", "warnings"}) == first.model_dump(
        exclude={"statuses", "ledger", "warnings"}
    )


def test_a_fully_grounded_answer_is_served_from_the_cache(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    grounded = {"items": MEASURES_001["items"][:1]}
    endpoint.add(json_reply(PROBLEMS_001), json_reply(grounded))
    doc, structure, tables = seed_inputs.seed_001()
    first = backend(endpoint, tmp_path).interpret(doc, structure, tables)
    second = backend(endpoint, tmp_path).interpret(doc, structure, tables)
    assert len(endpoint.requests) == 2
    assert [s.status for s in second.statuses] == ["cached", "cached"]
    assert all(e.cached and e.prompt_tokens == 0 for e in second.ledger)
    assert second.model_dump(exclude={"statuses", "ledger"}) == first.model_dump(
        exclude={"statuses", "ledger"}
    )


def test_004_cells_saying_nothing_make_no_calls(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    goal = {"items": [{"text": "持续推进市妇联“1136”工作思路", "evidence": "持续推进市妇联“1136”工作思路"}]}
    endpoint.responder = by_prompt(
        {
            "goals": json_reply(goal),
            "problems": json_reply({"items": []}),
            "measures": json_reply({"items": []}),
        }
    )
    doc, structure, tables = seed_inputs.seed_004()
    # Drop the table goals so that only the three sections need answers.
    tables = tables.model_copy(
        update={"project_tables": [t.model_copy(update={"goals": []}) for t in tables.project_tables]}
    )
    result = backend(endpoint, tmp_path).interpret(doc, structure, tables)
    assert len(endpoint.requests) == 3
    statuses = sorted((s.target, s.section_key, s.status, s.reason) for s in result.statuses)
    assert statuses == [
        ("goals", "GOALS", "ok", None),
        ("measures", "MEASURES", "ok", None),
        ("measures", "table:改进措施", "empty", "无"),
        ("measures", "table:改进措施", "empty", "无"),
        ("problems", "PROBLEMS", "ok", None),
        ("problems", "table:存在问题", "empty", "placeholder"),
        ("problems", "table:存在问题", "empty", "无"),
    ]
    assert [g.grounding.status for g in result.goals] == [GroundingStatus.EXACT]


def test_long_sections_go_out_in_chunks_and_numbering_continues(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    def first_item(body: dict[str, Any]) -> Reply:
        section = body["messages"][-1]["content"].split("（原文）：\n", 1)[1]
        head = re.sub(r"^\s*[（(][一二三四五六七八九十\d]+[）)]\s*", "", section)[:9]
        return json_reply({"items": [{"text": head, "evidence": head, "category": "其他", "addresses": []}]})

    endpoint.responder = first_item
    doc, structure, tables = seed_inputs.seed_000()
    no_tables = tables.model_copy(update={"dept_table": None, "project_tables": []})
    result = backend(endpoint, tmp_path, max_chars=300).interpret(doc, structure, no_tables)
    systems = [r["messages"][0]["content"] for r in endpoint.requests]
    # The problems section (about 250 characters) goes whole; the measures (about 600) in three chunks.
    assert sum("存在的问题及原因分析" in s for s in systems) == 1
    assert sum("下一步改进措施" in s for s in systems) == 3
    assert [m.seq for m in result.measures] == [1, 2, 3]
    assert [m.text for m in result.measures] == [
        "对项目实施绩效情况",
        "加强业务处室预算管",
        "加大资金绩效管理的",
    ]
    assert all(m.grounding.status == GroundingStatus.EXACT for m in result.measures)


def test_make_backend_picks_by_configuration(tmp_path: Path) -> None:
    assert make_backend(PipelineConfig()).name == "rules"
    llm = make_backend(
        PipelineConfig(
            backend="llm",
            llm=LLMOptions(base_url="http://127.0.0.1:9/v1", model="m"),
            cache_dir=str(tmp_path / "c"),
        )
    )
    assert isinstance(llm, LLMBackend) and llm.client.cache is not None
    shared = llm.client
    again = make_backend(PipelineConfig(backend="llm", llm=shared.options), client=shared)
    assert isinstance(again, LLMBackend) and again.client is shared
