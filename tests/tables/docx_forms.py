"""Forms written as real DOCX files for the layout tests, and read back through the whole pipeline."""

from __future__ import annotations

import sys
from pathlib import Path

from jixiao.pipeline import Pipeline
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "golden" / "render"))

from render import CellSpec  # noqa: E402
from render import TableSpec  # noqa: E402
from render import write_docx  # noqa: E402

__all__ = ["CellSpec", "TableSpec", "only_form", "read_form", "table"]


def table(rows: list[list[str | CellSpec | None]] | list[list[str]]) -> TableSpec:
    """Rows of texts, padded to the widest; a CellSpec carries a merge, None marks a cell a merge covers."""
    width = max(len(r) for r in rows)
    out: list[list[CellSpec | None]] = []
    for r in rows:
        cells = [CellSpec(text=c) if isinstance(c, str) else c for c in r]
        out.append(cells + [CellSpec(text="")] * (width - len(r)))
    return TableSpec(n_cols=width, rows=out)


def read_form(tmp_path: Path, *blocks: object) -> Report:
    """Write ``blocks`` (paragraph texts and tables) as ``form.docx`` and read it."""
    path = tmp_path / "form.docx"
    write_docx(list(blocks), path, title="form")  # type: ignore[arg-type]
    return Pipeline().process_file(path).report


def only_form(report: Report) -> SelfEvalTable:
    """The report's one self-evaluation form."""
    tables = [t for t in (report.dept_table, *report.project_tables) if t is not None]
    assert len(tables) == 1, tables
    return tables[0]
