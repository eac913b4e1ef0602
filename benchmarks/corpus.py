"""The benchmark corpus, built from the golden renderings into a cache folder (never into the repository).

* ``pdf/`` — the golden PDFs, and ``long_mix.pdf``: several of them joined page by page with
  pypdfium2's ``import_pages`` into one document of 100+ pages;
* ``docx/`` — the golden DOCX files, and ``long_mix.docx``: their bodies appended with python-docx;
* ``pages/`` — the first 50, 100, 200 pages of ``004_zigong_2022.pdf`` (342 pages), for memory vs length;
* ``llm/`` — text documents for the LLM batch: the text seeds, each copy with its narrative sections
  changed a little (a copy number written into them) so that no two copies send the same request and the
  first run of the batch cannot be answered from the cache.

The corpus is rebuilt only when its sources, its recipe (:data:`RECIPE`) or the mode change.
"""

from __future__ import annotations

import hashlib
import tempfile
from copy import deepcopy
from pathlib import Path

import docx
import pypdfium2 as pdfium
from docx.oxml.ns import qn
from pydantic import BaseModel, Field

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "golden" / "docs"
RECIPE = 4
"""Bump when the way the corpus is built changes, so cached corpora are rebuilt."""

_SEEDS = ("000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020", "004_zigong_2022")
_PUTUO = "sh_putuo_czj_2024_juesuan"
_LONG_SOURCE = "004_zigong_2022"


class CorpusFile(BaseModel):
    """One document of the corpus."""

    path: str
    format: str
    pages: int = Field(description="Pages of the PDF, or of the DOCX's PDF rendering")
    group: str = Field(description="golden | long | pages | llm")
    narrative: list[str] = Field(
        default_factory=list, description="llm group: text of each narrative region (what may be sent)"
    )
    chars: int = Field(default=0, description="llm group: length of the document's canonical text")


class Corpus(BaseModel):
    """Every document the benchmarks read, by group."""

    root: str
    quick: bool
    files: list[CorpusFile]

    def select(self, fmt: str | None = None, group: str | None = None) -> list[CorpusFile]:
        """The files of one format and/or group, in corpus order."""
        return [
            f for f in self.files if (fmt is None or f.format == fmt) and (group is None or f.group == group)
        ]


class CorpusPlan(BaseModel):
    """What to build: which seeds, how long the long documents, how many LLM documents."""

    pdf_seeds: list[str]
    docx_seeds: list[str]
    long_pdf: list[str]
    long_docx: list[str]
    page_counts: list[int]
    whole_long_source: bool = Field(description="Also measure all 342 pages of the long source")
    llm_seeds: list[str]
    llm_docs: int


def plan(quick: bool, llm_docs: int | None = None) -> CorpusPlan:
    """The full corpus, or a small one (``quick``) that exercises every benchmark in seconds."""
    if quick:
        small = ["001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020"]
        return CorpusPlan(
            pdf_seeds=small,
            docx_seeds=small,
            long_pdf=small,
            long_docx=small,
            page_counts=[5, 10],
            whole_long_source=False,
            llm_seeds=small,
            llm_docs=llm_docs or 6,
        )
    return CorpusPlan(
        pdf_seeds=[*_SEEDS, _PUTUO],
        docx_seeds=list(_SEEDS),
        # 004 is already 342 pages on its own; the others joined make a second long document (107 pages).
        long_pdf=[*_SEEDS[:4], _PUTUO],
        long_docx=list(_SEEDS),
        page_counts=[50, 100, 200],
        whole_long_source=True,
        llm_seeds=list(_SEEDS[:4]),
        llm_docs=llm_docs or 100,
    )


def default_cache_root() -> Path:
    return Path(tempfile.gettempdir()) / "jixiao-bench"


def build_corpus(quick: bool, cache_root: Path | None = None, llm_docs: int | None = None) -> Corpus:
    """Build (or reuse) the corpus for ``quick`` or full mode; returns its description."""
    recipe = plan(quick, llm_docs)
    key = _corpus_key(recipe)
    root = (cache_root or default_cache_root()) / f"corpus-{key}"
    index = root / "corpus.json"
    if index.exists():
        return Corpus.model_validate_json(index.read_text(encoding="utf-8"))
    root.mkdir(parents=True, exist_ok=True)
    files: list[CorpusFile] = []
    pages_of = {stem: _pdf_pages(GOLDEN / f"{stem}.pdf") for stem in {*_SEEDS, _PUTUO}}
    for stem in recipe.pdf_seeds:
        files.append(
            CorpusFile(path=str(GOLDEN / f"{stem}.pdf"), format="pdf", pages=pages_of[stem], group="golden")
        )
    long_pdf = root / "pdf" / "long_mix.pdf"
    files.append(
        CorpusFile(path=str(long_pdf), format="pdf", pages=join_pdfs(recipe.long_pdf, long_pdf), group="long")
    )
    for stem in recipe.docx_seeds:
        files.append(
            CorpusFile(path=str(GOLDEN / f"{stem}.docx"), format="docx", pages=pages_of[stem], group="golden")
        )
    long_docx = root / "docx" / "long_mix.docx"
    join_docx(recipe.long_docx, long_docx)
    files.append(
        CorpusFile(
            path=str(long_docx),
            format="docx",
            pages=sum(pages_of[s] for s in recipe.long_docx),
            group="long",
        )
    )
    source = GOLDEN / f"{_LONG_SOURCE}.pdf"
    for n in recipe.page_counts:
        out = root / "pages" / f"{_LONG_SOURCE}_first{n}.pdf"
        first_pages(source, n, out)
        files.append(CorpusFile(path=str(out), format="pdf", pages=n, group="pages"))
    if recipe.whole_long_source:
        files.append(CorpusFile(path=str(source), format="pdf", pages=pages_of[_LONG_SOURCE], group="pages"))
    files.extend(llm_documents(recipe.llm_seeds, recipe.llm_docs, root / "llm"))
    corpus = Corpus(root=str(root), quick=quick, files=files)
    index.write_text(corpus.model_dump_json(indent=1), encoding="utf-8")
    return corpus


