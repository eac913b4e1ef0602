"""Options shared by commands that run the pipeline, and how they become a PipelineConfig."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Literal

import typer

from jixiao.errors import ConfigError

if TYPE_CHECKING:
    from jixiao.schema import PipelineConfig

BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="Narrative backend: 'rules' (offline) or 'llm' (OpenAI-compatible endpoint). "
        "Default: llm when an endpoint is configured (OPENAI_BASE_URL or --base-url), else rules.",
    ),
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="Model name for the llm backend [env: JIXIAO_MODEL].")
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 [env: OPENAI_BASE_URL]."
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the LLM response cache.")]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Where the LLM response cache lives [env: JIXIAO_CACHE_DIR]."),
]
PersonalOpt = Annotated[
    bool,
    typer.Option("--include-personal", help="Keep 填表人/联系电话 in the outputs (redacted by default)."),
]

MaxSecondsOpt = Annotated[
    float | None,
    typer.Option(
        "--max-seconds",
        help="Wall time one document's reading may take (default 1200) [env: JIXIAO_MAX_SECONDS].",
        show_default=False,
    ),
]
MaxMemoryOpt = Annotated[
    str | None,
    typer.Option(
        "--max-memory",
        help="Resident memory of the worker reading one document (default 2GiB) [env: JIXIAO_MAX_MEMORY].",
        show_default=False,
    ),
]
MaxDecompressedOpt = Annotated[
    str | None,
    typer.Option(
        "--max-decompressed",
        help="What a DOCX/XLSX package, or one PDF stream, may unpack to (default 256MiB) "
        "[env: JIXIAO_MAX_DECOMPRESSED].",
        show_default=False,
    ),
]
MaxTableCellsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-table-cells",
        help="Rows × columns of one table (default 200000) [env: JIXIAO_MAX_TABLE_CELLS].",
        show_default=False,
    ),
]
MaxTextCharsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-text-chars",
        help="Characters of one document's text (default 10000000) [env: JIXIAO_MAX_TEXT_CHARS].",
        show_default=False,
    ),
]
MaxPagesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-pages", help="Pages of one PDF (default 10000) [env: JIXIAO_MAX_PAGES].", show_default=False
    ),
]


def pipeline_config(
    backend: str | None,
    model: str | None,
    base_url: str | None,
    no_cache: bool,
    cache_dir: Path | None,
    include_personal: bool = False,
) -> PipelineConfig:
    """Build the run configuration from flags, falling back to the environment.

    Raises:
        ConfigError: an unknown backend, or the llm backend without an endpoint or model.
    """
    from jixiao.narrative.settings import llm_options
    from jixiao.schema import PipelineConfig

    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    model = model or os.environ.get("JIXIAO_MODEL") or None
    chosen = backend or ("llm" if base_url else "rules")
    if chosen not in ("rules", "llm"):
        raise ConfigError(None, f"--backend must be 'rules' or 'llm', not {chosen!r}")
    kind: Literal["rules", "llm"] = "llm" if chosen == "llm" else "rules"
    if kind == "llm":
        if not base_url:
            raise ConfigError(
                None, "the llm backend needs an endpoint: set OPENAI_BASE_URL or pass --base-url"
            )
        if not model:
            raise ConfigError(None, "the llm backend needs a model: set JIXIAO_MODEL or pass --model")
    return PipelineConfig(
        backend=kind,
        llm=llm_options(base_url=base_url, model=model),
        cache_dir=str(cache_dir) if cache_dir else os.environ.get("JIXIAO_CACHE_DIR") or None,
        use_cache=not no_cache,
        include_personal=include_personal,
    )
