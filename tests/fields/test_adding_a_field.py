"""One registry entry is all it takes for a field to reach the exports, the evaluation and the review app.

The form below has a 改进措施 column, which the reader keeps in ``PerformanceIndicator.improvement`` but the
shipped registry offers to no view. A temporary registry adds one entry for it; the field then has its
export column, is part of the answer format and scored, is offered for review under its label, goes into
the answer file a review writes, and gets its reviewed column beside it in the exports.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jixiao.eval.answers import IndicatorAnswer
from jixiao.eval.answers import answer_format
from jixiao.eval.predict import report_to_prediction
from jixiao.eval.score import score_answer
from jixiao.export import tidy_tables
from jixiao.export.overlay import field_columns
from jixiao.fields import DEFAULT
from jixiao.fields import OPTIONAL
from jixiao.fields import field
from jixiao.fields import using
from jixiao.fields import with_fields
from jixiao.fields.forms import INDICATOR
from jixiao.pipeline import Pipeline
from jixiao.review.catalog import catalogue
from jixiao.review.catalog import iter_values
from jixiao.review.golden import answer_for
from jixiao.review.store import Decision
from jixiao.schema import Report

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "golden" / "render"))

from render import CellSpec  # noqa: E402
from render import TableSpec  # noqa: E402
from render import write_docx  # noqa: E402

ROWS = [
    ["项目名称", "妇女技能培训"],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因", "改进措施"],
    ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "30", "30", "", "扩大培训覆盖面"],
    ["产出指标", "质量指标", "合格率", "≥90%", "85%", "20", "15", "考核从严", "增加实操课时"],
]
IMPROVEMENT = field(
    "improvement", "改进措施", export=True, compare="fuzzy", review=OPTIONAL, vocab="indicator.improvement"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("form") / "form.docx"
    table = TableSpec(
        n_cols=9, rows=[[CellSpec(text=t) for t in r] + [CellSpec(text="")] * (9 - len(r)) for r in ROWS]
    )
    write_docx(["项目支出绩效自评表", table], path, title="form")  # type: ignore[list-item]
    return Pipeline().process_file(path).report


def _indicators(report: Report) -> list:
    return [i for t in (report.dept_table, *report.project_tables) if t is not None for i in t.indicators]


def test_the_reader_keeps_the_column_but_the_shipped_registry_shows_it_nowhere(report: Report) -> None:
    assert [i.improvement for i in _indicators(report)] == ["扩大培训覆盖面", "增加实操课时"]
    indicators = next(t for t in tidy_tables([report]) if t.name == "indicators")
    assert "improvement" not in [c.key for c in indicators.columns]
    assert "improvement" not in IndicatorAnswer.model_fields
    assert "improvement" not in {v.field for v in iter_values(catalogue(report))}


def test_one_entry_takes_the_field_to_export_eval_and_review(report: Report) -> None:
    with using(DEFAULT.with_records(with_fields(INDICATOR, IMPROVEMENT))):
        # export: a column with its Chinese label, right after 偏差原因
        indicators = next(t for t in tidy_tables([report]) if t.name == "indicators")
        keys = [c.key for c in indicators.columns]
        assert keys[keys.index("deviation_reason") + 1] == "improvement"
        assert [c.label for c in indicators.columns if c.key == "improvement"] == ["改进措施"]
        assert [r["improvement"] for r in indicators.rows] == ["扩大培训覆盖面", "增加实操课时"]

        # evaluation: part of the answer format, predicted, and scored (fuzzily, like other free text)
        assert "improvement" in answer_format().items["indicators"].model_fields
        prediction = report_to_prediction(report, "form")
        assert [i.improvement for i in prediction.answer.indicators] == ["扩大培训覆盖面", "增加实操课时"]
        wrong = prediction.answer.model_copy(
            update={
                "indicators": [
                    prediction.answer.indicators[0].model_copy(update={"improvement": "另行安排培训"}),
                    prediction.answer.indicators[1],
                ]
            }
        )
        groups = {g.group: g for g in score_answer(wrong, prediction)}
        mismatches = [(m.field, m.expected, m.got) for m in groups["indicators"].mismatches]
        assert mismatches == [("improvement", "另行安排培训", "扩大培训覆盖面")]

        # review: offered under its label; an edit reaches the answer file and the reviewed exports
        panels = catalogue(report)
        offered = [v for v in iter_values(panels) if v.field == "improvement"]
        assert [(v.label, v.display) for v in offered] == [
            ("改进措施", "扩大培训覆盖面"),
            ("改进措施", "增加实操课时"),
        ]
        edit = Decision(
            id=1,
            report_id=report.id,
            path=offered[1].path,
            version=1,
            action="edit",
            new_value='"增加实操课时和考前辅导"',
            suggested=offered[1].suggested,
            item_label="合格率",
            reviewer="alice",
            at="2024-01-01T00:00:00+00:00",
        )
        answer, warnings = answer_for(report, panels, {edit.path: edit})
        assert warnings == [] and answer is not None
        assert [(i.name, i.improvement) for i in answer.indicators] == [("合格率", "增加实操课时和考前辅导")]
        assert field_columns("indicators")["improvement"] == [("improvement", "text")]

    # outside the block, the shipped registry again
    assert "improvement" not in answer_format().items["indicators"].model_fields
