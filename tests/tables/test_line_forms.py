"""Seed 003 (望城区妇联 2020 部门整体自评表): flattened text lines in TXT, real tables in DOCX and PDF.

The text rendering has no table blocks; :mod:`jixiao.tables.line_forms` reads its lines. The DOCX and PDF
renderings go through the table extractors. Both must give the answers below, read from
golden/docs/003_wangcheng_2020.txt lines 6–419.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema import Op
from jixiao.schema import SelfEvalTable
from jixiao.tables.line_forms import looks_like_line_form
from tests.tables.selfeval_seeds import FORMATS
from tests.tables.selfeval_seeds import document
from tests.tables.selfeval_seeds import tables

D = Decimal
STEM = "003_wangcheng_2020"

# (目标内容, 目标值, 完成值, 分值, 得分) — text compared without whitespace.
ROWS = [
    ("开展“线上+线下”技能培训", "5期", "21", "6", "6"),
    ("开展至少30场家庭教育、法律知识、婚姻家庭、心理健康等公益讲堂", "至少30场", "43", "6", "6"),
    ("指导开展科学育儿、亲子早教进社区工作，帮助更多的家庭缓解养育难题；", "10个村（社区）", "10", "6", "6"),
    ("创建区级巾帼文明岗、妇女儿童之家", "各3个以上", "5", "6", "6"),
    ("全年救助慰问全区各类贫困弱势妇女儿童", "180人以上", "576", "6", "6"),
    (
        "救助贫困两癌妇女",
        "对象为乳腺癌、宫颈癌等女性疾病的贫困患者",
        "为116名贫困两癌妇女发放中央和省市区救助金共58.3万元。",
        "4",
        "4",
    ),
    (
        "慰问一批贫困妇女",
        "三八节及春节前后",
        "三八和春节期间慰问了疫情防控一线女干部职工和困难妇女儿童",
        "4",
        "4",
    ),
    (
        "慰问一批贫困困境儿童",
        "六一前后及春节前后",
        "六一慰问了困难儿童45名共3.02万元，春节期间也慰问了困难儿童",
        "4",
        "4",
    ),
    ("六一慰问贫困儿童", "每人不少于600元慰问金", "按照标准完成", "4", "4"),
    ("全年救助贫困两癌妇女不少于60人", "每人不少于3000元救助金", "按照标准完成", "4", "4"),
    ("", "", "", "0", "0"),
    (
        "深化“爱心妈妈”志愿服务品牌，招募一批爱心妈妈",
        "引导社会力量关心关爱困境儿童",
        "招募爱心妈妈与108名困境儿童结对帮扶",
        "10",
        "10",
    ),
    (
        "继续通过政府购买服务的形式，大力推进婚调委建设项目和幸福号三级平台建设。",
        "婚姻家庭矛盾调和率达20%以上",
        "为1046对夫妻提供调解服务，调和率达45.5%。",
        "10",
        "10",
    ),
    ("", "", "", "0", "0"),
    ("建立健全内控制度", "长期坚持", "按要求完成并长期坚持", "5", "5"),
    ("认真接待并处理来信来电来访妇女群众案件", "长期坚持", "按要求完成并长期坚持", "5", "5"),
    ("", "", "", "0", "0"),
]
LEVELS = (
    [(L1.OUTPUT, L2.QTY)] * 5
    + [(L1.OUTPUT, L2.QUAL)]
    + [(L1.OUTPUT, L2.TIME)] * 2
    + [(L1.OUTPUT, L2.COST)] * 2
    + [
        (L1.BENEFIT, L2.ECON),
        (L1.BENEFIT, L2.SOCIAL),
        (L1.BENEFIT, L2.SOCIAL),
        (L1.BENEFIT, L2.ECO),
        (L1.BENEFIT, L2.SUSTAIN),
        (L1.BENEFIT, L2.SUSTAIN),
        (L1.SATISFACTION, L2.SATISF),
    ]
)


def _bare(text: str | None) -> str:
    return "".join((text or "").split())


def _dept(fmt: str) -> SelfEvalTable:
    table = tables(STEM, fmt).dept_table
    assert table is not None
    return table


def test_the_text_rendering_has_no_tables_and_is_recognised() -> None:
    doc = document(STEM)
    assert doc.tables() == []
    assert looks_like_line_form(doc)
    assert not looks_like_line_form(document("002_yuelu_2021"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_funds_with_transfer_column(fmt: str) -> None:
    funds = _dept(fmt).funds
    got = [
        (
            f.label_raw,
            f.category,
            *(str(getattr(f, k).value) for k in ("budget", "executed", "transfer")),
            f.rate_reported,
            f.rate_formula,
            f.weight,
            f.score,
        )
        for f in funds
    ]
    assert got == [
        ("年度资金总额", "总额", "324", "324", "0", D("100.00"), "(B-C)/A", D("10"), D("10.00")),
        ("财政拨款", "财政拨款", "324", "324", "0", D("100.00"), "(B-C)/A", None, None),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicator_rows(fmt: str) -> None:
    dept = _dept(fmt)
    got = [
        (_bare(i.content), _bare(i.target.raw), _bare(i.actual.raw), str(i.weight), str(i.score))
        for i in dept.indicators
    ]
    assert got == ROWS
    assert [(i.level1, i.level2) for i in dept.indicators] == LEVELS
    assert [i.name for i in dept.indicators] == ["部门整体" if r[0] else "" for r in ROWS]
    assert (dept.total_weight_reported, dept.total_score_reported) == (D("100"), D("90.00"))
    # domain.md §6: 总分 100 / 90.00 but the weights (80 + the execution row's 10) add up to 90.
    assert sum(i.weight or 0 for i in dept.indicators) + (dept.funds[0].weight or 0) == D("90")


@pytest.mark.parametrize("fmt", FORMATS)
def test_operator_words_in_the_targets(fmt: str) -> None:
    targets = [(i.target.op, i.target.num, i.target.unit) for i in _dept(fmt).indicators[:5]]
    assert targets == [
        (Op.NONE, D("5"), "期"),
        (Op.GE, D("30"), "场"),
        (Op.NONE, D("10"), "个"),
        (Op.GE, D("3"), "个"),
        (Op.GE, D("180"), "人"),
    ]
    assert [i.actual.num for i in _dept(fmt).indicators[:5]] == [D("21"), D("43"), D("10"), D("5"), D("576")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_name_and_goals(fmt: str) -> None:
    dept = _dept(fmt)
    assert dept.competent_dept == "长沙市望城区妇女联合会"
    target = "\n".join(g.target_text for g in dept.goals)
    assert _bare(target).startswith("指标1：开展至少30场家庭教育")
    assert _bare(target).endswith("指标9：建立健全内部控制制度，并严格对照执行。")
    assert _bare(dept.goals[-1].actual_text).endswith("先进事迹得到人民日报等中央和省市媒体广泛宣传报道。")


def test_text_rendering_provenance() -> None:
    doc = document(STEM)
    dept = _dept("txt")
    first = dept.indicators[1]
    assert first.prov.method == "text_rule"
    assert doc.span_text(first.cells["weight"].span) == "6"
    assert doc.span_text(first.cells["target"].span) == "至少 30 场"
    assert doc.span_text(first.cells["actual"].span) == "43"
    funds = dept.funds[0]
    assert funds.transfer is not None and funds.transfer.prov is not None
    assert doc.span_text(funds.transfer.prov.span) == "0"
