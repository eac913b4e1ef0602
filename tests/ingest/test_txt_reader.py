"""The text reader on the seeds: tables rebuilt, spans exact, noise recorded."""

from __future__ import annotations

import pytest

from jixiao.ingest import read_document
from jixiao.schema import Paragraph
from jixiao.schema import Table
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_every_span_gives_back_its_text(stem: str) -> None:
    doc = read_document(seed_path(stem))
    assert doc.blocks
    for block in doc.blocks:
        assert block.prov.span is not None
        if isinstance(block, Paragraph):
            assert doc.span_text(block.prov.span) == block.text
        else:
            for cell in block.cells:
                assert cell.prov.span is not None
                assert doc.span_text(cell.prov.span) == cell.text
                assert cell.prov.line is not None


def test_cell_per_line_layout_rebuilds_the_fund_table() -> None:
    doc = read_document(seed_path("002_yuelu_2021"))
    table = doc.tables()[0]
    rows = table.rows_text()
    total = next(r for r in rows if "合计" in r and "198.8" in r)
    assert total[total.index("合计") + 1 : total.index("合计") + 5] == ["198.8", "212.64", "106.87%", "10"]
    # "资金↵↵结构" is one cell although a blank line sits between its two paragraphs
    assert any("资金\n结构" in r for r in rows)
    # the header repeated after page breaks is marked
    assert len(table.header_rows) == 2


def test_blank_line_after_a_cell_with_an_empty_paragraph_stays_in_the_row() -> None:
    doc = read_document(seed_path("000_hunan_2024"))
    dept = next(t for t in doc.tables() if any("省级预算部门、单位名称" in c.text for c in t.cells))
    rows = dept.rows_text()
    goal_row = next(r for r in rows if any(c.startswith("一、以养成良好习惯") for c in r))
    assert any(c.startswith("一是围绕思想引领") for c in goal_row)


def test_one_line_layout_splits_cells_on_double_tabs() -> None:
    doc = read_document(seed_path("004_zigong_2022"))
    first = next(t for t in doc.tables() if any("51030022Y000000325498" in c.text for c in t.cells))
    rows = first.rows_text()
    row = next(r for r in rows if "打造安全宣传进家庭示范点5个" in r)
    i = row.index("打造安全宣传进家庭示范点5个")
    assert row[i + 1 : i + 7] == ["＝", "5", "个（台、套、件、辆）", "5", "20", "20"]


def test_bookmarks_and_images_are_removed_but_recorded() -> None:
    doc = read_document(seed_path("004_zigong_2022"))
    assert "[bookmark:" not in doc.text
    assert "[image:" not in doc.text
    kinds = {n.kind for n in doc.noise}
    assert {"bookmark", "image"} <= kinds
    assert all(n.line for n in doc.noise)


def test_pdf_extracted_text_joins_vertical_headers() -> None:
    doc = read_document(seed_path("003_wangcheng_2020"))
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "年度总体目标" in texts
    assert "部门职能概述" in texts
    assert any(t.startswith("指标 1：开展至少 30 场") and t.endswith("公益讲堂；") for t in texts)


def test_gbk_text_is_decoded(tmp_path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("七、存在的问题及原因分析\n预算执行率较低。\n".encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.blocks[0].text == "七、存在的问题及原因分析"
    assert not any(isinstance(b, Table) for b in doc.blocks)
