"""``jixiao``: the command-line entry point.

Each command parses its options, calls one library function and renders the result. Logs and
progress go to stderr; data goes to files (or stdout where a command says so).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jixiao import __version__
from jixiao.cli.eval_cmd import eval_command
from jixiao.cli.export_cmd import export
from jixiao.cli.extract_cmd import extract
from jixiao.cli.review_cmd import review_app

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


app.command()(extract)
app.command()(export)
app.command("eval")(eval_command)
app.add_typer(review_app, name="review")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        sys.exit(1)


__all__ = ["app", "main"]


if __name__ == "__main__":
    main()
