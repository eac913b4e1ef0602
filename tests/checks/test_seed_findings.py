"""The findings of the whole pipeline on the seeds' text form, compared with what a reader of each seed finds.

Every finding below was checked against the document by hand (domain.md §6 and the notes in
golden/expected/). These tests depend on the extractors too: a change there that loses a value shows up here
as a missing finding, one that misreads a value as a new one.
"""

from __future__ import annotations

from collections import Counter

import pytest

from jixiao.pipeline import Pipeline
from jixiao.schema import Finding
from jixiao.schema import PipelineConfig
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    pipeline = Pipeline(PipelineConfig())
    stems = ("000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020", "004_zigong_2022")
    return {stem: pipeline.process_file(seed_path(stem)).report.findings for stem in stems}


def _key(found: list[Finding]) -> list[tuple[str, str, str | None]]:
    # duplicate_rendering_conflict comes from the table stage (it alone sees every copy); its tests are there.
    return [(f.check, f.severity, f.subject) for f in found if f.check != "duplicate_rendering_conflict"]


def test_001_has_nothing_to_find(findings: dict[str, list[Finding]]) -> None:
    # Its figures add up (基本 178.94 = 82.22 + 96.72; 总计 236.74) and its dates fit 2024.
    assert findings["001_yueyang_2024"] == []


def test_002_findings(findings: dict[str, list[Finding]]) -> None:
    assert sorted(_key(findings["002_yuelu_2021"])) == sorted([
        ("exec_rate_mismatch", "error", "资金来源 合计"),  # 212.64/198.8 = 106.96 %, written 106.87 %
        ("exec_rate_over_100", "warn", "资金来源 合计"),
        ("exec_rate_over_100", "warn", "财政拨款"),
        ("exec_rate_over_100", "warn", "资金结构 合计"),
        ("exec_rate_over_100", "warn", "基本支出"),
        ("exec_rate_over_100", "warn", "人员支出"),
        ("exec_rate_over_100", "warn", "项目支出"),
        ("exec_score_blank", "warn", "资金来源 合计"),
        ("fund_total_parts", "error", "资金来源 合计"),  # 198.8 ≠ 174.74 + 24.24
        ("fund_income_vs_expense", "error", "资金来源 合计"),  # 资金结构 covers 财政拨款 only
        ("level1_weight_cap", "info", "产出指标"),  # 55 vs the usual 50
        ("level1_weight_cap", "info", "效益指标"),  # 35 vs the usual 30
        ("total_weight_mismatch", "info", "部门整体"),  # the execution row is left out of 总分
        ("year_mismatch", "warn", "指标1：精简机关运行经费，尤其对三公经费进行控制情况"),  # “2020年…” in 2021
    ])  # fmt: skip


def test_003_findings(findings: dict[str, list[Finding]]) -> None:
    assert _key(findings["003_wangcheng_2020"]) == [
        ("level1_weight_cap", "info", "满意度指标"),  # weight 0 vs the usual 10
        ("total_weight_mismatch", "error", "部门整体"),  # 总分 100, weights 80 + 10 = 90
    ]


def test_004_findings(findings: dict[str, list[Finding]]) -> None:
    assert sorted(_key(findings["004_zigong_2022"])) == sorted([
        ("indicator_score_proportional", "warn", "春蕾计划结对帮扶困难学生100名以上"),  # 80 of 100, 18 of 20
        ("indicator_missing_reason", "warn", "有效推动农村产业发展"),  # 良 8 of 10, no reason
        ("placeholder_unfilled", "warn", "市妇联综合素质再提升行动"),  # 年度目标完成情况 is the instruction
        ("placeholder_unfilled", "warn", "四川省妇女儿童事业发展专项资金"),  # 存在问题
        ("placeholder_unfilled", "warn", "四川省妇女儿童事业发展专项资金"),  # 改进措施
        ("total_score_mismatch", "warn", "四川省妇女儿童事业发展专项资金"),  # 合计 100 with no score
    ])  # fmt: skip


def test_000_findings(findings: dict[str, list[Finding]]) -> None:
    found = [f for f in findings["000_hunan_2024"] if f.check != "duplicate_rendering_conflict"]
    # The 附件2 findings repeat for 省级专项资金, whose indicator rows copy the department table's.
    assert Counter(f.check for f in found) == Counter({
        "indicator_full_score_unmet": 10, "indicator_score_over_weight": 4, "indicator_weight_without_name": 4,
        "level1_weight_cap": 4, "project_total_vs_basic_data": 5, "total_score_mismatch": 4,
        "total_weight_mismatch": 3, "year_mismatch": 3, "three_public_mismatch": 2, "exec_rate_mismatch": 1,
        "exec_rate_no_percent_sign": 1, "fund_income_vs_expense": 1, "narrative_vs_table": 2,
        "staffing_mismatch": 1, "three_public_components": 1,
    })  # fmt: skip
    keys = set(_key(found))
    for expected in [
        ("indicator_score_over_weight", "error", "12338热线服务平台运营维护"),
        ("indicator_full_score_unmet", "warn", "全省妇联系统基层执委网络集中培训及课程开发费用"),
        ("indicator_full_score_unmet", "info", "省家庭教育指导中心项目宣传费"),
        ("level1_weight_cap", "error", "产出指标"),
        ("total_weight_mismatch", "error", "家庭教育民生实事"),
        ("total_score_mismatch", "warn", "业务工作经费"),
        ("exec_rate_no_percent_sign", "warn", "家庭教育民生实事"),
        ("year_mismatch", "warn", "出国完成时间"),
        ("year_mismatch", "warn", "2023年实际在职人数"),
        ("staffing_mismatch", "warn", "在职人员控制率"),
        ("three_public_components", "error", "三公经费"),
        ("three_public_mismatch", "warn", "三公经费支出"),
        ("project_total_vs_basic_data", "warn", "家庭教育民生实事"),
        ("project_total_vs_basic_data", "warn", "项目支出"),
        ("narrative_vs_table", "warn", "2024年妇女儿童事业发展专项资金实际支出"),
        ("narrative_vs_table", "info", "会议费、培训费"),
    ]:
        assert expected in keys, expected


def test_every_finding_points_at_its_source(findings: dict[str, list[Finding]]) -> None:
    for stem, found in findings.items():
        for f in found:
            if f.check == "duplicate_rendering_conflict":
                continue
            assert f.refs, (stem, f.check, f.subject)
            assert all(p.file == seed_path(stem).name for p in f.refs), (stem, f.check)
            assert all(p.span is not None or p.line is not None for p in f.refs), (stem, f.check)
