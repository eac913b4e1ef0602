"""Reports → tidy tables: one row per fund row, indicator, line, item or finding, keyed by report id.

Every row carries the provenance of what it describes (file, page, line, table/row/col, character
span), so a value in a spreadsheet can be traced back to the document. Money is in 万元; rates and
percentages in percentage points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.schema import Amount, Provenance, Report, SelfEvalTable, Value

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of a tidy table: key, Chinese label, and type (for Parquet and SQLite)."""

    key: str
    label: str
    kind: str = "text"  # text | int | decimal | float | bool


@dataclass
class TidyTable:
    name: str
    label: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()


PROV_COLUMNS = [
    Column("file", "文件"),
    Column("page", "页码", "int"),
    Column("line", "行号", "int"),
    Column("src_table", "表格序号", "int"),
    Column("src_row", "表格行", "int"),
    Column("src_col", "表格列", "int"),
    Column("span_start", "字符起", "int"),
    Column("span_end", "字符止", "int"),
]
REPORT_KEY = Column("report_id", "报告编号")


def _prov(p: Provenance | None) -> Row:
    if p is None:
        return {c.key: None for c in PROV_COLUMNS}
    return {
        "file": p.file,
        "page": p.page,
        "line": p.line,
        "src_table": p.table,
        "src_row": p.row,
        "src_col": p.col,
        "span_start": p.span[0] if p.span else None,
        "span_end": p.span[1] if p.span else None,
    }


def _wan(a: Amount | None) -> Decimal | None:
    return a.wan if a is not None else None


def _value(prefix: str, v: Value | None) -> Row:
    if v is None:
        return {
            f"{prefix}_{k}": None
            for k in ("raw", "op", "num", "num_hi", "unit", "grade", "status", "placeholder")
        }
    return {
        f"{prefix}_raw": v.raw,
        f"{prefix}_op": v.op.value if v.op else None,
        f"{prefix}_num": v.num,
        f"{prefix}_num_hi": v.num_hi,
        f"{prefix}_unit": v.unit,
        f"{prefix}_grade": v.grade,
        f"{prefix}_status": v.status,
        f"{prefix}_placeholder": v.is_placeholder,
    }


def _value_columns(prefix: str, label: str) -> list[Column]:
    return [
        Column(f"{prefix}_raw", f"{label}（原文）"),
        Column(f"{prefix}_op", f"{label}比较符"),
        Column(f"{prefix}_num", f"{label}数值", "decimal"),
        Column(f"{prefix}_num_hi", f"{label}上限", "decimal"),
        Column(f"{prefix}_unit", f"{label}单位"),
        Column(f"{prefix}_grade", f"{label}等级"),
        Column(f"{prefix}_status", f"{label}状态"),
        Column(f"{prefix}_placeholder", f"{label}未填写", "bool"),
    ]


def _tables_of(report: Report) -> Iterable[SelfEvalTable]:
    if report.dept_table is not None:
        yield report.dept_table
    yield from report.project_tables


def _scope(t: SelfEvalTable) -> Row:
    return {"scope": t.scope, "project_code": t.project_code, "project_name": t.project_name}


SCOPE_COLUMNS = [
    Column("scope", "范围"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
]


def _reports(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "file": r.source.name,
            "path": r.source.path,
            "format": r.source.format,
            "sha256": r.source.sha256,
            "pages": r.source.pages,
            "title": r.title,
            "department": r.department,
            "region": r.region,
            "level": r.level.value if r.level else None,
            "fiscal_year": r.fiscal_year,
            "report_date": r.report_date.isoformat() if r.report_date else None,
            "kinds": "、".join(k.value for k in r.kinds),
            "template": r.template.value,
            "status": r.coverage.status,
            "status_reasons": "；".join(r.coverage.reasons) or None,
            "unmapped_columns": len(r.coverage.unmapped_columns),
            "assumed_units": len(r.coverage.assumed_units),
            "project_tables": len(r.project_tables),
            "indicators": sum(len(t.indicators) for t in _tables_of(r)),
            "findings": len(r.findings),
            "errors": sum(1 for f in r.findings if f.severity == "error"),
            "backend": r.run.backend if r.run else None,
            "model": r.run.model if r.run else None,
        }
    ]