def _corpus_key(recipe: CorpusPlan) -> str:
    digest = hashlib.sha256(f"{RECIPE}:{recipe.model_dump_json()}".encode())
    for path in sorted(GOLDEN.iterdir()):
        if path.suffix in (".pdf", ".docx", ".txt"):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def _pdf_pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def join_pdfs(stems: list[str], out: Path) -> int:
    """Join the golden PDFs ``stems`` page by page into ``out``; returns its page count."""
    out.parent.mkdir(parents=True, exist_ok=True)
    joined = pdfium.PdfDocument.new()
    try:
        for stem in stems:
            source = pdfium.PdfDocument(GOLDEN / f"{stem}.pdf")
            try:
                joined.import_pages(source)
            finally:
                source.close()
        joined.save(out)
        return len(joined)
    finally:
        joined.close()


def first_pages(source: Path, n: int, out: Path) -> None:
    """The first ``n`` pages of ``source`` as a PDF of their own."""
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(source)
    part = pdfium.PdfDocument.new()
    try:
        part.import_pages(pdf, list(range(n)))
        part.save(out)
    finally:
        part.close()
        pdf.close()


def join_docx(stems: list[str], out: Path) -> None:
    """Append the bodies of the golden DOCX files ``stems`` (after the first) to the first one's."""
    out.parent.mkdir(parents=True, exist_ok=True)
    base = docx.Document(str(GOLDEN / f"{stems[0]}.docx"))
    section = base.element.body.find(qn("w:sectPr"))
    for stem in stems[1:]:
        other = docx.Document(str(GOLDEN / f"{stem}.docx"))
        for element in list(other.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            # The body's own section properties must stay its last child.
            if section is not None:
                section.addprevious(deepcopy(element))
            else:
                base.element.body.append(deepcopy(element))
    base.save(str(out))


def llm_documents(seeds: list[str], count: int, folder: Path) -> list[CorpusFile]:
    """``count`` text documents cycling over ``seeds``, each with its narrative marked by its copy number.

    The copy number is written into every line of every narrative region, so every copy's requests
    differ from every other's (the LLM cache cannot answer the first run) while the sections keep their
    length and structure.
    """
    from jixiao.narrative.regions import find_regions
    from jixiao.pipeline import prepare

    folder.mkdir(parents=True, exist_ok=True)
    anchors: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for stem in seeds:
        raw = (GOLDEN / f"{stem}.txt").read_text(encoding="utf-8")
        prepared = prepare(GOLDEN / f"{stem}.txt")
        regions = find_regions(prepared.document, prepared.structure, prepared.tables)
        found: list[str] = []
        for region in regions:
            # Every line, not only the region's first: a long region is sent in pieces, and a piece
            # without a mark would be the same request in every copy of the seed.
            for line in region.text.splitlines():
                start = line.strip()[:16]
                if len(start) >= 8 and raw.count(start) == 1 and start not in found:
                    found.append(start)
        anchors[stem] = found
        texts[stem] = raw
    files: list[CorpusFile] = []
    for i in range(count):
        stem = seeds[i % len(seeds)]
        text = texts[stem]
        for anchor in anchors[stem]:
            text = text.replace(anchor, f"{anchor}（第{i + 1}份）")
        path = folder / f"{i + 1:03d}_{stem}.txt"
        path.write_text(text, encoding="utf-8")
        prepared = prepare(path)
        regions = find_regions(prepared.document, prepared.structure, prepared.tables)
        files.append(
            CorpusFile(
                path=str(path),
                format="txt",
                pages=0,
                group="llm",
                narrative=[r.text for r in regions],
                chars=len(prepared.document.text),
            )
        )
    return files


def describe(corpus: Corpus) -> str:
    """One line per group: how many files and pages."""
    lines = []
    for group in ("golden", "long", "pages", "llm"):
        chosen = corpus.select(group=group)
        if chosen:
            pages = sum(f.pages for f in chosen)
            lines.append(f"{group}: {len(chosen)} files" + (f", {pages} pages" if pages else ""))
    return "; ".join(lines)
