"""The review app over HTTP: list, document view, decisions, conflicts, validation."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from jixiao.review import ReviewStore
from jixiao.review import create_app
from jixiao.review.paths import load_field
from jixiao.schema import Amount
from jixiao.schema import FundRow
from jixiao.schema import Op
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Report
from jixiao.schema import Value
from tests.review.builders import hostile_folder


def fund_path(report: Report, breakdown: str, label: str, field: str) -> str:
    assert report.dept_table is not None
    i = next(
        i for i, f in enumerate(report.dept_table.funds) if f.breakdown == breakdown and f.label_raw == label
    )
    return f"dept_table/funds/{i}/{field}"


def indicator_path(report: Report, name_start: str, field: str) -> str:
    assert report.dept_table is not None
    i = next(i for i, x in enumerate(report.dept_table.indicators) if x.name.startswith(name_start))
    return f"dept_table/indicators/{i}/{field}"


def decide(
    client: TestClient,
    report: Report,
    path: str,
    action: str,
    version: int = 0,
    form: dict[str, str] | None = None,
    **fields: str,
) -> Any:  # the test client's response (its HTTP library varies by Starlette version)
    """POST a decision the way the page's form does (no JavaScript)."""
    data = {"path": path, "action": action, "version": str(version), **(form or {}), **fields}
    return client.post(f"/r/{report.id}/decide", data=data)


def test_list_counts_sorts_and_filters_what_needs_attention(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out, report_id="ab12ab12ab12ab12", name="b_flagged")
    hostile_folder(out, report_id="cd34cd34cd34cd34", name="a_clean", findings=False)
    (out / "notes.json").write_text('{"not": "a report"}', encoding="utf-8")  # other JSON is left out
    client = TestClient(create_app(out))
    page = client.get("/", params={"sort": "errors", "order": "desc"}).text
    assert re.findall(r'data-id="([0-9a-f]+)"', page) == ["ab12ab12ab12ab12", "cd34cd34cd34cd34"]
    by_name = client.get("/", params={"sort": "name", "order": "asc"}).text
    assert re.findall(r'data-id="([0-9a-f]+)"', by_name) == ["cd34cd34cd34cd34", "ab12ab12ab12ab12"]
    attention = client.get("/", params={"attention": 1}).text
    assert re.findall(r'data-id="([0-9a-f]+)"', attention) == ["ab12ab12ab12ab12"]
    # the flagged report: 1 error, 0 warnings (+1 info), 0 ungrounded, 0 failed, 7 values unreviewed
    # (部门, 年度; the fund row's 项目, 类别, 全年预算数, 全年执行数 — empty but listed — and 执行率)
    row = attention.split('data-id="ab12ab12ab12ab12"')[1].split("</tr>")[0]
    cells = [
        re.sub(r"<[^>]+>", "", c).split()[0]
        for c in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)
    ]
    assert cells == ["1", "0", "0", "0", "7"]


def test_document_view_shows_source_cells_values_and_findings(
    seed_client: TestClient, seed_report: Report
) -> None:
    path = fund_path(seed_report, "资金来源", "合计", "executed")
    page = seed_client.get(f"/r/{seed_report.id}").text
    fund = seed_report.dept_table.funds[int(path.split("/")[2])]
    assert (
        fund.executed is not None and fund.executed.prov is not None and fund.executed.prov.span is not None
    )
    start, end = fund.executed.prov.span
    # the value chip carries the span, and the source has a piece with exactly that span and text
    chip = re.search(
        rf'<a class="v ([^"]*)"\s+id="v-dept_table-funds-\d+-executed" href="[^"]+" data-path="{path}"[^>]*>',
        page,
    )
    assert chip is not None
    assert f'data-a="{start}" data-b="{end}"' in chip.group(0)
    assert "f-error" in chip.group(1)  # exec_rate_mismatch cites this cell
    assert re.search(rf'data-a="{start}" data-b="{end}"[^>]*>212\.64</', page)
    for heading in ("部门整体自评表", "资金", "绩效指标", "存在问题", "改进措施", "核查发现"):
        assert heading in page
    # findings are listed errors first
    severities = re.findall(r'<li class="sev-(error|warn|info)" data-finding', page)
    assert severities and severities == sorted(severities, key=["error", "warn", "info"].index)


