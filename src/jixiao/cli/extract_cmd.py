"""``jixiao extract``: documents in, one Report JSON per document out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.batch import BatchRunner, BatchSummary, default_jobs, discover, make_progress
from jixiao.cli.options import (
    BackendOpt,
    BaseUrlOpt,
    CacheDirOpt,
    ModelOpt,
    NoCacheOpt,
    PersonalOpt,
    pipeline_config,
)
from jixiao.errors import JixiaoError


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
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print errors and the summary only.")] = False,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Read documents and write one Report JSON per document into OUT.

    OUT gets <name>.json (the report), sources/<name>.json (the document as read, for review),
    manifest.jsonl (one line per document: ok / error / skipped with the reason) and ledger.jsonl
    (LLM calls). A document already done with the same content and configuration is skipped, so an
    interrupted run can simply be started again. One bad file never stops the batch.

    Exit status: 0 when every document succeeded, 3 when some failed (the others are done), 130 when
    interrupted, 1 on bad options.
    """
    try:
        config = pipeline_config(backend, model, base_url, no_cache, cache_dir, include_personal)
        inputs = discover(list(paths))
    except JixiaoError as exc:
        typer.echo(f"error: {exc.one_line()}", err=True)
        raise typer.Exit(code=1) from exc
    if not inputs:
        typer.echo("error: no documents found in the given paths", err=True)
        raise typer.Exit(code=1)
    runner = BatchRunner(
        out, config, jobs=min(jobs or default_jobs(), len(inputs)), force=force, progress=make_progress(quiet)
    )
    summary = runner.run(inputs)
    typer.echo(render_summary(summary, out), err=True)
    raise typer.Exit(code=summary.exit_code)


def render_summary(summary: BatchSummary, out: Path) -> str:
    lines = [
        f"{summary.total} documents: {summary.ok} ok, {summary.partial} partial, {summary.empty} empty, "
        f"{summary.failed} failed, {summary.skipped} skipped (already done) in {summary.seconds:.1f}s → {out}"
    ]
    t = summary.tokens
    if t.calls or t.cached:
        lines.append(
            f"LLM: {t.calls} calls, {t.cached} cache hits, {t.prompt_tokens} prompt + {t.completion_tokens} completion tokens"
        )
    if summary.errors:
        shown = summary.errors[:20]
        lines.append(f"failed ({len(summary.errors)}; reasons in {out / 'manifest.jsonl'}):")
        lines.extend(f"  {name}: {reason}" for name, reason in shown)
        if len(summary.errors) > len(shown):
            lines.append(f"  … and {len(summary.errors) - len(shown)} more")
    if summary.interrupted:
        lines.append("interrupted: run the same command again to finish the rest")
    return "\n".join(lines)
