"""决算 identities (domain.md §5.8): totals, 类 = Σ款 = Σ项, shares, 元 vs 万元, 人员经费 = 301 + 303.

Lines come from the statements (``source="table"``, with 功能分类 codes) or from the narrative
(``source="narrative"``, with 类/款/项 names only); sums are taken within one statement and one source.
Named narrative figures (:class:`FinalAccountFigure`) are compared by their stable keys; the shares
(“基本支出366.93万元，占70.73%”) are read from the section text here, since no stage stores them.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

from jixiao.checks.common import AMOUNT_TOL
from jixiao.checks.common import HUNDRED
from jixiao.checks.common import RATE_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import decimals_written
from jixiao.checks.common import fmt
from jixiao.checks.common import half_unit
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_class_name
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.common import sum_tolerance
from jixiao.checks.common import wan
from jixiao.checks.text import TextMatch
from jixiao.checks.text import match_prov
from jixiao.checks.text import sentences
from jixiao.schema import Amount
from jixiao.schema import FinalAccountFigure
from jixiao.schema import FinalAccountLine
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.vocabulary import simplified_text

# Figure keys written by the 决算 extractor (tables/final_account*.py) that these checks compare.
INCOME_TOTAL_KEYS = ("income_total",)
EXPENSE_TOTAL_KEYS = ("expense_total",)
EXPENSE_YEAR_KEYS = ("expense_year",)
"""本年支出合计: 支出总计 less the carry-over to next year — what 基本 + 项目 add up to."""
BASIC_KEYS = ("basic",)
PROJECT_KEYS = ("project",)
PERSONNEL_KEYS = ("personnel",)
PUBLIC_KEYS = ("public_funds",)
PROCUREMENT_KEYS = ("procurement_total",)
PROCUREMENT_PARTS = (("procurement_goods",), ("procurement_works",), ("procurement_services",))

LINE_FIELDS = ("budget", "final", "basic", "project")
_FIELD_LABEL = {"budget": "预算数", "final": "决算数", "basic": "基本支出", "project": "项目支出"}


# --- figures -------------------------------------------------------------------------------------


def figures_by_key(report: Report, kind: str = "amount") -> dict[str, list[FinalAccountFigure]]:
    """The report's narrative figures of one kind (amount, rate, count) grouped by key, in document order."""
    out: dict[str, list[FinalAccountFigure]] = defaultdict(list)
    for fig in report.final_account_figures:
        number = fig.amount.wan if kind == "amount" else fig.amount.value
        if fig.kind == kind and number is not None:
            out[fig.key].append(fig)
    return out


def first_figure(report: Report, keys: Iterable[str], kind: str = "amount") -> FinalAccountFigure | None:
    """The first figure under any of ``keys``, preferring an amount written in 万元."""
    groups = figures_by_key(report, kind)
    for key in keys:
        figs = groups.get(key, [])
        if figs:
            return next((f for f in figs if f.amount.unit == "万元"), figs[0])
    return None


def _compare_figures(
    check: str, report: Report, left: FinalAccountFigure, right: FinalAccountFigure, what: str
) -> list[Finding]:
    a, b = left.amount.wan, right.amount.wan
    if a is None or b is None or abs(a - b) <= AMOUNT_TOL:
        return []
    return [
        make_finding(
            check,
            "error",
            f"{what}: {left.label} {left.amount.raw} ≠ {right.label} {right.amount.raw}",
            subject=left.label,
            expected=fmt(b),
            actual=fmt(a),
            provs=refs(left.prov, right.prov),
        )
    ]


def statement_total(
    report: Report, table: int, name: str, side: str
) -> tuple[FinalAccountLine, Amount] | None:
    """The amount of statement ``table``'s line called ``name`` (总计, 本年收入合计 …) on the 收入 or 支出 side.

    A 收支 statement writes each side in its own columns; the extractor may give both sides on one line or
    one line per side. The side's 合计 column is preferred when the statement splits it further.
    """
    for line in report.final_account:
        if line.table != table or norm_label(line.name) != name:
            continue
        cols = [(k, a) for k, a in line.columns.items() if side in k and a.wan is not None]
        if cols:
            return line, next((a for k, a in cols if k.endswith("合计")), cols[0][1])
    return None