def test_decisions_are_stored_with_reviewer_old_and_new_value(
    seed_client: TestClient, seed_report: Report, seed_out: Path
) -> None:
    executed = fund_path(seed_report, "资金来源", "合计", "executed")
    budget = fund_path(seed_report, "资金来源", "合计", "budget")
    accepted = decide(seed_client, seed_report, executed, "accept")
    assert accepted.status_code == 303
    assert accepted.headers["location"].startswith(f"/r/{seed_report.id}?v=dept_table/funds/")
    edited = decide(seed_client, seed_report, budget, "edit", text="1988000元", comment="read the scan again")
    assert edited.status_code == 303
    seed_client.post("/reviewer", data={"name": "王 五", "next": "/"})
    again = decide(seed_client, seed_report, budget, "edit", version=1, text="198.8")
    assert again.status_code == 303

    store = ReviewStore.in_folder(seed_out)
    history = store.history(seed_report.id, budget)
    assert [(d.version, d.action, d.reviewer, d.comment) for d in history] == [
        (1, "edit", "alice", "read the scan again"),
        (2, "edit", "王 五", None),
    ]
    first = load_field(FundRow, "budget", history[0].new_value)
    assert isinstance(first, Amount)
    assert (first.raw, first.value, first.unit, first.wan) == (
        "1988000元",
        Decimal("1988000"),
        "元",
        Decimal("198.8"),
    )
    assert first.prov is not None and first.prov.method == "human"
    old = load_field(FundRow, "budget", history[0].old_value)
    assert isinstance(old, Amount) and old.raw == "198.8"
    assert history[1].old_value == history[0].new_value  # each decision starts from the one before
    (only,) = store.history(seed_report.id, executed)
    assert (only.action, only.old_value, only.new_value) == ("accept", only.suggested, only.suggested)

    panel = seed_client.get(f"/r/{seed_report.id}/value", params={"path": budget}).text
    assert 'data-status="edited"' in panel and 'data-version="2"' in panel
    assert "1988000元 → 198.8" in panel and "王 五" in panel and "read the scan again" in panel
    page = seed_client.get(f"/r/{seed_report.id}").text
    assert re.search(rf'class="v st-edited[^"]*"\s+id="[^"]+" href="[^"]+" data-path="{budget}"', page)
    assert re.search(rf'class="v st-accepted[^"]*"\s+id="[^"]+" href="[^"]+" data-path="{executed}"', page)


def test_edits_are_validated_by_the_fields_model(
    seed_client: TestClient, seed_report: Report, seed_out: Path
) -> None:
    rate = fund_path(seed_report, "资金来源", "合计", "rate_reported")
    budget = fund_path(seed_report, "资金来源", "合计", "budget")
    level1 = indicator_path(seed_report, "指标1：落实主题党日活动", "level1")
    actual = indicator_path(seed_report, "指标1：落实主题党日活动", "actual")
    bad = [
        (rate, {"text": "abc"}, "not a valid 执行率%"),
        (budget, {"text": "很多"}, "is not an amount"),
        (level1, {"text": "产出"}, "is not one of"),
        (actual, {"text": "x", "mode": "fields", "v_num": "twelve"}, "not a valid indicator value"),
    ]
    for path, form, message in bad:
        response = decide(seed_client, seed_report, path, "edit", form=form)
        assert response.status_code == 422, path
        assert message in response.text
        fetched = decide(seed_client, seed_report, path, "edit", form=form)
        assert fetched.status_code == 422
    assert ReviewStore.in_folder(seed_out).all_decisions() == []

    ok = decide(seed_client, seed_report, actual, "edit", text="≥12次")
    assert ok.status_code == 303
    (d,) = ReviewStore.in_folder(seed_out).history(seed_report.id, actual)
    value = load_field(PerformanceIndicator, "actual", d.new_value)
    assert isinstance(value, Value)
    assert (value.raw, value.op, value.num, value.unit) == ("≥12次", Op.GE, Decimal("12"), "次")
    rate_ok = decide(seed_client, seed_report, rate, "edit", text="106.87%")
    assert rate_ok.status_code == 303
    assert ReviewStore.in_folder(seed_out).history(seed_report.id, rate)[0].new_value == '"106.87"'


def test_a_stale_save_is_refused_with_409_and_a_visible_message(
    seed_client: TestClient, seed_report: Report, seed_out: Path
) -> None:
    path = fund_path(seed_report, "资金来源", "合计", "executed")
    first = decide(seed_client, seed_report, path, "accept")
    assert first.status_code == 303
    bob = TestClient(create_app(seed_out, reviewer="bob"), follow_redirects=False)
    second = decide(bob, seed_report, path, "reject")
    assert second.status_code == 409
    assert "this value was changed by alice" in second.text
    assert 'role="alert"' in second.text
    fragment = bob.post(
        f"/r/{seed_report.id}/decide",
        data={"path": path, "action": "reject", "version": "0"},
        headers={"X-Requested-With": "fetch"},
    )
    assert fragment.status_code == 409
    assert fragment.text.lstrip().startswith('<div id="inspector-body"')
    assert "you saw version 0" in fragment.text
    history = ReviewStore.in_folder(seed_out).history(seed_report.id, path)
    assert [(d.action, d.reviewer) for d in history] == [("accept", "alice")]
    # with the version it now sees, bob's decision goes through
    assert decide(bob, seed_report, path, "reject", version=1).status_code == 303


def test_bad_requests(seed_client: TestClient, seed_report: Report) -> None:
    assert decide(seed_client, seed_report, "department", "delete").status_code == 400
    missing = decide(seed_client, seed_report, "dept_table/funds/999/budget", "accept")
    assert missing.status_code == 404 and "no reviewable value" in missing.text
    assert seed_client.get(f"/r/{seed_report.id}/value", params={"path": "../../etc"}).status_code == 404
