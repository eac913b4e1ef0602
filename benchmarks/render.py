"""The benchmark results as Markdown tables (printed, and pasted into the README's Performance section)."""

from __future__ import annotations

from benchmarks.results import BenchResults

_MB = 1024.0  # ru_maxrss is in KiB on Linux


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:.1f}" if seconds > 0 else "–"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "–"


def _mb(kb: int) -> str:
    return f"{kb / _MB:.0f}"


def throughput_table(results: BenchResults) -> str:
    """Baselines and jixiao side by side, per format."""
    rows = []
    for fmt, base_key, ours_key in (
        ("PDF", "pdfplumber", "jixiao-pdf"),
        ("DOCX", "python-docx", "jixiao-docx"),
    ):
        base, ours = results.throughput.get(base_key), results.throughput.get(ours_key)
        for m in (base, ours):
            if m is None:
                continue
            r = m.result
            is_ours = m is ours and base is not None
            rows.append(
                [
                    fmt,
                    m.label,
                    str(r.docs),
                    str(m.pages),
                    f"{r.wall:.2f}",
                    _rate(r.docs, r.wall),
                    _rate(m.pages, r.wall),
                    _ratio(r.wall, base.result.wall) if is_ours and base else "1",
                    _ratio(r.cpu, base.result.cpu) if is_ours and base else "1",
                    _mb(r.rss_peak_kb),
                ]
            )
    return _table(
        [
            "format",
            "reader",
            "docs",
            "pages",
            "seconds",
            "docs/s",
            "pages/s",
            "time ratio",
            "CPU ratio",
            "peak RSS MB",
        ],
        rows,
    )


def per_file_table(results: BenchResults) -> str:
    """Each file's time with its baseline and with jixiao (same runs as the throughput table)."""
    rows = []
    for base_key, ours_key in (("pdfplumber", "jixiao-pdf"), ("python-docx", "jixiao-docx")):
        base, ours = results.throughput.get(base_key), results.throughput.get(ours_key)
        if base is None or ours is None:
            continue
        for name, group, pages, b, o in zip(
            base.files, base.groups, base.file_pages, base.result.per_file, ours.result.per_file, strict=True
        ):
            rows.append([name, group, str(pages), f"{b:.3f}", f"{o:.3f}", _ratio(o, b)])
    return _table(["file", "group", "pages", "baseline s", "jixiao s", "time ratio"], rows)


def scaling_table(results: BenchResults) -> str:
    rows = []
    one = results.scaling.get(1)
    for jobs, m in sorted(results.scaling.items()):
        r = m.result
        rows.append(
            [
                str(jobs),
                str(r.docs),
                str(m.pages),
                f"{r.wall:.2f}",
                _rate(r.docs, r.wall),
                _rate(m.pages, r.wall),
                _ratio(one.result.wall, r.wall) if one else "–",
                _mb(r.rss_peak_kb),
                _mb(r.rss_children_kb) if jobs > 1 else "–",
            ]
        )
    return _table(
        [
            "--jobs",
            "docs",
            "pages",
            "seconds",
            "docs/s",
            "pages/s",
            "speed-up",
            "main RSS MB",
            "worker RSS MB",
        ],
        rows,
    )


def memory_table(results: BenchResults) -> str:
    rows = []
    for m in results.memory:
        r = m.result
        rows.append(
            [
                str(m.pages),
                f"{r.wall:.2f}",
                _rate(m.pages, r.wall),
                _mb(r.rss_start_kb),
                _mb(r.rss_peak_kb),
                f"{(r.rss_peak_kb - r.rss_start_kb) / _MB:.0f}",
            ]
        )
    return _table(["pages", "seconds", "pages/s", "RSS after imports MB", "peak RSS MB", "growth MB"], rows)


def llm_tables(results: BenchResults) -> str:
    cost = results.llm
    if cost is None:
        return ""
    first = cost.runs[0].result.wall if cost.runs else 0.0
    rows = []
    for run in cost.runs:
        r = run.result
        rows.append(
            [
                run.name,
                str(run.in_flight),
                str(r.docs),
                str(run.requests),
                str(r.cached),
                f"{r.wall:.2f}",
                _rate(r.docs, r.wall),
                _ratio(first, r.wall),
                str(r.regions_failed),
            ]
        )
    runs = _table(
        [
            "run",
            "in flight",
            "docs",
            "requests",
            "cache hits",
            "seconds",
            "docs/s",
            "speed-up",
            "failed regions",
        ],
        rows,
    )
    concurrent = next((run for run in cost.runs if run.name == "concurrent"), None)
    if concurrent is None or cost.docs == 0:
        return runs
    n = cost.docs
    tokens = concurrent.result.prompt_tokens
    per_report = [
        ["document text (characters)", f"{cost.document_chars / n:.0f}", "1"],
        [
            "narrative regions (characters)",
            f"{cost.narrative_chars / n:.0f}",
            _ratio(cost.narrative_chars, cost.document_chars),
        ],
        [
            "section text sent (characters)",
            f"{concurrent.section_chars / n:.0f}",
            _ratio(concurrent.section_chars, cost.document_chars),
        ],
        [
            "all message text sent (characters)",
            f"{concurrent.message_chars / n:.0f}",
            _ratio(concurrent.message_chars, cost.document_chars),
        ],
        ["prompt tokens (as the endpoint counts)", f"{sum(tokens) / max(len(tokens), 1):.0f}", "–"],
        ["requests", f"{concurrent.requests / n:.2f}", "–"],
    ]
    outside = (
        f"Requests whose section text is not a narrative region: "
        f"{concurrent.sections_outside_narrative} of {concurrent.requests}."
    )
    return (
        runs
        + "\n\nPer report (concurrent run):\n\n"
        + _table(["", "per report", "share of document"], per_report)
        + "\n\n"
        + outside
    )


def render_tables(results: BenchResults) -> str:
    """All tables, with a line saying what was measured."""
    llm = results.llm
    parts = [
        f"jixiao benchmarks ({'quick' if results.quick else 'full'}; {results.cpus} CPUs, Python {results.python}; "
        f"{results.seconds:.0f}s). Corpus: {results.corpus}.",
        "Throughput (rules backend; time ratio = jixiao / baseline, below 1 is faster):",
        throughput_table(results),
        "Per file:",
        per_file_table(results),
        "Scaling (jixiao extract, rules backend, the PDF and DOCX corpus):",
        scaling_table(results),
        "Memory vs length (jixiao full pipeline on the first pages of 004_zigong_2022.pdf):",
        memory_table(results),
    ]
    if llm is not None:
        parts += [
            f"LLM batch (fake endpoint, {llm.latency * 1000:.0f} ms per request, --jobs {llm.jobs}):",
            llm_tables(results),
        ]
    return "\n\n".join(parts)
