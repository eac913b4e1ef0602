"""extract_tables as the pipeline calls it: with or without the structure stage's classification, and
with a form that cannot be read."""

from __future__ import annotations

import pytest

from jixiao import tables as tables_stage
from jixiao.schema import DocumentStructure
from jixiao.schema import Table
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables
from tests.tables.selfeval_seeds import document


@pytest.mark.parametrize("stem", ["000_hunan_2024", "002_yuelu_2021", "004_zigong_2022"])
def test_classifies_by_itself_when_the_structure_has_no_table_kinds(stem: str) -> None:
    doc = document(stem)
    alone = extract_tables(doc, DocumentStructure())
    wired = extract_tables(doc, analyse_structure(doc))
    assert alone.dept_table == wired.dept_table
    assert alone.project_tables == wired.project_tables


def test_a_form_that_cannot_be_read_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document("000_hunan_2024")
    real = tables_stage.read_self_eval

    def failing(doc_: object, tables: list[Table], **kwargs: object) -> object:
        if tables[0].index == 5:
            raise ValueError("made to fail")
        return real(doc_, tables, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tables_stage, "read_self_eval", failing)
    result = extract_tables(doc, DocumentStructure())
    assert [t.project_name for t in result.project_tables] == [
        "其他事业发展资金",
        "家庭教育民生实事",
        "省级专项资金",
    ]
    assert (
        "000_hunan_2024.txt (table 5): self-evaluation table not read: ValueError('made to fail')"
        in result.warnings
    )
    assert result.dept_table is not None and result.staffing is not None and len(result.basic_data) == 19
