"""De-duplication of repeated project tables (seed 004) and the finding raised when copies disagree."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.ingest import read_document
from jixiao.schema import SelfEvalTable
from jixiao.tables.dedup import compare_copies
from jixiao.tables.dedup import deduplicate
from jixiao.tables.dedup import text_renderings
from jixiao.tables.self_eval import read_self_eval
from tests.tables.selfeval_seeds import document

D = Decimal
STEM = "004_zigong_2022"


def _read(index: int) -> SelfEvalTable:
    doc = document(STEM)
    return read_self_eval(doc, [doc.tables()[index]], scope="项目")[0].table


def test_text_only_copies_are_counted_once_per_project() -> None:
    doc = document(STEM)
    codes = [
        "51030022Y000000325498",
        "51030022Y000000325523",
        "51030022Y000000325667",
        "51030022T000006733926",
    ]
    assert [text_renderings(doc, c) for c in codes] == [1, 1, 1, 1]


def test_text_copies_are_found_when_a_pdf_line_spaces_out_the_code(tmp_path: Path) -> None:
    """004's PDF text layer writes ``项目名称51030022Y0 0000032549 8-…`` (a justified line)."""
    path = tmp_path / "copy.txt"
    path.write_text(
        "项目名称51030022Y0 0000032549 8-市妇联幸福家庭再提升行动\n项目名称 51030022Y000000325667-市妇联维权关爱\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    codes = ("51030022Y000000325498", "51030022Y000000325667", "51030022Y000000325523")
    assert [text_renderings(doc, c) for c in codes] == [1, 1, 0]


def test_identical_copies_give_no_finding_and_are_counted() -> None:
    doc = document(STEM)
    copies = [_read(1), _read(9), _read(17)]  # three renderings of 51030022Y000000325523
    kept, findings = deduplicate(doc, copies)
    assert findings == []
    assert len(kept) == 1 and kept[0].renderings == 3 + 1


def test_a_copy_that_disagrees_is_reported() -> None:
    kept = _read(1)
    copy = kept.model_copy(deep=True)
    copy.indicators[0].score = D("17")
    copy.funds[0].executed.value = D("14.00")  # type: ignore[union-attr]
    copy.funds[0].executed.wan = D("14.00")  # type: ignore[union-attr]
    findings = compare_copies(kept, copy)
    got = [(f.check, f.severity, f.subject, f.expected, f.actual) for f in findings]
    assert got == [
        ("duplicate_rendering_conflict", "warn", "市妇联妇儿工委", "14.63", "14.00"),
        ("duplicate_rendering_conflict", "warn", "市妇联妇儿工委", "18", "17"),
    ]
    assert findings[0].message == "two copies of the project table disagree on 总额 全年执行数"
    assert (
        findings[1].message
        == "two copies of the project table disagree on 春蕾计划结对帮扶困难学生100名以上 得分"
    )
    assert all(len(f.refs) == 2 for f in findings)


def test_a_copy_without_identity_rows_joins_its_project() -> None:
    doc = document(STEM)
    full, headless = _read(56), _read(57)  # 四川省妇女儿童事业发展专项资金; table 57 starts mid-form
    assert headless.project_code is None and headless.filled_by == "罗滢"
    kept, findings = deduplicate(doc, [headless, full])
    assert [(t.project_code, t.renderings) for t in kept] == [("51030022T000006733926", 3)]
    assert findings == []
    # The footer only the headless copy has is carried over.
    assert kept[0].filled_by == "罗滢"


def test_copies_that_differ_in_a_goal_cell() -> None:
    doc = document(STEM)
    first, sixth = _read(5), _read(45)  # 51030022Y000000325623, tab copies 1 and 6
    assert "".join((first.goals[0].actual_text or "").split()).startswith("对照年度目标")
    kept, findings = deduplicate(doc, [first, sixth])
    assert [(f.check, f.subject) for f in findings] == [
        ("duplicate_rendering_conflict", "市妇联综合素质再提升行动"),
        ("placeholder_unfilled", "市妇联综合素质再提升行动"),
    ]
    # The instruction is no answer: the kept table takes the written one.
    assert "".join((kept[0].goals[0].actual_text or "").split()).startswith("2022年，素质提升培训")