def fa_income_vs_expense(report: Report) -> list[Finding]:
    """收入总计 = 支出总计, in the narrative figures and on the 总计 lines of statements 1 and 4."""
    out: list[Finding] = []
    income, expense = first_figure(report, INCOME_TOTAL_KEYS), first_figure(report, EXPENSE_TOTAL_KEYS)
    if income is not None and expense is not None:
        out += _compare_figures("fa_income_vs_expense", report, income, expense, "收入总计 vs 支出总计")
    for table in (1, 4):
        inc, exp = (
            statement_total(report, table, "总计", "收入"),
            statement_total(report, table, "总计", "支出"),
        )
        if inc is None or exp is None or inc[1].wan is None or exp[1].wan is None:
            continue
        if abs(inc[1].wan - exp[1].wan) <= AMOUNT_TOL:
            continue
        out.append(
            make_finding(
                "fa_income_vs_expense",
                "error",
                f"statement {table} 总计: 收入 {inc[1].raw} ≠ 支出 {exp[1].raw}",
                subject="总计",
                expected=fmt(inc[1].wan),
                actual=fmt(exp[1].wan),
                provs=refs(inc[1], exp[1], inc[0].prov, exp[0].prov),
            )
        )
    return out


def fa_unit_mismatch(report: Report) -> list[Finding]:
    """The same figure written once in 元 and once in 万元 agrees to the 万元 rounding."""
    out: list[Finding] = []
    for key, figs in figures_by_key(report).items():
        in_yuan = [f for f in figs if f.amount.unit == "元"]
        in_wan = [f for f in figs if f.amount.unit == "万元"]
        for y in in_yuan:
            for w in in_wan:
                assert y.amount.wan is not None and w.amount.wan is not None
                places = decimals_written(w.amount.raw, w.amount.value)
                if abs(y.amount.wan - w.amount.wan) <= max(AMOUNT_TOL, half_unit(places)):
                    continue
                out.append(
                    make_finding(
                        "fa_unit_mismatch",
                        "error",
                        f"{w.label}: {y.amount.raw} = {fmt(y.amount.wan)}万元, but elsewhere {w.amount.raw}",
                        subject=w.label,
                        expected=fmt(y.amount.wan),
                        actual=w.amount.raw,
                        provs=refs(y.prov, w.prov),
                    )
                )
                break
        del key
    return out


def _parts_check(
    check: str, report: Report, total_keys: tuple[str, ...], parts: list[tuple[str, ...]], what: str
) -> list[Finding]:
    total = first_figure(report, total_keys)
    found = [first_figure(report, keys) for keys in parts]
    present = [f for f in found if f is not None]
    if total is None or total.amount.wan is None or len(present) != len(parts):
        return []
    parts_sum = sum((f.amount.wan or ZERO for f in present), ZERO)
    if abs(parts_sum - total.amount.wan) <= sum_tolerance(len(present)):
        return []
    terms = " + ".join(f"{f.label} {fmt(f.amount.wan)}" for f in present)
    return [
        make_finding(
            check,
            "error",
            f"{total.label} {fmt(total.amount.wan)} ≠ {what} {terms} = {fmt(parts_sum)}",
            subject=total.label,
            expected=fmt(parts_sum),
            actual=fmt(total.amount.wan),
            provs=refs(total.prov, *(f.prov for f in present)),
        )
    ]


def fa_basic_parts(report: Report) -> list[Finding]:
    """基本支出 = 人员经费 + 公用经费."""
    return _parts_check("fa_basic_parts", report, BASIC_KEYS, [PERSONNEL_KEYS, PUBLIC_KEYS], "人员 + 公用:")


def fa_total_parts(report: Report) -> list[Finding]:
    """本年支出合计 = 基本支出 + 项目支出 (支出总计 also holds the carry-over, so it is not used here)."""
    return _parts_check(
        "fa_total_parts", report, EXPENSE_YEAR_KEYS, [BASIC_KEYS, PROJECT_KEYS], "基本 + 项目:"
    )


def fa_procurement_parts(report: Report) -> list[Finding]:
    """政府采购 总额 = 货物 + 工程 + 服务."""
    return _parts_check(
        "fa_procurement_parts", report, PROCUREMENT_KEYS, list(PROCUREMENT_PARTS), "货物 + 工程 + 服务:"
    )


# --- 功能分类 lines ------------------------------------------------------------------------------


