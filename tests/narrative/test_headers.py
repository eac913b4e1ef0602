"""Column headers the vocabulary cannot map, read by an LLM (fake endpoint at the HTTP boundary).

Offline, such a column is reported (coverage: unmapped, with its header and a few cells) and its values
are left out; with an endpoint, the model says which field the column holds, the tables are read again
with that answer (``method="llm"`` on the column map) and the values are read by the rules.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jixiao.narrative.headers import HeaderResolver
from jixiao.narrative.headers import OpenColumn
from jixiao.pipeline import Pipeline
from jixiao.schema import LLMOptions
from jixiao.schema import PipelineConfig
from jixiao.schema import Report
from tests.narrative.fake_endpoint import FakeEndpoint
from tests.narrative.fake_endpoint import Reply
from tests.narrative.fake_endpoint import error_reply
from tests.narrative.fake_endpoint import json_reply

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "golden" / "render"))

from render import CellSpec  # noqa: E402
from render import TableSpec  # noqa: E402
from render import write_docx  # noqa: E402

ODD = "情况分析"  # a deviation column worded as no listed form words it


def _form(path: Path) -> Path:
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", ODD]
    rows = [
        header,
        ["产出指标", "数量指标", "培训人数", "≥100人", "90人", "50", "45", "报名人数不足"],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40", "无"],
    ]
    spec = TableSpec(n_cols=len(header), rows=[[CellSpec(text=t) for t in row] for row in rows])
    write_docx(["某某局2023年度项目支出绩效自评表", "项目名称：培训项目", spec], path, title="form")
    return path


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    with FakeEndpoint() as fake:
        yield fake


def _config(endpoint: FakeEndpoint, tmp_path: Path) -> PipelineConfig:
    return PipelineConfig(
        backend="llm",
        llm=LLMOptions(base_url=endpoint.base_url, model="test-model", max_retries=0, timeout=5),
        cache_dir=str(tmp_path / "cache"),
    )


def _answer(body: dict[str, Any]) -> Reply:
    system = body["messages"][0]["content"]
    if "表格识读助手" in system:
        user = body["messages"][-1]["content"]
        assert ODD in user and "报名人数不足" in user  # the header and its cells are what the model sees
        return json_reply({"items": [{"header": ODD, "field": "reason"}]})
    if "存在的问题" in system or "改进措施" in system:
        return json_reply({"items": []})
    return json_reply({"items": []})


def _reasons(report: Report) -> list[str | None]:
    table = report.project_tables[0] if report.project_tables else report.dept_table
    assert table is not None
    return [i.deviation_reason for i in table.indicators]


def test_offline_the_column_is_reported_not_guessed(tmp_path: Path) -> None:
    report = Pipeline(PipelineConfig()).process_file(_form(tmp_path / "f.docx")).report
    assert _reasons(report) == [None, None]
    assert report.coverage.status == "partial"
    unmapped = [m for r in report.coverage.reads for m in r.columns if m.unmapped]
    assert [(m.header, m.samples) for m in unmapped] == [(ODD, ["报名人数不足"])]
    assert any(ODD in reason for reason in report.coverage.reasons)


def test_with_an_endpoint_the_llm_maps_the_header_and_rules_read_the_values(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    endpoint.responder = _answer
    form = _form(tmp_path / "f.docx")
    report = Pipeline(_config(endpoint, tmp_path)).process_file(form).report
    assert _reasons(report) == ["报名人数不足", None]
    column = next(m for r in report.coverage.reads for m in r.columns if m.header == ODD)
    assert (column.field, column.method) == ("reason", "llm")
    assert report.coverage.unmapped_columns == []
    header_calls = [e for e in report.run.ledger if e.target == "headers"] if report.run else []
    assert len(header_calls) == 1 and header_calls[0].prompt_tokens == 100
    asked = [b for b in endpoint.requests if "表格识读助手" in b["messages"][0]["content"]]
    assert len(asked) == 1

    # A second run is answered from the cache: no request about headers reaches the endpoint.
    before = len(endpoint.requests)
    again = Pipeline(_config(endpoint, tmp_path)).process_file(form).report
    assert _reasons(again) == ["报名人数不足", None]
    assert not any("表格识读助手" in b["messages"][0]["content"] for b in endpoint.requests[before:])


def test_an_answer_naming_other_headers_or_none_teaches_nothing(
    endpoint: FakeEndpoint, tmp_path: Path
) -> None:
    endpoint.responder = lambda body: json_reply(
        {"items": [{"header": "别的列", "field": "actual"}, {"header": ODD, "field": "none"}]}
    )
    resolver = HeaderResolver(_config(endpoint, tmp_path))
    learned, ledger = resolver.resolve([OpenColumn("indicator", ODD, ("报名人数不足",))])
    assert learned == {} and len(ledger) == 1


def test_a_failing_endpoint_leaves_the_column_reported(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.responder = lambda body: (
        error_reply(500, "down")
        if "表格识读助手" in body["messages"][0]["content"]
        else json_reply({"items": []})
    )
    report = Pipeline(_config(endpoint, tmp_path)).process_file(_form(tmp_path / "f.docx")).report
    assert _reasons(report) == [None, None]
    assert report.coverage.status == "partial"
    failed = [e for e in report.run.ledger if e.target == "headers"] if report.run else []
    assert failed and not any(e.ok for e in failed)
    assert json.loads(report.model_dump_json())["coverage"]["unmapped_columns"]
