"""Tidy tables from an output folder's report JSON: JSONL, CSV, XLSX, Parquet, SQLite."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from jixiao.errors import JixiaoError
from jixiao.export.overlay import ReviewedValue
from jixiao.export.overlay import apply_overlay
from jixiao.export.rows import TABLES
from jixiao.export.rows import TidyTable
from jixiao.export.rows import tidy_tables
from jixiao.export.writers import FORMATS
from jixiao.export.writers import Format
from jixiao.export.writers import write_tables
from jixiao.folder_lock import FolderLock
from jixiao.folder_lock import clean_temporaries
from jixiao.schema import Report


class ExportError(JixiaoError):
    """The output folder cannot be exported."""


def load_reports(out: Path) -> list[Report]:
    """Every report JSON directly in ``out`` (``<name>.json``), sorted by name.

    Raises:
        ExportError: the folder does not exist, holds no reports, or a report file is invalid.
    """
    if not out.is_dir():
        raise ExportError(str(out), "not a folder of jixiao outputs")
    reports = []
    for path in sorted(out.glob("*.json")):
        try:
            reports.append(Report.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValidationError) as exc:
            raise ExportError(str(path), f"not a valid report: {str(exc).splitlines()[0]}") from exc
    if not reports:
        raise ExportError(str(out), "no report files (<name>.json) found; run `jixiao extract` first")
    return reports


def export_folder(
    out: Path,
    fmt: Format,
    dest: Path | None = None,
    *,
    labels: bool | None = None,
    personal: bool = False,
    reviewed: list[ReviewedValue] | None = None,
) -> list[Path]:
    """Export every report in ``out`` as tidy tables in ``fmt`` into ``dest`` (default ``out/exports``).

    ``reviewed``: reviewers' decisions to show beside the suggested values (see :mod:`jixiao.export.overlay`).

    Raises:
        ExportError: ``out`` holds no reports, or a report file is invalid.
        FolderBusyError: another export is writing into ``dest``.
    """
    reports = load_reports(out)
    tables = tidy_tables(reports, personal=personal)
    if reviewed is not None:
        tables = apply_overlay(tables, reports, reviewed)
    target = dest or out / "exports"
    # One export at a time per folder; holding its lock, what killed exports left half-written goes.
    with FolderLock(target, "jixiao export"):
        clean_temporaries(target)
        return write_tables(tables, target, fmt, labels=labels)


__all__ = [
    "FORMATS",
    "TABLES",
    "ExportError",
    "Format",
    "ReviewedValue",
    "TidyTable",
    "export_folder",
    "load_reports",
    "tidy_tables",
]
