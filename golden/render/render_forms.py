"""Render the published self-evaluation forms of golden/forms to DOCX (python-docx) and PDF (LibreOffice).

Each ``golden/forms/<stem>.yaml`` is one real form, written out row by row from its published page: the
paragraphs above and below the table (title, 单位名称, 填报日期 lines) and every table as rows of cells,
with the merges the printed form has. The rendering gives the tool the form as it meets it in the wild:
a Word table whose 一级/二级 labels and block labels are vertically merged cells, and a PDF printed from it.

Spec format::

    source: {...}                     # where the form was published (see golden/forms/README.md)
    blocks:
      - p: 项目支出绩效自评表           # a paragraph
      - table:
          cols: 9
          rows:
            - [{text: 项目名称, colspan: 2}, {text: 委托业务项目, colspan: 7}]
            - [{text: 绩效指标, rowspan: 11}, 一级指标, 二级指标, …]

A cell is ``{text, rowspan, colspan}`` (spans default to 1) or a plain string for a 1×1 cell; a row lists
only the cells that start in it — positions covered by a merge from above are skipped, as in HTML. Every
row must fill the table's width exactly.

Usage (from the repository root)::

    python golden/render/render_forms.py                  # every form → golden/docs/<stem>.docx and .pdf
    python golden/render/render_forms.py --docx-only
    python golden/render/render_forms.py prov01_anhui_guichi_2022

Needs LibreOffice (``soffice``) and a CJK font (Debian: libreoffice-writer-nogui, fonts-noto-cjk) for the
PDFs. The generated files are committed, so the tests need neither.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from render import DOCS, Block, CellSpec, TableSpec, place_cells, to_pdf, write_docx

FORMS = Path(__file__).resolve().parent.parent / "forms"
_CELL_KEYS = {"text", "rowspan", "colspan"}


def form_paths() -> list[Path]:
    """Every form spec, in name order."""
    return sorted(FORMS.glob("*.yaml"))


def load_form(path: Path) -> list[Block]:
    """The paragraphs and tables of one form spec.

    Raises:
        ValueError: a cell has unknown keys, a merge runs off the table, or a row leaves a gap.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Block] = []
    for n, item in enumerate(data["blocks"], start=1):
        if "p" in item:
            out.append(str(item["p"]))
            continue
        where = f"{path.name}: block {n}"
        spec = item["table"]
        rows = [[_cell(raw, where) for raw in row] for row in spec["rows"]]
        table = place_cells(rows, int(spec["cols"]), where)
        _check_filled(table, where)
        out.append(table)
    return out


def _cell(raw: Any, where: str) -> CellSpec:
    if not isinstance(raw, dict):
        return CellSpec("" if raw is None else str(raw))
    unknown = set(raw) - _CELL_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown cell keys {sorted(unknown)} in {raw}")
    text = raw.get("text")
    return CellSpec("" if text is None else str(text), int(raw.get("rowspan", 1)), int(raw.get("colspan", 1)))


def _positions(table: TableSpec) -> Iterator[tuple[int, int, CellSpec]]:
    """Every grid position a cell covers, with that cell (a merged cell once per position)."""
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    yield r + dr, c + dc, cell


def _check_filled(table: TableSpec, where: str) -> None:
    """Every grid position is a cell or covered by one: a short row is a mistake in the spec."""
    covered = {(r, c) for r, c, _ in _positions(table)}
    for r in range(len(table.rows)):
        gaps = [c for c in range(table.n_cols) if (r, c) not in covered]
        if gaps:
            raise ValueError(f"{where}: row {r + 1} leaves columns {[c + 1 for c in gaps]} empty")


def text_grid(table: TableSpec) -> list[list[str]]:
    """The table as a reader of the printed form sees it: a merged cell's text at every position it covers."""
    grid = [[""] * table.n_cols for _ in table.rows]
    for r, c, cell in _positions(table):
        grid[r][c] = cell.text
    return grid


def render_form(path: Path, *, pdf: bool = True) -> list[Path]:
    """Write ``golden/docs/<stem>.docx`` (and ``.pdf``) for one spec."""
    docx_path = DOCS / f"{path.stem}.docx"
    write_docx(load_form(path), docx_path, title=path.stem)
    written = [docx_path]
    if pdf:
        pdf_path = DOCS / f"{path.stem}.pdf"
        to_pdf(docx_path, pdf_path)
        written.append(pdf_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("stems", nargs="*", help="Forms to render (default: every golden/forms/*.yaml)")
    parser.add_argument("--docx-only", action="store_true", help="Skip the LibreOffice PDF step")
    args = parser.parse_args(argv)
    paths = [FORMS / f"{s}.yaml" for s in args.stems] if args.stems else form_paths()
    for path in paths:
        for written in render_form(path, pdf=not args.docx_only):
            print(f"wrote {written.relative_to(DOCS.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
