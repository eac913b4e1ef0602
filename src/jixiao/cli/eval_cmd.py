"""``jixiao eval``: score the tool against the golden set and gate on the accepted baseline."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Annotated

import typer

from jixiao.errors import JixiaoError

if TYPE_CHECKING:
    from jixiao.eval.results import RenderingResult


class BackendChoice(str, Enum):
    rules = "rules"
    llm = "llm"


class FormatChoice(str, Enum):
    table = "table"
    json = "json"
    md = "md"


def eval_command(
    golden: Annotated[
        Path, typer.Option("--golden", help="Golden folder with docs/, expected/, baseline.json.")
    ] = Path("golden"),
    backend: Annotated[BackendChoice, typer.Option("--backend", help="Narrative backend to evaluate.")] = (
        BackendChoice.rules
    ),
    fmt: Annotated[
        FormatChoice, typer.Option("--format", help="What to print on stdout.")
    ] = FormatChoice.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="JSON report path [default: GOLDEN/last_eval.json].")
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 when a metric fell more than the tolerance below its baseline."),
    ] = False,
    update: Annotated[
        bool, typer.Option("--update-baseline", help="Record this run's metrics as the backend's baseline.")
    ] = False,
    tolerance: Annotated[
        float | None, typer.Option("--tolerance", help="Allowed drop (0–1) [default: the baseline file's].")
    ] = None,
    mismatches: Annotated[
        int, typer.Option("--mismatches", help="Mismatch lines printed per rendering (-1: all, 0: none).")
    ] = 10,
) -> None:
    """Score every golden document's renderings per field group; optionally gate on golden/baseline.json."""
    from rich.console import Console

    from jixiao.eval import run_eval
    from jixiao.eval.baseline import gate_run
    from jixiao.eval.render import print_table
    from jixiao.eval.render import to_markdown

    if check and update:
        raise typer.BadParameter("--check and --update-baseline exclude each other")

    def progress(r: RenderingResult) -> None:
        status = f"error: {r.error}" if r.error else "ok"
        typer.echo(f"scored {r.file} ({r.seconds:.2f}s) {status}", err=True)

    baseline_path = golden / "baseline.json"
    try:
        report = run_eval(golden, "llm" if backend == BackendChoice.llm else "rules", progress=progress)
        gate_run(report, baseline_path, check=check, update=update, tolerance=tolerance)
    except JixiaoError as exc:
        typer.echo(f"error  {exc.one_line()}", err=True)
        raise typer.Exit(code=2) from exc
    if update:
        typer.echo(f"baseline for '{report.backend}' written to {baseline_path}", err=True)
    target = out or golden / "last_eval.json"
    target.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
    typer.echo(f"report written to {target}", err=True)
    limit = None if mismatches < 0 else mismatches
    if fmt == FormatChoice.json:
        typer.echo(report.model_dump_json(indent=2))
    elif fmt == FormatChoice.md:
        typer.echo(to_markdown(report, report.gate, limit), nl=False)
    else:
        print_table(report, Console(width=160), report.gate, limit)
    if report.gate is not None and not report.gate.passed:
        raise typer.Exit(code=1)
