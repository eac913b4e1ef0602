"""The document as a reader saw it: ordered blocks with provenance over one canonical text.

Every reader (TXT, DOCX, PDF) produces a :class:`Document`. Its ``text`` is the *canonical text*:
paragraphs each on their own line, table rows as tab-separated cells. Every block and every cell
carries a character span into that text, so ``doc.text[start:end]`` gives back the block's text
exactly. That invariant is what lets a reviewer click from a value to its source.
"""

from __future__ import annotations

from typing import Annotated
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field

Span = tuple[int, int]
"""Half-open character interval ``[start, end)`` in ``Document.text``."""

BBox = tuple[float, float, float, float]
"""PDF box in points: ``(x0, top, x1, bottom)``, origin at the page's top-left (pdfplumber's convention)."""

Method = Literal["reader", "table_rule", "text_rule", "ocr", "llm", "human"]

DocFormat = Literal["txt", "docx", "pdf", "xlsx", "html", "image"]
"""What a reader read: text, Word, PDF, a workbook (xlsx/xlsm/xls/et/ods), a web page, or an image (OCR)."""


class Provenance(BaseModel):
    """Where a value came from, precisely enough to point at it.

    A PDF value has ``page`` (1-based) and ``bbox``; a DOCX value ``block``/``table``/``row``/``col``;
    a text file value ``line`` (1-based, in the file as written); a workbook value ``sheet`` and ``cell``
    (``Sheet1!C7``); a web page value ``path`` (the element's path); a value read by OCR its ``bbox`` on the
    page image and ``confidence``. All have ``span`` in the canonical text.
    """

    model_config = ConfigDict(frozen=True)

    file: str = Field(description="File name of the source document")
    span: Span | None = Field(default=None, description="Character span in Document.text")
    page: int | None = Field(default=None, description="1-based PDF page")
    bbox: BBox | None = Field(default=None, description="PDF box in points (x0, top, x1, bottom)")
    line: int | None = Field(default=None, description="1-based line in the source text file")
    block: int | None = Field(default=None, description="Index in Document.blocks")
    table: int | None = Field(default=None, description="Table ordinal (Table.index)")
    row: int | None = Field(default=None, description="0-based grid row in the table")
    col: int | None = Field(default=None, description="0-based grid column in the table")
    sheet: str | None = Field(default=None, description="Workbook sheet name")
    cell: str | None = Field(default=None, description="Workbook cell address, e.g. 'C7'")
    path: str | None = Field(
        default=None, description="Element path in a web page, e.g. 'body/div[2]/table[1]'"
    )
    confidence: float | None = Field(default=None, description="OCR recognition confidence, 0–1")
    method: Method = Field(default="reader", description="How the value was obtained")
    prompt: str | None = Field(default=None, description="prompt id@version, for LLM values")
    model: str | None = Field(default=None, description="Model name, for LLM values")

    def with_method(self, method: Method, **changes: object) -> Provenance:
        """A copy with another method (and any other fields changed)."""
        return self.model_copy(update={"method": method, **changes})


class Cell(BaseModel):
    """One table cell at its top-left grid position; merged cells keep their spans."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str = Field(description="Cell text; in-cell line breaks kept as '\\n'")
    prov: Provenance


class Table(BaseModel):
    """A table as a grid of cells. Cells covered by a merge are not listed; the origin cell's spans cover them."""

    kind: Literal["table"] = "table"
    index: int = Field(description="Ordinal of the table in the document (0-based)")
    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: list[int] = Field(
        default_factory=list, description="Rows that repeat the table header (e.g. after a page break)"
    )
    parent: tuple[int, int, int] | None = Field(
        default=None, description="For a nested table: (parent table index, row, col)"
    )
    pages: list[int] = Field(default_factory=list, description="PDF pages the table spans")
    prov: Provenance

    def grid(self) -> list[list[Cell | None]]:
        """The table as rows of cells; a merged cell appears in every grid position it covers."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.row_span, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.col_span, self.n_cols)):
                    grid[r][c] = cell
        return grid

    def rows_text(self) -> list[list[str]]:
        """Text grid: each grid position's text, merged cells repeated, '' where nothing is."""
        return [[c.text if c is not None else "" for c in row] for row in self.grid()]

    def row_cells(self, row: int) -> list[Cell]:
        """Cells whose origin is on ``row``, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)


class Paragraph(BaseModel):
    """A paragraph of running text (or a heading line)."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: str | None = Field(default=None, description="Word style name (e.g. 'Heading 1') when known")
    numbering: str | None = Field(
        default=None, description="List label Word generates (e.g. '一、'), when the XML lets us compute it"
    )
    prov: Provenance


Block = Annotated[Paragraph | Table, Field(discriminator="kind")]


class NoiseMark(BaseModel):
    """Noise removed from the text but kept on record: bookmarks, image placeholders, page furniture."""

    kind: Literal["bookmark", "image", "page_header", "page_footer", "page_number", "control"]
    raw: str
    line: int | None = None
    page: int | None = None
    offset: int | None = Field(default=None, description="Position in Document.text where it was removed")


TextLayerState = Literal["order_repaired", "unmapped_glyphs", "garbled_order", "no_text"]
"""How a PDF page's text layer was not plain text: its reading order rebuilt from character positions
(used), characters that are glyph ids without a Unicode mapping, characters drawn on top of one another
(both left out, as a scan's page would be), or no characters at all on a page with images (a scan)."""


class PageTextLayer(BaseModel):
    """A PDF page whose text layer was not read as it stands."""

    page: int = Field(description="1-based PDF page")
    state: TextLayerState
    reason: str = Field(description="What was measured, in one line")
    used: bool = Field(
        description="Whether the page's content is in the document: its text (order rebuilt) or what OCR read instead"
    )


class SourceFile(BaseModel):
    """The file a document was read from: where it is, what it is, and its content's hash and size."""

    path: str = Field(description="Path as given")
    name: str = Field(description="File name")
    format: DocFormat
    sha256: str
    size: int = Field(description="Size in bytes")
    pages: int | None = None
    encoding: str | None = Field(default=None, description="Detected encoding, for text files")


class Document(SourceFile):
    """One input file as read: canonical text plus ordered blocks with provenance."""

    converted_from: str | None = Field(
        default=None,
        description="Suffix of the original file (doc, wps, xls, xlsx) when LibreOffice converted it to `format`",
    )
    text: str = Field(description="Canonical text; every span points into it")
    blocks: list[Block]
    noise: list[NoiseMark] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    unread: list[str] = Field(
        default_factory=list,
        description="Parts of the file that were not read, one line each (pages past the OCR limit, pages "
        "whose text layer is unusable, a truncated end): the document is then at best partial",
    )
    uncertain: list[str] = Field(
        default_factory=list, description="Values read with low confidence (OCR), for a reviewer to check"
    )
    text_layer: list[PageTextLayer] = Field(
        default_factory=list,
        description="PDF pages whose text layer was repaired or could not be used; pages not listed were read as they are",
    )

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def span_text(self, span: Span) -> str:
        return self.text[span[0] : span[1]]
