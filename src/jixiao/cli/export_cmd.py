"""``jixiao export``: tidy tables for pandas, Excel, SQL and notebooks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Annotated

import typer

from jixiao.errors import JixiaoError

if TYPE_CHECKING:
    from jixiao.export.writers import Format

# The formats `jixiao export` writes (jixiao.export.FORMATS; named here so that `--help` imports no writer).
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "xlsx", "parquet", "sqlite")


def export(
    out: Annotated[Path, typer.Argument(help="Output folder of `jixiao extract`.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "xlsx",
    dest: Annotated[
        Path | None, typer.Option("-o", "--dest", help="Where to write (default: OUT/exports).")
    ] = None,
    labels: Annotated[
        bool | None,
        typer.Option(
            "--labels/--keys",
            help="Chinese column labels or English keys as headers (default: labels for xlsx, keys otherwise).",
        ),
    ] = None,
    include_personal: Annotated[
        bool, typer.Option("--include-personal", help="Export 填表人/联系电话 (left out by default).")
    ] = False,
    reviewed: Annotated[
        bool | None,
        typer.Option(
            "--reviewed/--no-reviewed",
            help="Add reviewers' decisions from OUT/review.sqlite beside the suggested values "
            "(default: when the folder has been reviewed).",
        ),
    ] = None,
) -> None:
    """Write the reports in OUT as tidy tables: reports, sections, funds, indicators, project tables,
    basic data, 决算 lines, goals, problems, measures and findings, each row keyed by report id with its
    provenance (file, page, line, table cell, character span). Money is in 万元, rates in percentage points.
    """
    from jixiao.export import export_folder
    from jixiao.review import has_reviews
    from jixiao.review import reviewed_values

    if fmt not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
        raise typer.Exit(code=1)
    try:
        with_reviews = reviewed if reviewed is not None else has_reviews(out)
        decisions = reviewed_values(out) if with_reviews else None
        paths = export_folder(out, fmt, dest, labels=labels, personal=include_personal, reviewed=decisions)
    except JixiaoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(code=1) from exc
    for p in paths:
        typer.echo(str(p))
