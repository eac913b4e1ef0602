"""Mismatches point at the source: provenance as a place, and expected text found in the document."""

from __future__ import annotations

from pathlib import Path

from jixiao.eval.locate import Locator
from jixiao.eval.locate import describe
from jixiao.ingest import read_document
from jixiao.schema import Provenance

DOCS = Path(__file__).resolve().parents[2] / "golden" / "docs"


def test_describe_places() -> None:
    assert describe(None) is None
    txt = Provenance(file="002_yuelu_2021.txt", line=128, table=1, row=3, col=2)
    assert describe(txt) == "002_yuelu_2021.txt line 128 (table 1 r3 c2)"
    pdf = Provenance(file="003_wangcheng_2020.pdf", page=2, table=0, row=5, col=4)
    assert describe(pdf) == "003_wangcheng_2020.pdf p.2 (table 0 r5 c4)"
    assert describe(Provenance(file="x.docx", block=7)) == "x.docx block 7"


def test_expected_text_is_found_in_a_table_cell() -> None:
    locator = Locator(read_document(DOCS / "002_yuelu_2021.txt"))
    # Width and punctuation differ from the source's "（2）其他资金".
    assert locator.where("(2)其他资金") is not None
    found = locator.find("(2)其他资金")
    assert found is not None and found.line == 42


def test_text_broken_over_pdf_lines_is_found() -> None:
    locator = Locator(read_document(DOCS / "003_wangcheng_2020.txt"))
    # The 目标内容 cell is split over lines: "部门整体 指导开展科学育" / "儿、亲子早教进" / "社区工作，帮助".
    found = locator.find("指导开展科学育儿、亲子早教进社区工作")
    assert found is not None and found.line == 164
    # The first occurrence wins: goal 5 (line 61) before the indicator row (line 139).
    first = locator.find("开展“线上+线下”技能培训")
    assert first is not None and first.line == 61
    assert locator.find("不在文件里的一句话") is None
    assert locator.find("") is None