def _code(line: FinalAccountLine) -> tuple[str, str]:
    """The line's classification code and its family: ('func', '2012901') or ('econ', '30101'), else ('', '')."""
    for family, code in (("func", line.func_code), ("econ", line.econ_code)):
        c = (code or "").strip()
        if c.isdigit():
            return family, c
    return "", ""


def _line_level(line: FinalAccountLine) -> str | None:
    family, code = _code(line)
    levels = {3: "类", 5: "款", 7: "项"} if family == "func" else {3: "类", 5: "款"}
    if code and len(code) in levels:
        return levels[len(code)]
    return line.level if line.level in ("类", "款", "项") else None


def _line_amounts(line: FinalAccountLine) -> dict[str, Amount]:
    out: dict[str, Amount] = {}
    for field in LINE_FIELDS:
        amount = getattr(line, field)
        if isinstance(amount, Amount) and amount.wan is not None:
            out[_FIELD_LABEL[field]] = amount
    for header, amount in line.columns.items():
        if amount.wan is not None and header not in out:
            out[header] = amount
    return out


def _children(parent: FinalAccountLine, level: str, lines: list[FinalAccountLine]) -> list[FinalAccountLine]:
    """Lines of ``level`` under ``parent``: by code prefix when both have codes, else by 类/款 name.

    功能分类 codes nest 3 → 5 → 7 digits, 经济分类 codes 3 → 5 (301 → 30101).
    """
    family, code = _code(parent)
    kids = [line for line in lines if _line_level(line) == level and line is not parent]
    if code:
        coded = [k for k in kids if _code(k)[0] == family and _code(k)[1].startswith(code)]
        if coded or family == "econ":
            return coded
    lei = norm_class_name(parent.lei or (parent.name if _line_level(parent) == "类" else None))
    kuan = norm_class_name(parent.kuan or (parent.name if _line_level(parent) == "款" else None))
    uncoded = [k for k in kids if not _code(k)[1]]
    if _line_level(parent) == "类" and lei:
        return [k for k in uncoded if norm_class_name(k.lei) == lei]
    if _line_level(parent) == "款" and kuan:
        return [
            k
            for k in uncoded
            if norm_class_name(k.kuan) == kuan and (not lei or norm_class_name(k.lei) == lei)
        ]
    return []


def _sum_lines(check: str, parent: FinalAccountLine, kids: list[FinalAccountLine]) -> list[Finding]:
    out: list[Finding] = []
    parent_amounts = _line_amounts(parent)
    for header, total in parent_amounts.items():
        parts = [(k, _line_amounts(k).get(header)) for k in kids]
        present = [(k, a) for k, a in parts if a is not None]
        if not present or total.wan is None:
            continue
        parts_sum = sum((a.wan or ZERO for _, a in present), ZERO)
        if abs(parts_sum - total.wan) <= sum_tolerance(len(present)):
            continue
        label = parent.name.strip() or parent.lei or parent.func_code or "?"
        out.append(
            make_finding(
                check,
                "error",
                f"{label} {header} {fmt(total.wan)} ≠ the sum of its {len(present)} lines below = {fmt(parts_sum)}",
                subject=label,
                expected=fmt(parts_sum),
                actual=fmt(total.wan),
                provs=refs(total, parent.prov, *(a for _, a in present)),
            )
        )
    return out


def _statement_groups(report: Report) -> list[list[FinalAccountLine]]:
    groups: dict[tuple[int, str], list[FinalAccountLine]] = defaultdict(list)
    for line in report.final_account:
        groups[(line.table, line.source)].append(line)
    return list(groups.values())


def fa_lei_sum(report: Report) -> list[Finding]:
    """A 类 line = Σ of its 款 lines (Σ of its 项 lines when the statement lists no 款 under it)."""
    out: list[Finding] = []
    for lines in _statement_groups(report):
        for parent in (line for line in lines if _line_level(line) == "类"):
            kids = _children(parent, "款", lines) or _children(parent, "项", lines)
            out += _sum_lines("fa_lei_sum", parent, kids)
    out += _lei_vs_share_statements(report)
    return out


def fa_kuan_sum(report: Report) -> list[Finding]:
    """A 款 line = Σ of its 项 lines."""
    out: list[Finding] = []
    for lines in _statement_groups(report):
        for parent in (line for line in lines if _line_level(line) == "款"):
            out += _sum_lines("fa_kuan_sum", parent, _children(parent, "项", lines))
    return out


