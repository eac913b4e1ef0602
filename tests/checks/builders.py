"""Hand-built report parts for the checks' tests, with the seeds' numbers and line numbers.

The checks are tested on Report objects built here rather than on extractor output, so a test fails only
when a check is wrong. Values are typed from the seed documents (file and line given in each test).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from typing import Literal

from jixiao.schema import L1
from jixiao.schema import Amount
from jixiao.schema import BasicDataLine
from jixiao.schema import FinalAccountFigure
from jixiao.schema import FinalAccountLine
from jixiao.schema import FundRow
from jixiao.schema import Op
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import Section
from jixiao.schema import SectionKey
from jixiao.schema import SelfEvalTable
from jixiao.schema import SourceInfo
from jixiao.schema import Staffing
from jixiao.schema import TableGoal
from jixiao.schema import ThreePublic
from jixiao.schema import Value

D = Decimal


def prov(line: int, file: str = "000_hunan_2024.txt", **kw: Any) -> Provenance:
    """Provenance of a value on ``line`` of a seed file."""
    return Provenance(file=file, line=line, **{"method": "table_rule", **kw})


def amt(
    value: str | None, line: int = 1, unit: Literal["元", "万元"] = "万元", file: str = "000_hunan_2024.txt"
) -> Amount | None:
    """An amount as written (``'198.8'``) in ``unit``."""
    if value is None:
        return None
    v = D(value)
    wan = v / D(10000) if unit == "元" else v
    return Amount(raw=value, value=v, unit=unit, wan=wan, prov=prov(line, file))


def fund(
    category: str,
    label: str,
    *,
    budget: str | None = None,
    executed: str | None = None,
    initial: str | None = None,
    transfer: str | None = None,
    rate: str | None = None,
    weight: str | None = None,
    score: str | None = None,
    breakdown: str | None = None,
    formula: Literal["B/A", "(B-C)/A"] = "B/A",
    reason: str | None = None,
    line: int = 1,
    file: str = "000_hunan_2024.txt",
) -> FundRow:
    """A fund row; ``rate`` as written (``'106.87%'``, ``'30.4'``)."""
    return FundRow(
        label_raw=label,
        category=category,  # type: ignore[arg-type]
        breakdown=breakdown,  # type: ignore[arg-type]
        initial_budget=amt(initial, line, file=file),
        budget=amt(budget, line, file=file),
        executed=amt(executed, line, file=file),
        transfer=amt(transfer, line, file=file),
        rate_reported=D(rate.replace("%", "")) if rate else None,
        rate_raw=rate,
        rate_formula=formula,
        weight=D(weight) if weight is not None else None,
        score=D(score) if score is not None else None,
        reason=reason,
        prov=prov(line, file),
    )


def val(
    raw: str,
    op: Op = Op.NONE,
    num: str | None = None,
    unit: str | None = None,
    *,
    status: str | None = None,
    grade: str | None = None,
    pct_done: str | None = None,
    scale: str | None = None,
) -> Value:
    """An indicator cell, normalised by hand."""
    return Value(
        raw=raw,
        op=op,
        num=D(num) if num is not None else None,
        unit=unit,
        status=status,  # type: ignore[arg-type]
        grade=grade,  # type: ignore[arg-type]
        pct_done=D(pct_done) if pct_done is not None else None,
        scale=scale,
    )


def ind(
    name: str,
    target: Value,
    actual: Value,
    weight: str | None,
    score: str | None,
    *,
    level1: str = "产出指标",
    l1: L1 | None = L1.OUTPUT,
    cap: str | None = None,
    level2: str = "数量指标",
    nature: Literal["定量", "定性"] = "定量",
    reason: str | None = None,
    line: int = 1,
    file: str = "000_hunan_2024.txt",
) -> PerformanceIndicator:
    """One indicator row; ``cells`` get the row's provenance for each column."""
    p = prov(line, file)
    return PerformanceIndicator(
        level1_raw=level1,
        level1=l1,
        level1_cap=D(cap) if cap is not None else None,
        level2_raw=level2,
        name=name,
        nature=nature,
        target=target,
        actual=actual,
        weight=D(weight) if weight is not None else None,
        score=D(score) if score is not None else None,
        deviation_reason=reason,
        prov=p,
        cells={
            k: prov(line, file, col=i)
            for i, k in enumerate(("level1", "name", "target", "actual", "weight", "score"))
        },
    )


def table(
    *,
    scope: Literal["部门整体", "项目"] = "项目",
    name: str | None = None,
    code: str | None = None,
    funds: list[FundRow] | None = None,
    indicators: list[PerformanceIndicator] | None = None,
    total_weight: str | None = None,
    total_score: str | None = None,
    line: int = 1,
    file: str = "000_hunan_2024.txt",
    **kw: Any,
) -> SelfEvalTable:
    """A self-evaluation table."""
    return SelfEvalTable(
        scope=scope,
        project_name=name,
        project_code=code,
        funds=funds or [],
        indicators=indicators or [],
        total_weight_reported=D(total_weight) if total_weight is not None else None,
        total_score_reported=D(total_score) if total_score is not None else None,
        prov=prov(line, file),
        **kw,
    )


