"""``jixiao``: the command-line entry point.

Each command parses its options, calls one library function and renders the result. Logs and
progress go to stderr; data goes to files (or stdout where a command says so).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao import __version__
from jixiao.errors import JixiaoError
from jixiao.pipeline import Pipeline
from jixiao.schema import PipelineConfig

app = typer.Typer(
    name="jixiao",
    help=(
        "jixiao (绩效) turns Chinese budget-performance documents — 部门整体支出绩效自评报告/自评表, "
        "项目支出绩效自评表, 基础数据表, 决算说明 — from PDF, DOCX or text into typed, checked, reviewable data."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """jixiao: typed, checked, reviewable data from budget-performance documents."""


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (folders are walked).")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder: one <name>.json per document.")] = Path(
        "out"
    ),
) -> None:
    """Read documents and write one Report JSON per document into OUT."""
    pipeline = Pipeline(PipelineConfig())
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in _walk(paths):
        try:
            result = pipeline.process_file(path)
        except JixiaoError as exc:
            failed += 1
            typer.echo(f"error  {exc.one_line()}", err=True)
            continue
        target = out / f"{path.stem}.json"
        target.write_text(result.report.model_dump_json(indent=2), encoding="utf-8")
        typer.echo(f"ok     {path} → {target}", err=True)
    raise typer.Exit(code=1 if failed else 0)


def _walk(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")))
        else:
            found.append(p)
    return found


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        sys.exit(1)


__all__ = ["app", "main"]