# --- shares in the narrative ---------------------------------------------------------------------

_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)"
_SHARE_RE = re.compile(_AMOUNT + r"\s*[，,]?\s*占[^\d%，。；]{0,12}?(\d+(?:\.\d+)?)\s*[%％]")
_AMOUNT_RE = re.compile(_AMOUNT)
_LABEL_RE = re.compile(r"([\u4e00-\u9fff（）()“”]+?)(?:支出决算|决算数|支出|收入)?$")


@dataclass(frozen=True)
class Share:
    """One “<label><amount>，占<pct>%” in a sentence."""

    label: str
    amount: Decimal
    pct: Decimal
    pct_raw: str
    start: int
    end: int


@dataclass(frozen=True)
class ShareStatement:
    """A sentence that splits a total into shares."""

    sentence: TextMatch
    total: Decimal | None
    total_span: tuple[int, int] | None
    shares: list[Share]

    def prov(self, start: int, end: int) -> Provenance:
        return match_prov(self.sentence.section, self.sentence.start + start, self.sentence.start + end)


def _to_wan(number: str, unit: str) -> Decimal | None:
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    return value / Decimal(10000) if unit == "元" else value


def _share_label(text: str) -> str:
    # The label is the run of words just before the amount, after the last separator.
    tail = re.split(r"[，,；;：:。、]", text)[-1]
    tail = re.sub(r"^\d{4}年(度)?", "", tail.strip())
    return tail.removeprefix("其中").strip()


def share_statements(report: Report) -> list[ShareStatement]:
    """Runs of “…万元，占X%” in a sentence, with the total stated before the first share, if any.

    A “其中” between two shares starts a new run (``…4.64万元，占…100%，其中：…4.64万元，占…100%`` is a part
    of the first, not a second share of one total); such a run has no total of its own.
    """
    out: list[ShareStatement] = []
    for sent in sentences(report):
        # Matched in simplified characters (萬元 is 万元), the labels taken as printed.
        text = sent.text
        simple = simplified_text(text)
        matches = list(_SHARE_RE.finditer(simple))
        if not matches:
            continue
        runs: list[list[re.Match[str]]] = [[matches[0]]]
        for prev, m in itertools.pairwise(matches):
            if "其中" in simple[prev.end() : m.start()]:
                runs.append([m])
            else:
                runs[-1].append(m)
        for i, run in enumerate(runs):
            shares: list[Share] = []
            prev_end = run[0].start() if i else 0
            for m in run:
                amount = _to_wan(m.group(1), m.group(2))
                if amount is not None:
                    label = _share_label(text[prev_end : m.start()])
                    shares.append(Share(label, amount, Decimal(m.group(3)), m.group(3), m.start(), m.end()))
                prev_end = m.end()
            total_m = next(iter(_AMOUNT_RE.finditer(simple[: run[0].start()])), None) if i == 0 else None
            total = _to_wan(total_m.group(1), total_m.group(2)) if total_m else None
            out.append(ShareStatement(sent, total, total_m.span() if total_m else None, shares))
    return out


def fa_structure_pct(report: Report) -> list[Finding]:
    """Each share = amount / total at the precision written; a complete breakdown adds up to 100 %.

    The total is the amount stated before the first share (“本年支出合计518.76万元，其中：…”), or — when none
    is stated and the shares add up to 100 % — the sum of the amounts.
    """
    out: list[Finding] = []
    for st in share_statements(report):
        pct_sum = sum((s.pct for s in st.shares), ZERO)
        pct_tol = RATE_TOL + sum((half_unit(decimals_written(s.pct_raw)) for s in st.shares), ZERO)
        amount_sum = sum((s.amount for s in st.shares), ZERO)
        base = st.total
        if base is None and len(st.shares) >= 2 and abs(pct_sum - HUNDRED) <= pct_tol:
            base = amount_sum
        share_findings: list[Finding] = []
        for s in st.shares if base else []:
            expected = s.amount / base * HUNDRED  # type: ignore[operator]
            if abs(expected - s.pct) <= max(RATE_TOL, half_unit(decimals_written(s.pct_raw))):
                continue
            share_findings.append(
                make_finding(
                    "fa_structure_pct",
                    "error",
                    f"{s.label or '?'}: 占{s.pct_raw}% but {fmt(s.amount)} / {fmt(base)} = "
                    f"{expected.quantize(Decimal('0.01'))}%",
                    subject=s.label or st.sentence.text[:20],
                    expected=f"{expected.quantize(Decimal('0.01'))}%",
                    actual=f"{s.pct_raw}%",
                    provs=refs(st.prov(s.start, s.end), st.prov(*st.total_span) if st.total_span else None),
                )
            )
        out += share_findings
        complete = st.total is not None and abs(amount_sum - st.total) <= sum_tolerance(len(st.shares))
        if share_findings or len(st.shares) < 2 or not complete or abs(pct_sum - HUNDRED) <= pct_tol:
            continue
        out.append(
            make_finding(
                "fa_structure_pct",
                "error",
                f"the shares in “{st.sentence.text[:40]}…” add up to {fmt(pct_sum)}%, not 100%",
                subject=st.shares[0].label or st.sentence.text[:20],
                expected="100%",
                actual=f"{fmt(pct_sum)}%",
                provs=[st.prov(s.start, s.end) for s in st.shares],
            )
        )
    return out