def _sections(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "seq": i,
            "key": s.key.value if s.key else None,
            "number_raw": s.number_raw,
            "depth": s.depth,
            "title": s.title,
            "body_chars": len(s.body),
            **_prov(s.prov),
        }
        for i, s in enumerate(r.iter_sections(), start=1)
    ]


def _funds(r: Report) -> list[Row]:
    rows: list[Row] = []
    for t in _tables_of(r):
        for f in t.funds:
            rows.append(
                {
                    "report_id": r.id,
                    **_scope(t),
                    "label": f.label_raw,
                    "category": f.category,
                    "breakdown": f.breakdown,
                    "initial_budget": _wan(f.initial_budget),
                    "budget": _wan(f.budget),
                    "executed": _wan(f.executed),
                    "transfer": _wan(f.transfer),
                    "rate_reported": f.rate_reported,
                    "rate_raw": f.rate_raw,
                    "rate_formula": f.rate_formula,
                    "weight": f.weight,
                    "score": f.score,
                    "reason": f.reason,
                    **_prov(f.prov),
                }
            )
    return rows


def _indicators(r: Report) -> list[Row]:
    rows: list[Row] = []
    for t in _tables_of(r):
        for i, ind in enumerate(t.indicators, start=1):
            rows.append(
                {
                    "report_id": r.id,
                    **_scope(t),
                    "seq": i,
                    "level1": ind.level1.value if ind.level1 else None,
                    "level1_raw": ind.level1_raw,
                    "level2": ind.level2.value if ind.level2 else None,
                    "level2_raw": ind.level2_raw,
                    "name": ind.name,
                    "content": ind.content,
                    "nature": ind.nature,
                    **_value("target", ind.target),
                    **_value("actual", ind.actual),
                    "weight": ind.weight,
                    "score": ind.score,
                    "deviation_reason": ind.deviation_reason,
                    **_prov(ind.prov),
                }
            )
    return rows


def _project_tables(r: Report, personal: bool) -> list[Row]:
    return [
        {
            "report_id": r.id,
            **_scope(t),
            "category": t.project_category,
            "competent_dept": t.competent_dept,
            "implementing_unit": t.implementing_unit,
            "indicators": len(t.indicators),
            "total_weight": t.total_weight_reported,
            "total_score": t.total_score_reported,
            "conclusion": t.conclusion,
            "problems_text": t.problems_text,
            "measures_text": t.measures_text,
            "filled_by": t.filled_by if personal else None,
            "phone": t.phone if personal else None,
            "fill_date": t.fill_date.isoformat() if t.fill_date else None,
            "renderings": t.renderings,
            **_prov(t.prov),
        }
        for t in _tables_of(r)
    ]


def _basic_data(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "group": b.group,
            "label": b.label,
            "label_raw": b.label_raw,
            "prior_final": _wan(b.prior_final),
            "budget": _wan(b.budget),
            "final": _wan(b.final),
            **_prov(b.prov),
        }
        for b in r.basic_data
    ]


def _final_account(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "statement": line.table,
            "statement_title": line.table_title,
            "func_code": line.func_code,
            "econ_code": line.econ_code,
            "level": line.level,
            "name": line.name,
            "lei": line.lei,
            "kuan": line.kuan,
            "xiang": line.xiang,
            "budget": _wan(line.budget),
            "final": _wan(line.final),
            "basic": _wan(line.basic),
            "project": _wan(line.project),
            "completion_rate": line.completion_rate,
            "source": line.source,
            **_prov(line.prov),
        }
        for line in r.final_account
    ]


def _goals(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "scope": g.scope,
            "project_code": g.project_code,
            "seq": g.seq,
            "text": g.text,
            **_value("target", g.target),
            "deadline": g.deadline,
            "actual_text": g.actual_text,
            "grounding": g.grounding.status.value,
            **_prov(g.prov),
        }
        for g in r.goals
    ]


def _problems(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "scope": p.scope,
            "project_code": p.project_code,
            "seq": p.seq,
            "text": p.text,
            "cause": p.cause,
            "category": p.category.value,
            "figures": "；".join(a.raw for a in p.figures),
            "grounding": p.grounding.status.value,
            **_prov(p.prov),
        }
        for p in r.problems
    ]


