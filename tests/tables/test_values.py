"""指标值 / 完成值 cells → Value: exact examples from the seeds, and properties over generated cells.

Every example is a cell as written in a seed (domain.md §6 and the tables of 000/002/003/004).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from jixiao.schema import Op
from jixiao.schema import Provenance
from jixiao.tables.values import is_placeholder_text
from jixiao.tables.values import op_from_nature
from jixiao.tables.values import parse_value

D = Decimal


# (cell as written, op, num, num_hi, unit, text)
QUANTITIES = [
    ("≥30000课时", Op.GE, D("30000"), None, "课时", None),
    ("300 万人次", Op.NONE, D("300"), None, "万人次", None),
    ("4.62人", Op.NONE, D("4.62"), None, "人", None),
    ("≥40-80分钟", Op.RANGE, D("40"), D("80"), "分钟", None),
    ("40-80分钟", Op.RANGE, D("40"), D("80"), "分钟", None),
    ("按人均每年≦32000元分月发放", Op.LE, D("32000"), None, "元", "按人均每年分月发放"),
    ("\u3000278.2≥2000人次", Op.GE, D("2000"), None, "人次", "278.2"),
    ("278.2\u3000≥90%", Op.GE, D("90"), None, "%", "278.2"),
    ("\u3000≥99.94", Op.GE, D("99.94"), None, None, None),
    ("<200元/人次/天", Op.LT, D("200"), None, "元/人次/天", None),
    ("≤10万元/年", Op.LE, D("10"), None, "万元/年", None),
    ("≦6000元/班/年", Op.LE, D("6000"), None, "元/班/年", None),
    ("≥1600人次／年", Op.GE, D("1600"), None, "人次/年", None),
    ("约500000人次/年", Op.APPROX, D("500000"), None, "人次/年", None),
    ("（出入人员）约500000人次/年", Op.APPROX, D("500000"), None, "人次/年", "（出入人员）"),
    ("安全提升率≥90%", Op.GE, D("90"), None, "%", "安全提升率"),
    ("≤20万", Op.LE, D("20"), None, "万", None),
    ("≥100万人", Op.GE, D("100"), None, "万人", None),
    ("≦150", Op.LE, D("150"), None, None, None),
    ("至少 30 场", Op.GE, D("30"), None, "场", None),
    ("180 人以上", Op.GE, D("180"), None, "人", None),
    ("各 3 个以上", Op.GE, D("3"), None, "个", "各"),
    ("10 个村（社区）", Op.NONE, D("10"), None, "个", "村（社区）"),
    ("每人不少于 600元慰问金", Op.GE, D("600"), None, "元", "每人慰问金"),
    ("婚姻家庭矛盾调和率达 20%以上", Op.GE, D("20"), None, "%", "婚姻家庭矛盾调和率达"),
    ("每月 1次", Op.NONE, D("1"), None, "次", "每月"),
    ("满意度100%", Op.NONE, D("100"), None, "%", "满意度"),
    ("覆盖人数达20万", Op.NONE, D("20"), None, "万", "覆盖人数达"),
    ("2020年“三公”经费支出合计0.00万元", Op.NONE, D("0.00"), None, "万元", "2020年“三公”经费支出合计"),
    ("１００", Op.NONE, D("100"), None, None, None),
    ("0", Op.NONE, D("0"), None, None, None),
]


@pytest.mark.parametrize(("raw", "op", "num", "num_hi", "unit", "text"), QUANTITIES)
def test_quantity_cells(
    raw: str, op: Op, num: Decimal, num_hi: Decimal | None, unit: str | None, text: str | None
) -> None:
    value = parse_value(raw)
    assert value.raw == raw
    assert (value.op, value.num, value.num_hi, value.unit, value.text) == (op, num, num_hi, unit, text)
    assert not value.is_placeholder


@pytest.mark.parametrize(
    ("raw", "grade", "scale"),
    [
        ("优良中低差", None, "优良中低差"),
        ("优", "优", None),
        ("良", "良", None),
        ("优,", "优", None),
        ("优秀", "优", None),
    ],
)
def test_qualitative_cells(raw: str, grade: str | None, scale: str | None) -> None:
    value = parse_value(raw)
    assert (value.op, value.grade, value.scale, value.num) == (Op.QUAL, grade, scale, None)


@pytest.mark.parametrize(
    ("raw", "status", "pct", "text"),
    [
        ("已完成", "已完成", None, None),
        ("未完成", "未完成", None, None),
        ("部分完成", "部分完成", None, None),
        ("如期完成", "如期完成", None, None),
        ("完成。", "已完成", None, None),
        ("全年已完成", "已完成", None, "全年已完成"),
        ("已完成90%", "已完成", D("90"), None),
        ("2024年7月完成", "已完成", None, "2024年7月完成"),
        ("按照标准完成", "已完成", None, "按照标准完成"),
    ],
)
def test_status_cells(raw: str, status: str, pct: Decimal | None, text: str | None) -> None:
    value = parse_value(raw)
    assert (value.status, value.pct_done, value.text, value.num) == (status, pct, text, None)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "—",
        "--",
        "－",
        "/",
        "……",
        "\u3000",
        "无",
        "未使用。",
        "对照年度目标，说明相关任务目标的完成情况（100字以内）",
        "结合自评情况，分析存在的问题及原因。（200字以内）",
    ],
)
def test_placeholders_and_empties(raw: str) -> None:
    value = parse_value(raw)
    assert value.is_placeholder
    assert value.num is None and value.op == Op.NONE
    assert is_placeholder_text(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "2024年12月31日前",
        "2022年12底前",
        "每年3月开始至次年2月结束",
        "2024年全年",
        "市州全覆盖",
        "稳步提升",
        "7天*24小时",
    ],
)
def test_dates_and_prose_stay_text(raw: str) -> None:
    value = parse_value(raw)
    assert (value.num, value.op, value.text, value.is_placeholder) == (None, Op.NONE, raw, False)


def test_spilled_cell_with_six_values_is_not_read_as_one_number() -> None:
    # 000 dept table, 家庭教育指导者培训: neighbouring rows' values spilled into one 指标值 cell.
    value = parse_value("全年33000人次\n6场次\n72场次\n5800人次/年\n95%\n98%")
    assert value.num is None
    assert value.text == "全年33000人次 6场次 72场次 5800人次/年 95% 98%"


def test_unit_and_operator_hints_from_the_sichuan_columns() -> None:
    # 004: 指标性质 ≥ | 指标值 100 | 度量单位 名 | 完成值 80
    prov = Provenance(file="004.txt", line=1)
    target = parse_value("100", unit_hint="名", op_hint=op_from_nature("≥"), prov=prov)
    actual = parse_value("80", unit_hint="名")
    assert (target.op, target.num, target.unit, target.prov) == (Op.GE, D("100"), "名", prov)
    assert (actual.op, actual.num, actual.unit) == (Op.NONE, D("80"), "名")
    # The value's own unit wins over the column: 服务对象满意率 ≥ | 85% | (empty 度量单位)
    assert parse_value("85%", unit_hint="", op_hint=Op.GE).unit == "%"
    assert parse_value("5", unit_hint="个（台、套、件、辆）").unit == "个（台、套、件、辆）"


@pytest.mark.parametrize(
    ("nature", "op"),
    [
        ("＝", Op.EQ),
        ("≥", Op.GE),
        ("≤", Op.LE),
        ("定性", Op.QUAL),
        ("优良中低差", Op.QUAL),
        ("", None),
        ("指标1.亮品牌", None),
    ],
)
def test_op_from_nature(nature: str, op: Op | None) -> None:
    assert op_from_nature(nature) is op


# --- properties ---------------------------------------------------------------------------------------

GE_PREFIX = ["≥", "≧", ">=", "不少于", "至少", "不低于", "大于等于"]
LE_PREFIX = ["≤", "≦", "<=", "不超过", "不高于", "小于等于"]
SUFFIXES = [("以上", Op.GE), ("以内", Op.LE), ("以下", Op.LE), ("左右", Op.APPROX)]
# Units that cannot be mistaken for dates (年/月 after a number are dates).
UNITS = [
    "课时",
    "人次",
    "%",
    "万元/年",
    "元/人次/天",
    "个（台、套、件、辆）",
    "场",
    "名",
    "万人次",
    "元",
    "万元",
    "分钟",
    "期",
    "次/年",
]

numbers = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


def _render(n: Decimal) -> str:
    return format(n.normalize(), "f") if n == n.to_integral() else format(n, "f")


@given(
    n=numbers,
    spelling=st.sampled_from(GE_PREFIX + LE_PREFIX + ["＝", "=", "约"]),
    unit=st.sampled_from(UNITS),
    space=st.sampled_from(["", " ", "\u3000"]),
)
@settings(max_examples=300, deadline=None)
def test_prefix_operator_number_unit_parses_back(n: Decimal, spelling: str, unit: str, space: str) -> None:
    raw = f"{spelling}{space}{_render(n)}{unit}"
    value = parse_value(raw)
    expected = (
        Op.GE
        if spelling in GE_PREFIX
        else Op.LE
        if spelling in LE_PREFIX
        else Op.APPROX
        if spelling == "约"
        else Op.EQ
    )
    assert value.op == expected
    assert value.num == n
    assert value.unit == unit.replace("／", "/")
    assert value.raw == raw


@given(n=numbers, suffix=st.sampled_from(SUFFIXES), unit=st.sampled_from(UNITS))
@settings(max_examples=200, deadline=None)
def test_suffix_operator_parses_back(n: Decimal, suffix: tuple[str, Op], unit: str) -> None:
    word, op = suffix
    value = parse_value(f"达{_render(n)}{unit}{word}")
    assert (value.op, value.num, value.unit) == (op, n, unit)


@given(
    lo=st.integers(min_value=0, max_value=999),
    width=st.integers(min_value=1, max_value=999),
    dash=st.sampled_from(["-", "~", "～", "至"]),
    unit=st.sampled_from(["分钟", "人", "场次", "%"]),
)
@settings(max_examples=150, deadline=None)
def test_ranges_parse_back(lo: int, width: int, dash: str, unit: str) -> None:
    value = parse_value(f"{lo}{dash}{lo + width}{unit}")
    assert (value.op, value.num, value.num_hi, value.unit) == (Op.RANGE, D(lo), D(lo + width), unit)


@given(n=numbers)
@settings(max_examples=100, deadline=None)
def test_full_width_digits_read_like_half_width(n: Decimal) -> None:
    half = _render(n)
    full = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() or ch == "." else ch for ch in half)
    assert parse_value(full).num == parse_value(half).num == n


@given(st.text(max_size=60))
@settings(max_examples=500, deadline=None)
def test_parsing_never_raises_and_keeps_raw(raw: str) -> None:
    value = parse_value(raw)
    assert value.raw == raw
    if value.num_hi is not None:
        assert value.op == Op.RANGE
