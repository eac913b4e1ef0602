"""部门整体支出绩效评价基础数据表 (seed 000 附件1): every line, staffing, provenance.

Expected values are read from golden/docs/000_hunan_2024.txt, lines 222–350 (附件1).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest import read_document
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.schema import Amount
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema.stages import TableInfo
from jixiao.schema.stages import TableKind
from jixiao.tables.basic_data import extract_basic_data
from jixiao.tables.basic_data import is_basic_data_table
from jixiao.tables.basic_data import normalise_label
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def doc000() -> Document:
    return read_document(seed_path("000_hunan_2024"))


def _v(amount: Amount | None) -> str | None:
    return None if amount is None else str(amount.value)


# (group, label, label as written, 2023年决算数, 2024年预算数, 2024年决算数). The 人员 figures sit in `final`;
# rows with no figure (项目支出：, 部门基本支出预算调整 ——, the empty 楼堂馆所 block) give no line.
EXPECTED_000 = [
    ("人员", "编制数", "编制数", None, None, "82"),
    ("人员", "2023年实际在职人数", "2023年实际在职人数", None, None, "69"),
    ("人员", "控制率", "控制率", None, None, "84.15"),
    ("三公", "三公经费", "三公经费:", "60.05", "60.5", "29.45"),
    ("三公", "公务用车购置和维护经费", "1、公务用车购置和维护经费", "25.07", "38.5", "24.89"),
    ("三公", "公车购置", "其中：公车购置", "0", None, None),
    ("三公", "公车运行维护", "公车运行维护", "25.07", "38.5", "24.89"),
    ("三公", "出国经费", "2、出国经费", "31.89", "15", "0"),
    ("三公", "公务接待", "3、公务接待", "3.09", "7", "4.65"),
    ("项目支出", "其他运转类", "1、其他运转类", "14.78", "15", "0"),
    ("项目支出", "业务工作经费", "2.业务工作经费", "0", "108.78", "33.07"),
    ("项目支出", "省级专项资金", "3、省级专项资金", "1984.22", "1567", "1206.3"),
    ("项目支出", "湖南省妇女儿童事业发展专项", "湖南省妇女儿童事业发展专项", "1984.22", "1567", "1206.3"),
    ("项目支出", "其他事业发展资金", "4、其他事业发展资金", "173.07", "332.89", "288.89"),
    ("公用经费", "公用经费", "公用经费", "380.79", "342.75", "323.53"),
    ("公用经费", "办公经费", "其中：办公经费", "31.54", "19", "21.39"),
    ("公用经费", "水费、电费、差旅费", "水费、电费、差旅费", "22", "22", "18.18"),
    ("公用经费", "会议费、培训费", "会议费、培训费", "17.93", "18", "9.26"),
    ("政府采购", "政府采购金额", "政府采购金额", "1362.52", "937.35", "1261.57"),
]


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_000_every_line(fmt: str) -> None:
    doc = read_document(seed_path("000_hunan_2024", fmt))
    lines, staffing = extract_basic_data(doc, DocumentStructure())
    # the PDF rendering's text layer spaces digits from CJK ("2023 年实际在职人数"): compare it without spaces
    raw = (lambda t: re.sub(r"\s+", "", t)) if fmt == "pdf" else (lambda t: t)
    got = [
        (ln.group, ln.label, raw(ln.label_raw), _v(ln.prior_final), _v(ln.budget), _v(ln.final))
        for ln in lines
    ]
    assert got == EXPECTED_000
    assert staffing is not None and (staffing.quota, staffing.actual, staffing.year_label) == (82, 69, "2023")


def test_000_staffing_keeps_the_year_written_in_the_label(doc000: Document) -> None:
    _, staffing = extract_basic_data(doc000, DocumentStructure())
    assert staffing is not None
    assert (staffing.quota, staffing.actual, staffing.control_rate, staffing.retired) == (
        82,
        69,
        Decimal("84.15"),
        None,
    )
    # the 2024 form labels its headcount "2023年实际在职人数" (domain.md §6)
    assert staffing.year_label == "2023"
    assert staffing.prov is not None
    assert doc000.span_text(staffing.prov.span) == "财政供养人员情况（人）"  # type: ignore[arg-type]


def test_000_amounts_point_at_their_cells(doc000: Document) -> None:
    lines, _ = extract_basic_data(doc000, DocumentStructure())
    amounts = [a for ln in lines for a in (ln.prior_final, ln.budget, ln.final) if a is not None]
    assert len(amounts) == 49
    for amount in amounts:
        assert amount.prov is not None and amount.prov.span is not None
        assert amount.prov.method == "table_rule"
        assert doc000.span_text(amount.prov.span).strip() == amount.raw
    for ln in lines:
        assert doc000.span_text(ln.prov.span) == ln.label_raw  # type: ignore[arg-type]
        money = [a for a in (ln.prior_final, ln.budget, ln.final) if a is not None]
        if ln.group == "人员":
            # headcounts and a rate: no money unit, no 万元 value
            assert [(a.unit, a.wan) for a in money] == [(None, None)]
        else:
            assert all(a.unit == "万元" and a.wan == a.value for a in money)
    三公 = lines[3]
    assert (三公.final.prov.row, 三公.final.prov.col) == (3, 3)  # type: ignore[union-attr]
    rate = lines[2].final
    assert rate is not None and (rate.raw, rate.value) == ("84.15%", Decimal("84.15"))


@pytest.mark.parametrize("stem", [s for s in SEED_STEMS if s != "000_hunan_2024"])
def test_seeds_without_the_form_give_nothing(stem: str) -> None:
    assert extract_basic_data(read_document(seed_path(stem)), DocumentStructure()) == ([], None)


def test_only_the_form_is_detected(doc000: Document) -> None:
    assert [t.index for t in doc000.tables() if is_basic_data_table(t)] == [2]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("三公经费:", "三公经费"),
        ("1、公务用车购置和维护经费", "公务用车购置和维护经费"),
        ("其中：公车购置", "公车购置"),
        ("2.业务工作经费", "业务工作经费"),
        ("项目支出：", "项目支出"),
        ("（1）办公费", "办公费"),
        ("一、三公经费", "三公经费"),
        ("    其中：办公经费", "办公经费"),
    ],
)
def test_normalise_label(raw: str, label: str) -> None:
    assert normalise_label(raw) == label


def _form(tmp_path: Path, header: list[str], row: list[str]) -> Document:
    """A one-section 经费控制 form built from cells (the header wording varies between years)."""
    b = DocumentBuilder(path=tmp_path / "form.txt", format="txt", data=b"form")
    cells = [CellInput(0, c, t) for c, t in enumerate(header)] + [
        CellInput(1, c, t) for c, t in enumerate(row)
    ]
    b.add_table(cells)
    return b.build()


def test_columns_named_without_years(tmp_path: Path) -> None:
    doc = _form(
        tmp_path,
        ["经费控制情况（元）", "本年预算数", "上年决算数", "本年决算数"],
        ["三公经费", "300", "200", "100"],
    )
    lines, staffing = extract_basic_data(doc, DocumentStructure())
    assert staffing is None
    [line] = lines
    assert (_v(line.prior_final), _v(line.budget), _v(line.final)) == ("200", "300", "100")
    assert line.final is not None and line.final.unit == "元" and line.final.wan == Decimal("0.01")


def test_buildings_block_with_figures(tmp_path: Path) -> None:
    b = DocumentBuilder(path=tmp_path / "form.txt", format="txt", data=b"form")
    header = [
        "楼堂馆所控制情况\n（2023年完工项目）",
        "批复规模（㎡）",
        "实际规模（㎡）",
        "规模控制率",
        "预算投资（万元）",
        "实际投资（万元）",
    ]
    row = ["", "1200", "1180", "98.33%", "560", "548.5"]
    b.add_table(
        [CellInput(0, c, t) for c, t in enumerate(header)] + [CellInput(1, c, t) for c, t in enumerate(row)]
    )
    lines, _ = extract_basic_data(b.build(), DocumentStructure())
    assert [(ln.group, ln.label, _v(ln.prior_final), _v(ln.budget), _v(ln.final)) for ln in lines] == [
        ("楼堂馆所", "楼堂馆所控制情况（2023年完工项目）", None, "560", "548.5")
    ]


def test_a_table_classified_as_basic_data_is_read_even_without_the_marker(tmp_path: Path) -> None:
    doc = _form(
        tmp_path,
        ["（万元）", "2023年决算数", "2024年预算数", "2024年决算数"],
        ["政府采购金额", "1", "2", "3"],
    )
    assert extract_basic_data(doc, DocumentStructure()) == ([], None)
    hinted = DocumentStructure(tables=[TableInfo(index=0, kind=TableKind.BASIC_DATA)])
    lines, _ = extract_basic_data(doc, hinted)
    assert [(ln.group, ln.label, _v(ln.prior_final), _v(ln.budget), _v(ln.final)) for ln in lines] == [
        ("政府采购", "政府采购金额", "1", "2", "3")
    ]