def _measures(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "scope": m.scope,
            "project_code": m.project_code,
            "seq": m.seq,
            "text": m.text,
            "category": m.category.value,
            "addresses": ",".join(str(a) for a in m.addresses),
            "grounding": m.grounding.status.value,
            **_prov(m.prov),
        }
        for m in r.measures
    ]


def _findings(r: Report) -> list[Row]:
    return [
        {
            "report_id": r.id,
            "seq": i,
            "check": f.check,
            "severity": f.severity,
            "subject": f.subject,
            "message": f.message,
            "expected": f.expected,
            "actual": f.actual,
            "refs": len(f.refs),
            **_prov(f.refs[0] if f.refs else None),
        }
        for i, f in enumerate(r.findings, start=1)
    ]


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str
    columns: list[Column]
    rows: Callable[[Report, bool], list[Row]]
    primary_key: tuple[str, ...] = ()


def _spec(
    name: str,
    label: str,
    cols: list[Column],
    fn: Callable[[Report], list[Row]],
    pk: tuple[str, ...] = (),
    prov: bool = True,
) -> TableSpec:
    columns = [REPORT_KEY, *cols, *(PROV_COLUMNS if prov else [])]
    return TableSpec(name, label, columns, lambda r, _p: fn(r), pk)


MONEY = "decimal"
TABLES: list[TableSpec] = [
    TableSpec(
        "reports",
        "报告",
        [
            REPORT_KEY,
            Column("file", "文件"),
            Column("path", "路径"),
            Column("format", "格式"),
            Column("sha256", "SHA-256"),
            Column("pages", "页数", "int"),
            Column("title", "标题"),
            Column("department", "部门"),
            Column("region", "地区"),
            Column("level", "级次"),
            Column("fiscal_year", "年度", "int"),
            Column("report_date", "报告日期"),
            Column("kinds", "文件类型"),
            Column("template", "模板"),
            Column("status", "读取状态"),
            Column("status_reasons", "未完整读取的原因"),
            Column("unmapped_columns", "未识别列数", "int"),
            Column("assumed_units", "单位推定数", "int"),
            Column("project_tables", "项目表数", "int"),
            Column("indicators", "指标数", "int"),
            Column("findings", "问题数", "int"),
            Column("errors", "错误数", "int"),
            Column("backend", "解析方式"),
            Column("model", "模型"),
        ],
        lambda r, _p: _reports(r),
        ("report_id",),
    ),
    _spec(
        "sections",
        "章节",
        [
            Column("seq", "序号", "int"),
            Column("key", "规范章节"),
            Column("number_raw", "编号"),
            Column("depth", "层级", "int"),
            Column("title", "标题"),
            Column("body_chars", "正文字数", "int"),
        ],
        _sections,
        ("report_id", "seq"),
    ),
    _spec(
        "funds",
        "资金",
        [
            *SCOPE_COLUMNS,
            Column("label", "项目"),
            Column("category", "类别"),
            Column("breakdown", "口径"),
            Column("initial_budget", "年初预算数（万元）", MONEY),
            Column("budget", "全年预算数（万元）", MONEY),
            Column("executed", "全年执行数（万元）", MONEY),
            Column("transfer", "上级转移支付（万元）", MONEY),
            Column("rate_reported", "执行率（%）", MONEY),
            Column("rate_raw", "执行率（原文）"),
            Column("rate_formula", "执行率口径"),
            Column("weight", "分值", MONEY),
            Column("score", "得分", MONEY),
            Column("reason", "原因"),
        ],
        _funds,
    ),
    _spec(
        "indicators",
        "绩效指标",
        [
            *SCOPE_COLUMNS,
            Column("seq", "序号", "int"),
            Column("level1", "一级指标"),
            Column("level1_raw", "一级指标（原文）"),
            Column("level2", "二级指标"),
            Column("level2_raw", "二级指标（原文）"),
            Column("name", "三级指标"),
            Column("content", "目标内容"),
            Column("nature", "指标性质"),
            *_value_columns("target", "指标值"),
            *_value_columns("actual", "完成值"),
            Column("weight", "分值", MONEY),
            Column("score", "得分", MONEY),
            Column("deviation_reason", "偏差原因"),
        ],
        _indicators,
    ),
    TableSpec(
        "project_tables",
        "自评表",
        [
            REPORT_KEY,
            *SCOPE_COLUMNS,
            Column("category", "项目类别"),
            Column("competent_dept", "主管部门"),
            Column("implementing_unit", "实施单位"),
            Column("indicators", "指标数", "int"),
            Column("total_weight", "总分值", MONEY),
            Column("total_score", "总得分", MONEY),
            Column("conclusion", "评价结论"),
            Column("problems_text", "存在问题"),
            Column("measures_text", "改进措施"),
            Column("filled_by", "填表人"),
            Column("phone", "联系电话"),
            Column("fill_date", "填报日期"),
            Column("renderings", "副本数", "int"),
            *PROV_COLUMNS,
        ],
        _project_tables,
    ),
    _spec(
        "basic_data",
        "基础数据",
        [
            Column("group", "类别"),
            Column("label", "项目"),
            Column("label_raw", "项目（原文）"),
            Column("prior_final", "上年决算数（万元）", MONEY),
            Column("budget", "本年预算数（万元）", MONEY),
            Column("final", "本年决算数（万元）", MONEY),
        ],
        _basic_data,
    ),
    _spec(
        "final_account",
        "决算",
        [
            Column("statement", "报表", "int"),
            Column("statement_title", "报表名称"),
            Column("func_code", "功能分类编码"),
            Column("econ_code", "经济分类编码"),
            Column("level", "级次"),
            Column("name", "科目名称"),
            Column("lei", "类"),
            Column("kuan", "款"),
            Column("xiang", "项"),
            Column("budget", "预算数（万元）", MONEY),
            Column("final", "决算数（万元）", MONEY),
            Column("basic", "基本支出（万元）", MONEY),
            Column("project", "项目支出（万元）", MONEY),
            Column("completion_rate", "完成预算（%）", MONEY),
            Column("source", "来源"),
        ],
        _final_account,
    ),
    _spec(
        "goals",
        "年度目标",
        [
            Column("scope", "范围"),
            Column("project_code", "项目编码"),
            Column("seq", "序号", "int"),
            Column("text", "目标"),
            *_value_columns("target", "目标值"),
            Column("deadline", "时限"),
            Column("actual_text", "完成情况"),
            Column("grounding", "定位"),
        ],
        _goals,
    ),
    _spec(
        "problems",
        "存在问题",
        [
            Column("scope", "范围"),
            Column("project_code", "项目编码"),
            Column("seq", "序号", "int"),
            Column("text", "问题"),
            Column("cause", "原因"),
            Column("category", "类别"),
            Column("figures", "涉及数字"),
            Column("grounding", "定位"),
        ],
        _problems,
    ),
    _spec(
        "measures",
        "改进措施",
        [
            Column("scope", "范围"),
            Column("project_code", "项目编码"),
            Column("seq", "序号", "int"),
            Column("text", "措施"),
            Column("category", "类别"),
            Column("addresses", "对应问题"),
            Column("grounding", "定位"),
        ],
        _measures,
    ),
    _spec(
        "findings",
        "核查发现",
        [
            Column("seq", "序号", "int"),
            Column("check", "核查项"),
            Column("severity", "严重程度"),
            Column("subject", "对象"),
            Column("message", "说明"),
            Column("expected", "应为"),
            Column("actual", "实为"),
            Column("refs", "涉及数值", "int"),
        ],
        _findings,
        ("report_id", "seq"),
    ),
]


def tidy_tables(reports: Iterable[Report], *, personal: bool = False) -> list[TidyTable]:
    """Flatten reports into the tidy tables listed in :data:`TABLES` (same order, same columns)."""
    out = [TidyTable(s.name, s.label, s.columns, primary_key=s.primary_key) for s in TABLES]
    for report in reports:
        for spec, table in zip(TABLES, out, strict=True):
            table.rows.extend(spec.rows(report, personal))
    return out
