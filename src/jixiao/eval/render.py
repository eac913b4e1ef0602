"""Readable renderings of an evaluation: a terminal table, Markdown, and the gate's verdict."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from jixiao.eval.results import EvalReport
from jixiao.eval.results import GateResult
from jixiao.eval.results import Metrics
from jixiao.eval.results import Mismatch
from jixiao.eval.results import RenderingResult


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _counts(m: Metrics) -> str:
    c = m.counts
    return f"{c.matched}/{c.expected} exp, {c.predicted} got"


def _mismatch_line(m: Mismatch) -> str:
    where = f"  @ {m.where}" if m.where else ""
    if m.kind == "field":
        return f"{m.group}: {m.item} · {m.field}: expected {m.expected!r}, got {m.got!r}{where}"
    if m.kind == "missing" and m.field:  # metadata
        return f"{m.group}: {m.field} missing (expected {m.expected!r}){where}"
    return f"{m.group}: {m.kind} {m.item}{where}"


def _limited(mismatches: list[Mismatch], limit: int | None) -> tuple[list[Mismatch], int]:
    if limit is None or limit < 0:
        return mismatches, 0
    return mismatches[:limit], max(0, len(mismatches) - limit)


def against_docx_line(r: RenderingResult) -> str:
    """Items recalled and fields equal, per group, of this rendering against the DOCX rendering's reading."""
    parts = []
    for g in r.against_docx:
        c = g.metrics.counts
        if c.expected == 0:
            continue
        parts.append(f"{g.group} {c.matched}/{c.expected} items, {c.fields_correct}/{c.fields} fields")
    return "against the DOCX rendering: " + ("; ".join(parts) if parts else "nothing to compare")


def _gate_lines(gate: GateResult) -> list[str]:
    lines = [
        f"gate ({gate.backend}, tolerance {gate.tolerance}): "
        + ("PASSED" if gate.passed else f"FAILED — {len(gate.failures)} metric(s) fell")
        + f"; {gate.checked} checked"
    ]
    for f in gate.failures:
        lines.append(f"  FELL  {f.metric}: baseline {_fmt(f.baseline)} → now {_fmt(f.current)} ({f.reason})")
    if gate.improved:
        lines.append(f"  {len(gate.improved)} metric(s) above baseline; record them with --update-baseline:")
        lines.extend(
            f"  ROSE  {f.metric}: {_fmt(f.baseline)} → {_fmt(f.current)}" for f in gate.improved[:20]
        )
    if gate.not_in_baseline:
        lines.append(f"  {len(gate.not_in_baseline)} metric(s) not in the baseline (not gated)")
    return lines


def print_table(
    report: EvalReport, console: Console, gate: GateResult | None = None, mismatches: int | None = 10
) -> None:
    """Per rendering and group metrics, the aggregate, mismatches (``mismatches`` per rendering), the gate."""
    for r in report.renderings:
        _print_rendering(r, console, mismatches)
    agg = Table(
        title=f"all renderings ({len(report.renderings)}), backend {report.backend}", title_justify="left"
    )
    for col in ("group", "P", "R", "F1", "exact", "items"):
        agg.add_column(col, justify="left" if col in ("group", "items") else "right")
    for group, m in report.aggregate.items():
        agg.add_row(group, _fmt(m.precision), _fmt(m.recall), _fmt(m.f1), _fmt(m.exact), _counts(m))
    console.print(agg)
    if report.skipped:
        console.print(f"absent renderings (skipped): {', '.join(report.skipped)}")
    if gate is not None:
        for line in _gate_lines(gate):
            console.print(line, markup=False, highlight=False)


def _print_rendering(r: RenderingResult, console: Console, limit: int | None) -> None:
    table = Table(title=f"{r.file}  ({r.seconds:.2f}s)", title_justify="left")
    for col in ("group", "P", "R", "F1", "exact", "items"):
        table.add_column(col, justify="left" if col in ("group", "items") else "right")
    for g in r.groups:
        m = g.metrics
        table.add_row(g.group, _fmt(m.precision), _fmt(m.recall), _fmt(m.f1), _fmt(m.exact), _counts(m))
    console.print(table)
    if r.against_docx:
        console.print("  " + against_docx_line(r), markup=False, highlight=False)
    if r.error:
        console.print(f"  error: {r.error}", markup=False, highlight=False)
    shown, more = _limited([x for g in r.groups for x in g.mismatches], limit)
    for x in shown:
        console.print("  " + _mismatch_line(x), markup=False, highlight=False)
    if more:
        console.print(f"  … {more} more mismatch(es) in the JSON report", markup=False, highlight=False)


def to_markdown(report: EvalReport, gate: GateResult | None = None, mismatches: int | None = 10) -> str:
    """The same content as :func:`print_table`, as Markdown (for a PR comment or a CI summary)."""
    out = [f"# jixiao eval — backend {report.backend}, {report.created}", ""]
    out += [
        "## All renderings",
        "",
        "| group | P | R | F1 | exact | items |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for group, m in report.aggregate.items():
        out.append(
            f"| {group} | {_fmt(m.precision)} | {_fmt(m.recall)} | {_fmt(m.f1)} | {_fmt(m.exact)} | {_counts(m)} |"
        )
    for r in report.renderings:
        out += ["", f"## {r.file}", ""]
        if r.error:
            out += [f"error: `{r.error}`", ""]
        if r.against_docx:
            out += [against_docx_line(r), ""]
        out += ["| group | P | R | F1 | exact | items |", "|---|---:|---:|---:|---:|---|"]
        for g in r.groups:
            gm = g.metrics
            out.append(
                f"| {g.group} | {_fmt(gm.precision)} | {_fmt(gm.recall)} | {_fmt(gm.f1)} | {_fmt(gm.exact)} | {_counts(gm)} |"
            )
        shown, more = _limited([x for g in r.groups for x in g.mismatches], mismatches)
        if shown:
            out.append("")
            out += [f"- {_mismatch_line(x)}" for x in shown]
        if more:
            out.append(f"- … {more} more in the JSON report")
    if report.skipped:
        out += ["", f"Absent renderings (skipped): {', '.join(report.skipped)}"]
    if gate is not None:
        out += ["", "## Gate", "", "```", *_gate_lines(gate), "```"]
    return "\n".join(out) + "\n"
