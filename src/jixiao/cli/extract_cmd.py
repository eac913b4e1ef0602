"""``jixiao extract``: documents in, one Report JSON per document out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from typing import Annotated

import typer

from jixiao.cli.options import BackendOpt
from jixiao.cli.options import BaseUrlOpt
from jixiao.cli.options import CacheDirOpt
from jixiao.cli.options import MaxDecompressedOpt
from jixiao.cli.options import MaxMemoryOpt
from jixiao.cli.options import MaxPagesOpt
from jixiao.cli.options import MaxSecondsOpt
from jixiao.cli.options import MaxTableCellsOpt
from jixiao.cli.options import MaxTextCharsOpt
from jixiao.cli.options import ModelOpt
from jixiao.cli.options import NoCacheOpt
from jixiao.cli.options import PersonalOpt
from jixiao.cli.options import pipeline_config
from jixiao.errors import FolderBusyError
from jixiao.errors import JixiaoError

if TYPE_CHECKING:
    from jixiao.batch import BatchSummary

WAIT_FOREVER = 365 * 86400.0


def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files, folders (walked for .txt .docx .pdf .doc .wps .xls) or globs.", show_default=False
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    jobs: Annotated[
        int,
        typer.Option(
            "-j", "--jobs", help="Worker processes (default: the number of cores).", show_default=False
        ),
    ] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Redo documents that already have an output.")
    ] = False,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="When another run is writing into OUT, wait for it instead of refusing."),
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print errors and the summary only.")] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            help="Where documents are read: 'local' (worker processes on this machine) or 'ray' (tasks on a "
            "Ray cluster; OUT must be a path every node can write; see docs/cluster.md) [env: JIXIAO_ENGINE].",
            show_default=False,
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="The Ray cluster: 'auto' (the one started on this machine with `ray start`), "
            "ray://HOST:10001 or HOST:6379; without it a cluster of this machine is started for the run "
            "[env: RAY_ADDRESS].",
            show_default=False,
        ),
    ] = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    include_personal: PersonalOpt = False,
    max_seconds: MaxSecondsOpt = None,
    max_memory: MaxMemoryOpt = None,
    max_decompressed: MaxDecompressedOpt = None,
    max_table_cells: MaxTableCellsOpt = None,
    max_text_chars: MaxTextCharsOpt = None,
    max_pages: MaxPagesOpt = None,
) -> None:
    """Read documents and write one Report JSON per document into OUT.

    OUT gets <name>.json (the report), sources/<name>.json (the document as read, for review),
    manifest.jsonl (one line per document: ok / partial / empty / error / skipped with the reason) and
    ledger.jsonl (LLM calls). A document already done with the same content and configuration is
    skipped, so an interrupted run can simply be started again; a report whose narrative sections failed
    (LLM errors) is 'partial', and a plain re-run asks only those sections again. One run writes into OUT
    at a time (OUT/.jixiao.lock names it).

    Each document is read by a worker process of its own under limits (--max-* or JIXIAO_MAX_*; 0 turns
    one off): a document over a limit, or whose worker crashes, gets a one-line reason and the batch goes
    on. Sizes accept 512MiB, 2GiB or bytes.

    With --engine ray the same work runs as tasks on a Ray cluster (--address, RAY_ADDRESS), with the
    same outputs, manifest, resume and exit status; LLM limits hold across all its nodes.

    Exit status: 0 every document read and ok; 4 every document has a report but some are partial or
    empty (reasons in the manifest); 3 some documents failed (no report; the others are done); 75 OUT is
    in use by another run; 130 interrupted; 1 bad options.
    """
    # Imported here, not at the top: `jixiao --help` and every other command would pay for the pipeline.
    from jixiao.batch import EXIT_BUSY
    from jixiao.batch import BatchRunner
    from jixiao.batch import default_jobs
    from jixiao.batch import discover
    from jixiao.batch import document_limits
    from jixiao.batch import make_progress
    from jixiao.batch.cluster import ClusterOptions
    from jixiao.batch.cluster import engine_choice

    try:
        config = pipeline_config(backend, model, base_url, no_cache, cache_dir, include_personal)
        limits = document_limits(
            seconds=max_seconds,
            memory=max_memory,
            decompressed=max_decompressed,
            table_cells=max_table_cells,
            text_chars=max_text_chars,
            pages=max_pages,
        )
        chosen = engine_choice(engine)
        inputs = discover(list(paths))
    except JixiaoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(code=1) from exc
    if not inputs:
        typer.echo("error: no documents found in the given paths", err=True)
        raise typer.Exit(code=1)
    runner = BatchRunner(
        out,
        config,
        jobs=min(jobs or default_jobs(), len(inputs)),
        force=force,
        progress=make_progress(quiet),
        limits=limits,
        wait=WAIT_FOREVER if wait else 0.0,
        engine=chosen,
        cluster=ClusterOptions(address=address),
    )
    try:
        summary = runner.run(inputs)
    except FolderBusyError as exc:
        typer.echo(f"error: {exc.one_line()}; run again when it has finished, or add --wait", err=True)
        raise typer.Exit(code=EXIT_BUSY) from exc
    typer.echo(render_summary(summary, out), err=True)
    raise typer.Exit(code=summary.exit_code)


def render_summary(summary: BatchSummary, out: Path) -> str:
    from jixiao.pipeline import NARRATIVE_FAILURE

    lines = [
        f"{summary.total} documents: {summary.ok} ok, {summary.partial} partial, {summary.empty} empty, "
        f"{summary.failed} failed, {summary.skipped} skipped (already done) in {summary.seconds:.1f}s → {out}"
    ]
    t = summary.tokens
    if t.calls or t.cached:
        lines.append(
            f"LLM: {t.calls} calls, {t.cached} cache hits, {t.prompt_tokens} prompt + {t.completion_tokens} completion tokens"
        )
    for title, rows in (("failed", summary.errors), ("partial or empty", summary.incomplete)):
        if not rows:
            continue
        shown = rows[:20]
        lines.append(f"{title} ({len(rows)}; reasons in {out / 'manifest.jsonl'}):")
        lines.extend(f"  {name}: {reason}" for name, reason in shown)
        if len(rows) > len(shown):
            lines.append(f"  … and {len(rows) - len(shown)} more")
    if summary.incomplete and any(r.startswith(NARRATIVE_FAILURE) for _, r in summary.incomplete):
        lines.append("narrative sections that failed are asked again by the same command")
    if summary.interrupted:
        lines.append("interrupted: run the same command again to finish the rest")
    return "\n".join(lines)