def _lei_vs_share_statements(report: Report) -> list[Finding]:
    """A 类 total stated in the narrative (“一般公共服务支出370.62万元，占71.44%”) = Σ its narrative 项 lines."""
    lines = [
        line for line in report.final_account if line.source == "narrative" and _line_level(line) == "项"
    ]
    if not lines:
        return []
    by_lei: dict[str, list[FinalAccountLine]] = defaultdict(list)
    for line in lines:
        by_lei[norm_class_name(line.lei)].append(line)
    if any(_line_level(line) == "类" for line in report.final_account if line.source == "narrative"):
        return []  # the extractor already read the 类 totals as lines; fa_lei_sum compared those
    out: list[Finding] = []
    for st in share_statements(report):
        for s in st.shares:
            kids = by_lei.get(norm_class_name(s.label))
            if not kids:
                continue
            present = [k.final for k in kids if k.final is not None and k.final.wan is not None]
            parts_sum = sum((wan(a) or ZERO for a in present), ZERO)
            if not present or abs(parts_sum - s.amount) <= sum_tolerance(len(present)):
                continue
            out.append(
                make_finding(
                    "fa_lei_sum",
                    "error",
                    f"{s.label} {fmt(s.amount)} ≠ the sum of its {len(present)} 项 lines = {fmt(parts_sum)}",
                    subject=s.label,
                    expected=fmt(parts_sum),
                    actual=fmt(s.amount),
                    provs=refs(st.prov(s.start, s.end), *present),
                )
            )
    return out


# --- 经济分类 -----------------------------------------------------------------------------------


def fa_personnel_sum(report: Report) -> list[Finding]:
    """人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助 (from the statements' 经济分类 lines)."""
    personnel = first_figure(report, PERSONNEL_KEYS)
    by_code: dict[str, FinalAccountLine] = {}
    for line in report.final_account:
        code = (line.econ_code or "").strip()
        if (
            code in ("301", "303")
            and code not in by_code
            and line.final is not None
            and line.final.wan is not None
        ):
            by_code[code] = line
    if personnel is None or personnel.amount.wan is None or "301" not in by_code:
        return []
    parts = [by_code[c] for c in ("301", "303") if c in by_code]
    parts_sum = sum((wan(p.final) or ZERO for p in parts), ZERO)
    if abs(parts_sum - personnel.amount.wan) <= sum_tolerance(len(parts)):
        return []
    return [
        make_finding(
            "fa_personnel_sum",
            "error",
            f"{personnel.label} {personnel.amount.raw} ≠ "
            + " + ".join(f"{p.econ_code} {p.name} {fmt(wan(p.final))}" for p in parts)
            + f" = {fmt(parts_sum)}",
            subject=personnel.label,
            expected=fmt(parts_sum),
            actual=fmt(personnel.amount.wan),
            provs=refs(personnel.prov, *(p.final for p in parts), *(p.prov for p in parts)),
        )
    ]


REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (
    fa_income_vs_expense,
    fa_lei_sum,
    fa_kuan_sum,
    fa_unit_mismatch,
    fa_structure_pct,
    fa_personnel_sum,
    fa_basic_parts,
    fa_total_parts,
    fa_procurement_parts,
)
