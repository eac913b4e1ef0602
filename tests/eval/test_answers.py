"""The answer files: they validate, name real documents, and say what the documents say."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.errors import EvalError
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.runner import load_answers

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
ANSWER_FILES = sorted((GOLDEN / "expected").glob("*.json"))
# Seeds whose answers this suite checks against the text line by line (others are checked for validity).
TEXT_CHECKED = ("001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020")
# A PDF extraction puts a row's 分值/得分 in the middle of its 完成值 lines; the answer joins the cell.
SPLIT_IN_SOURCE = {"三八和春节期间慰问了疫情防控一线女干部职工和困难妇女儿童"}


def test_all_answer_files_validate() -> None:
    answers = load_answers(GOLDEN / "expected")
    assert [a.doc for a in answers] == [p.stem for p in ANSWER_FILES]
    assert {"001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020"} <= {a.doc for a in answers}


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: p.stem)
def test_answer_names_an_existing_document(path: Path) -> None:
    a = load_answer(path)
    assert a.covers, "an answer file must cover at least one group"
    assert any((GOLDEN / "docs" / f"{a.doc}.{fmt}").is_file() for fmt in a.formats)


def test_invalid_answer_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"doc": "x", "covers": ["tables"]}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"x\.json: invalid answer file"):
        load_answer(bad)
    bad.write_text('{"doc": "y", "covers": ["funds"]}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"doc is 'y' but the file is named 'x\.json'"):
        load_answers(tmp_path)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _written(a: GoldenAnswer) -> list[str]:
    """Every string of the answers that is meant to be the document's own words."""
    out: list[str | None] = []
    out += [f"{s.number_raw or ''}{s.title}" for s in a.sections]
    out += [f.label for f in a.funds]
    for i in a.indicators:
        out += [i.name, i.content, i.target_raw, i.actual_raw, i.level1_raw, i.level2_raw]
    out += [g.text for g in a.goals] + [g.actual_text for g in a.goals]
    out += [p.text for p in a.problems] + [m.text for m in a.measures]
    return [s for s in out if s and s not in SPLIT_IN_SOURCE]


@pytest.mark.parametrize("stem", TEXT_CHECKED)
def test_answers_quote_the_document(stem: str) -> None:
    source = _squash((GOLDEN / "docs" / f"{stem}.txt").read_text(encoding="utf-8"))
    a = load_answer(GOLDEN / "expected" / f"{stem}.json")
    # Whitespace is ignored: PDF text and wrapped titles break lines anywhere.
    missing = [s for s in _written(a) if _squash(s) not in source]
    assert missing == []


@pytest.mark.parametrize("stem", TEXT_CHECKED)
def test_fund_figures_appear_in_the_document(stem: str) -> None:
    source = (GOLDEN / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    numbers = set(re.findall(r"\d+(?:\.\d+)?", source))
    a = load_answer(GOLDEN / "expected" / f"{stem}.json")
    for f in a.funds:
        for value in (f.budget, f.executed, f.transfer, f.rate, f.weight, f.score):
            assert value is None or str(value) in numbers, (f.label, value)


def test_002_weights_and_scores_add_up_as_the_findings_say() -> None:
    a = load_answer(GOLDEN / "expected" / "002_yuelu_2021.json")
    by_level1: dict[str, Decimal] = defaultdict(Decimal)
    for i in a.indicators:
        assert i.weight is not None and i.level1 is not None
        by_level1[i.level1.value] += i.weight
    assert dict(by_level1) == {"产出指标": Decimal(55), "效益指标": Decimal(35), "满意度指标": Decimal(10)}
    assert sum(by_level1.values()) == 100  # execution row's 10 left out of 总分 100
    source, other = a.funds[1], a.funds[2]
    assert source.budget is not None and other.budget is not None
    assert source.budget + other.budget == Decimal("198.98") != a.funds[0].budget
    assert {f.check for f in a.findings} >= {"fund_total_parts", "exec_score_blank", "total_weight_mismatch"}


def test_003_weights_fall_short_of_the_total() -> None:
    a = load_answer(GOLDEN / "expected" / "003_wangcheng_2020.json")
    weights = sum(i.weight or 0 for i in a.indicators)
    scores = sum(i.score or 0 for i in a.indicators)
    exec_row = a.funds[0]
    assert (weights, scores) == (80, 80)
    assert exec_row.weight is not None and exec_row.score is not None
    assert (weights + exec_row.weight, scores + exec_row.score) == (90, Decimal("90.00"))
    assert [i.level2_raw for i in a.indicators if i.weight == 0] == [
        "经济效益指标",
        "生态效益指标",
        "服务对象满意度指标",
    ]
    assert [g.quantity for g in a.goals] == [30, 10, 180, 3, 5, 20, None, None, None]
