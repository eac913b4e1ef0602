"""Render the golden seed documents to DOCX (python-docx) and PDF (LibreOffice headless).

The seeds are text extractions of real reports. This script turns each back into the kind of file
the tool meets in the wild: a Word document with real tables, whose 一级/二级指标 and other row labels are
vertically merged cells as such forms have, and a PDF printed from it by LibreOffice.

Most seeds carry their tables in the text (tab layouts the text reader rebuilds). Seed 003 was
extracted from a PDF and its form is flattened; its layout is written by hand in
``003_wangcheng_2020.yaml`` (read from the printed form, row by row).

Usage (from the repository root)::

    python golden/render/render.py            # all seeds → golden/docs/<stem>.docx and .pdf
    python golden/render/render.py --docx-only
    python golden/render/render.py 002_yuelu_2021

Needs LibreOffice (``soffice``) and a CJK font (Debian: libreoffice-writer-nogui, fonts-noto-cjk) for the PDFs.
The generated files are committed, so the tests need neither.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jixiao.ingest.txt import read_txt
from jixiao.schema import Paragraph, Table

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
SEEDS = ("000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020", "004_zigong_2022")
CJK_FONT = "Noto Serif CJK SC"
# Row labels sit in the first columns; an empty cell there under a label continues the label's merge.
LABEL_COLUMNS = 3


@dataclass
class CellSpec:
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass
class TableSpec:
    n_cols: int
    rows: list[list[CellSpec | None]] = field(default_factory=list)  # None: covered by a merge


Block = str | TableSpec


def blocks_from_text(path: Path) -> list[Block]:
    """Paragraphs and tables of a seed as the text reader rebuilds them, with merges inferred."""
    doc = read_txt(path, path.read_bytes())
    out: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            out.append(_table_spec(block))
    return out


def _table_spec(table: Table) -> TableSpec:
    n_rows, n_cols = table.n_rows, table.n_cols
    texts = [[""] * n_cols for _ in range(n_rows)]
    present = [[False] * n_cols for _ in range(n_rows)]
    for cell in table.cells:
        texts[cell.row][cell.col] = cell.text
        present[cell.row][cell.col] = True
    grid: list[list[CellSpec | None]] = [
        [CellSpec(texts[r][c]) for c in range(n_cols)] for r in range(n_rows)
    ]

    # Vertical merges: leading empty cells in the label columns continue the label above them.
    origin: list[int | None] = [None] * n_cols  # row of the open merge origin per column
    for r in range(n_rows):
        first_filled = next((c for c in range(n_cols) if texts[r][c]), n_cols)
        for c in range(min(LABEL_COLUMNS, n_cols)):
            if texts[r][c]:
                origin[c] = r
                continue
            o = origin[c]
            if c < first_filled and o is not None and first_filled < n_cols:
                spec = grid[o][c]
                assert spec is not None
                spec.row_span += 1
                grid[r][c] = None
            else:
                origin[c] = None

    # Horizontal merges: a short row (label + value) stretches its last cell to the right edge.
    for r in range(n_rows):
        written = [c for c in range(n_cols) if present[r][c]]
        if not written or len(written) > 3:
            continue
        last = written[-1]
        free = all(grid[r][c] is not None and not texts[r][c] for c in range(last + 1, n_cols))
        spec = grid[r][last]
        if free and spec is not None and spec.row_span == 1 and last + 1 < n_cols:
            spec.col_span = n_cols - last
            for c in range(last + 1, n_cols):
                grid[r][c] = None
    return TableSpec(n_cols=n_cols, rows=grid)


def blocks_from_yaml(path: Path) -> list[Block]:
    """Blocks written by hand: ``- p: text`` or ``- table: {cols: N, rows: [[cell, …], …]}``.

    A cell is a string or ``{t: text, cs: columns, rs: rows}``; positions covered by a merge are
    skipped when the row is written (as in HTML).
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Block] = []
    for item in data["blocks"]:
        if "p" in item:
            out.append(str(item["p"]))
            continue
        spec = item["table"]
        rows = [
            [
                CellSpec(str(raw))
                if not isinstance(raw, dict)
                else CellSpec(str(raw.get("t", "")), int(raw.get("rs", 1)), int(raw.get("cs", 1)))
                for raw in row
            ]
            for row in spec["rows"]
        ]
        out.append(place_cells(rows, int(spec["cols"]), str(path)))
    return out


def place_cells(rows: list[list[CellSpec]], n_cols: int, where: str) -> TableSpec:
    """Put each row's written cells on the grid, left to right, skipping the positions that a merge from
    an earlier row or cell covers (as HTML does).

    Raises:
        ValueError: a row has more cells than the table has columns, or a merge runs off the table.
    """
    grid: list[list[CellSpec | None]] = [[None] * n_cols for _ in rows]
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            if c + cell.col_span > n_cols or r + cell.row_span > len(rows):
                raise ValueError(f"{where}: row {r + 1} runs past the table's {n_cols} columns or last row")
            grid[r][c] = cell
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
            c += cell.col_span
    return TableSpec(n_cols=n_cols, rows=grid)


def write_docx(blocks: list[Block], target: Path, title: str) -> None:
    document = new_docx()
    _set_fonts(document)
    section = document.sections[0]
    widest = max((b.n_cols for b in blocks if isinstance(b, TableSpec)), default=0)
    if widest >= 9:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(2.0)
    document.core_properties.title = title
    for block in blocks:
        if isinstance(block, str):
            para = document.add_paragraph()
            for i, line in enumerate(block.split("\n")):
                run = para.add_run(line)
                if i:
                    run.add_break()
            continue
        _write_table(document, block)
        document.add_paragraph()
    document.save(str(target))


def _set_fonts(document: object) -> None:
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]  # type: ignore[attr-defined]
        style.font.name = CJK_FONT
        style.font.size = Pt(10.5 if name == "Normal" else 9)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), CJK_FONT)


def _write_table(document: object, spec: TableSpec) -> None:
    n_rows = len(spec.rows)
    table = document.add_table(rows=n_rows, cols=spec.n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(spec.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = table.cell(r, c)
            if cell.row_span > 1 or cell.col_span > 1:
                target = target.merge(table.cell(r + cell.row_span - 1, c + cell.col_span - 1))
            lines = cell.text.split("\n") if cell.text else [""]
            first = target.paragraphs[0]
            first.text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)
            for p in target.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def to_pdf(docx: Path, target: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit(
            "LibreOffice is needed for the PDFs: apt-get install libreoffice-writer-nogui fonts-noto-cjk"
        )
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        shutil.move(str(Path(tmp) / (docx.stem + ".pdf")), target)


def render(stem: str, *, pdf: bool = True) -> list[Path]:
    source_yaml = HERE / f"{stem}.yaml"
    blocks = blocks_from_yaml(source_yaml) if source_yaml.exists() else blocks_from_text(DOCS / f"{stem}.txt")
    docx_path = DOCS / f"{stem}.docx"
    write_docx(blocks, docx_path, title=stem)
    written = [docx_path]
    if pdf:
        pdf_path = DOCS / f"{stem}.pdf"
        to_pdf(docx_path, pdf_path)
        written.append(pdf_path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("stems", nargs="*", default=list(SEEDS), help="Seeds to render (default: all five)")
    parser.add_argument("--docx-only", action="store_true", help="Skip the LibreOffice PDF step")
    args = parser.parse_args(argv)
    for stem in args.stems:
        for path in render(stem, pdf=not args.docx_only):
            print(f"wrote {path.relative_to(DOCS.parent.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