def section(body: str, *, title: str = "正文", start: int = 0, file: str = "000_hunan_2024.txt") -> Section:
    """A section whose heading ends at ``start`` and whose body follows on the next line."""
    body_start = start + 1
    return Section(
        key=SectionKey.OTHER,
        number_raw="",
        depth=1,
        title=title,
        title_raw=title,
        body=body,
        span=(max(start - len(title), 0), start),
        body_span=(start, body_start + len(body)),
        body_start=body_start,
        block_range=(0, 1),
        prov=Provenance(file=file, span=(max(start - len(title), 0), start), line=1),
    )


def figure(
    key: str,
    label: str,
    value: str,
    unit: Literal["元", "万元"] | None = "万元",
    line: int = 1,
    file: str = "004_zigong_2022.txt",
    raw: str | None = None,
) -> FinalAccountFigure:
    """A named narrative figure; ``unit=None`` for counts and percentages (give their ``raw``, e.g. '68人')."""
    v = D(value)
    wan = v / D(10000) if unit == "元" else v
    raw = raw or f"{value}{unit or ''}"
    return FinalAccountFigure(
        key=key,
        label=label,
        amount=Amount(raw=raw, value=v, unit=unit, wan=wan, prov=prov(line, file)),
        prov=prov(line, file, method="text_rule"),
    )


def fa_line(
    name: str,
    final: str,
    *,
    code: str | None = None,
    level: Literal["类", "款", "项"] | None = None,
    lei: str | None = None,
    kuan: str | None = None,
    xiang: str | None = None,
    econ: str | None = None,
    table_no: int = 0,
    source: Literal["table", "narrative"] = "narrative",
    line: int = 1,
    file: str = "004_zigong_2022.txt",
) -> FinalAccountLine:
    """A 决算 line with its 决算数."""
    return FinalAccountLine(
        table=table_no,
        func_code=code,
        econ_code=econ,
        level=level,
        name=name,
        lei=lei,
        kuan=kuan,
        xiang=xiang,
        final=amt(final, line, file=file),
        source=source,
        prov=prov(line, file),
    )


def basic_line(
    group: str, label: str, prior: str | None, budget: str | None, final: str | None, line: int
) -> BasicDataLine:
    """A line of 000's 附件1 基础数据表."""
    return BasicDataLine(
        group=group,  # type: ignore[arg-type]
        label=label.strip(),
        label_raw=label,
        prior_final=amt(prior, line),
        budget=amt(budget, line),
        final=amt(final, line),
        prov=prov(line),
    )


def goal(target: str, actual: str | None, line: int, file: str) -> TableGoal:
    return TableGoal(target_text=target, actual_text=actual, prov=prov(line, file))


def report(file: str = "000_hunan_2024.txt", fiscal_year: int | None = 2024, **fields: Any) -> Report:
    """A report with the given parts; everything else empty."""
    return Report(
        id="0" * 16,
        source=SourceInfo(path=f"golden/docs/{file}", name=file, format="txt", sha256="0" * 64, size=1),
        fiscal_year=fiscal_year,
        **fields,
    )


def staffing(quota: int, actual: int, rate: str, label: str | None, line: int) -> Staffing:
    return Staffing(quota=quota, actual=actual, control_rate=D(rate), year_label=label, prov=prov(line))


def three_public(
    *,
    budget: str | None = None,
    final: str | None = None,
    outbound: str | None = None,
    vehicle_total: str | None = None,
    vehicle_purchase: str | None = None,
    vehicle_ops: str | None = None,
    reception: str | None = None,
    source: Literal["table", "narrative"] = "narrative",
    line: int = 1,
    file: str = "000_hunan_2024.txt",
) -> ThreePublic:
    return ThreePublic(
        budget=amt(budget, line, file=file),
        final=amt(final, line, file=file),
        outbound=amt(outbound, line, file=file),
        vehicle_total=amt(vehicle_total, line, file=file),
        vehicle_purchase=amt(vehicle_purchase, line, file=file),
        vehicle_ops=amt(vehicle_ops, line, file=file),
        reception=amt(reception, line, file=file),
        source=source,
        prov=prov(line, file),
    )


def ids(findings: list[Any]) -> list[str]:
    """The check ids of a list of findings, in order."""
    return [f.check for f in findings]


__all__ = ["D", "date"]


def with_amount(row: FundRow, field: str, value: str) -> FundRow:
    """A copy of ``row`` with one amount column rewritten, for a test that changes one number."""
    return row.model_copy(update={field: amt(value, row.prov.line or 1, file=row.prov.file)})


def with_row(t: SelfEvalTable, index: int, row: FundRow) -> SelfEvalTable:
    """A copy of table ``t`` with fund row ``index`` replaced."""
    rows = list(t.funds)
    rows[index] = row
    return t.model_copy(update={"funds": rows})
