"""The tidy exports gain the reviewed value and its status beside the suggested one."""

from __future__ import annotations

import csv
from pathlib import Path

from fastapi.testclient import TestClient

from jixiao.export import export_folder
from jixiao.export import tidy_tables
from jixiao.export.overlay import item_paths
from jixiao.review import reviewed_values
from jixiao.schema import BasicDataLine
from jixiao.schema import FinalAccountLine
from jixiao.schema import FundRow
from jixiao.schema import GoalItem
from jixiao.schema import Grounding
from jixiao.schema import GroundingStatus
from jixiao.schema import MeasureItem
from jixiao.schema import PerformanceIndicator
from jixiao.schema import ProblemItem
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import SourceInfo
from jixiao.schema import Value
from tests.review.test_app import decide
from tests.review.test_app import fund_path
from tests.review.test_app import indicator_path


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_reviewed_columns_sit_beside_the_suggested_ones(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    plain = export_folder(seed_out, "csv", tmp_path / "plain", reviewed=reviewed_values(seed_out))
    assert not any(p.name == "reviews.csv" for p in plain)  # nothing decided: the plain export
    executed = fund_path(seed_report, "资金来源", "合计", "executed")
    budget = fund_path(seed_report, "资金来源", "合计", "budget")
    weight = fund_path(seed_report, "资金来源", "合计", "weight")
    actual = indicator_path(seed_report, "指标1：落实主题党日活动", "actual")
    for path, action, form in (
        (executed, "accept", {}),
        (budget, "edit", {"text": "1989800元"}),
        (weight, "reject", {}),
        (actual, "edit", {"text": "12次"}),
    ):
        assert decide(seed_client, seed_report, path, action, form=form).status_code == 303

    decisions = reviewed_values(seed_out)
    assert sorted((d.item, d.field, d.status) for d in decisions) == sorted(
        [
            (executed.rsplit("/", 1)[0], "executed", "accepted"),
            (budget.rsplit("/", 1)[0], "budget", "edited"),
            (weight.rsplit("/", 1)[0], "weight", "rejected"),
            (actual.rsplit("/", 1)[0], "actual", "edited"),
        ]
    )
    export_folder(seed_out, "csv", tmp_path / "csv", reviewed=decisions)
    header, rows = _rows(tmp_path / "csv" / "funds.csv")
    at = header.index("budget")
    assert header[at : at + 4] == ["budget", "budget_reviewed", "budget_review", "executed"]
    assert header[header.index("executed") + 1 : header.index("executed") + 3] == [
        "executed_reviewed",
        "executed_review",
    ]
    row = next(r for r in rows if r["label"] == "合计" and r["breakdown"] == "资金来源")
    assert (row["budget"], row["budget_reviewed"], row["budget_review"]) == ("198.8", "198.98", "edited")
    assert (row["executed"], row["executed_reviewed"], row["executed_review"]) == (
        "212.64",
        "212.64",
        "accepted",
    )
    assert (row["weight"], row["weight_reviewed"], row["weight_review"]) == ("10", "", "rejected")
    untouched = next(r for r in rows if r["label"] == "（1）财政拨款")
    assert (untouched["budget_reviewed"], untouched["budget_review"]) == ("", "")

    header, rows = _rows(tmp_path / "csv" / "indicators.csv")
    at = header.index("actual_raw")
    assert header[at : at + 3] == ["actual_raw", "actual_raw_reviewed", "actual_raw_review"]
    row = next(r for r in rows if r["name"].startswith("指标1：落实主题党日活动"))
    assert (row["actual_raw_reviewed"], row["actual_raw_review"], row["actual_num_reviewed"]) == (
        "12次",
        "edited",
        "12",
    )
    _, reviews = _rows(tmp_path / "csv" / "reviews.csv")
    assert len(reviews) == 4 and {r["reviewer"] for r in reviews} == {"alice"}
    # a table nobody reviewed keeps exactly its plain columns
    assert _rows(tmp_path / "csv" / "problems.csv")[0] == _rows(tmp_path / "plain" / "problems.csv")[0]


def _prov(n: int) -> Provenance:
    return Provenance(file="x.txt", span=(n, n + 1))


def test_item_paths_follow_the_tidy_rows_of_every_table() -> None:
    value = Value(raw="1")
    grounding = Grounding(status=GroundingStatus.EXACT)

    def table(scope: str, funds: int, indicators: int) -> SelfEvalTable:
        return SelfEvalTable(
            scope=scope,
            project_name=None if scope == "部门整体" else f"项目{funds}",
            funds=[FundRow(label_raw=f"f{i}", category="总额", prov=_prov(i)) for i in range(funds)],
            indicators=[
                PerformanceIndicator(
                    level1_raw="",
                    level2_raw="",
                    name=f"i{i}",
                    nature="定量",
                    target=value,
                    actual=value,
                    prov=_prov(i),
                )
                for i in range(indicators)
            ],
            prov=_prov(0),
        )

    report = Report(
        id="ab12ab12ab12ab12",
        source=SourceInfo(path="x.txt", name="x.txt", format="txt", sha256="0" * 64, size=1),
        dept_table=table("部门整体", 2, 3),
        project_tables=[table("项目", 1, 2), table("项目", 3, 0)],
        basic_data=[BasicDataLine(group="三公", label="a", label_raw="a", prov=_prov(1))],
        final_account=[
            FinalAccountLine(table=1, name=f"n{i}", source="table", prov=_prov(i)) for i in range(2)
        ],
        goals=[GoalItem(seq=1, text="g", evidence="g", grounding=grounding)],
        problems=[ProblemItem(seq=i + 1, text="p", evidence="p", grounding=grounding) for i in range(3)],
        measures=[MeasureItem(seq=1, text="m", evidence="m", grounding=grounding)],
    )
    tables = {t.name: t for t in tidy_tables([report])}
    paths = item_paths(report)
    for name, items in paths.items():
        assert len(items) == len(tables[name].rows), name
    assert paths["funds"] == [
        "dept_table/funds/0",
        "dept_table/funds/1",
        "project_tables/0/funds/0",
        "project_tables/1/funds/0",
        "project_tables/1/funds/1",
        "project_tables/1/funds/2",
    ]
    assert [r["label"] for r in tables["funds"].rows] == ["f0", "f1", "f0", "f0", "f1", "f2"]
    assert paths["project_tables"] == ["dept_table", "project_tables/0", "project_tables/1"]
    assert [r["name"] for r in tables["indicators"].rows] == ["i0", "i1", "i2", "i0", "i1"]
    assert paths["indicators"][3] == "project_tables/0/indicators/0"
