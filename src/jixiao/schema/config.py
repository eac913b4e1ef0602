"""Typed options for a run. The CLI fills them from flags and the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from pydantic import Field


class LLMOptions(BaseModel):
    """How to reach an OpenAI-compatible endpoint."""

    base_url: str | None = Field(default=None, description="OPENAI_BASE_URL, e.g. http://127.0.0.1:8080/v1")
    api_key: str | None = Field(default=None, description="OPENAI_API_KEY (local servers accept any value)")
    model: str | None = Field(default=None, description="JIXIAO_MODEL / --model")
    timeout: float = Field(
        default=60.0, description="Seconds one HTTP request may take in all (a deadline, not a read timeout)"
    )
    max_response_bytes: int = Field(
        default=1 << 20, description="Largest answer read from the endpoint; a larger one fails, uncached"
    )
    max_item_chars: int = Field(
        default=5000, description="Longest text in an answer (an item, its evidence); longer fails, uncached"
    )
    max_retries: int = Field(
        default=4, description="Retries per section for timeouts, 429, 5xx and invalid output"
    )
    temperature: float = Field(default=0.0)
    max_tokens: int = Field(default=2048, description="Completion budget per call")
    concurrency: int = Field(default=8, description="LLM calls in flight at once")
    rpm: int | None = Field(default=None, description="Requests-per-minute cap, if the endpoint has one")
    mode: Literal["json_schema", "tools", "json"] = Field(
        default="json_schema",
        description="Structured-output mode: response_format JSON schema, tool calling, or JSON",
    )


class PipelineConfig(BaseModel):
    """Everything that changes what a document's report contains."""

    backend: Literal["rules", "llm"] = Field(default="rules", description="Narrative backend")
    llm: LLMOptions = Field(default_factory=LLMOptions)
    cache_dir: str | None = Field(
        default=None, description="LLM response cache; default: the user cache folder"
    )
    use_cache: bool = Field(default=True, description="False bypasses the LLM cache (--no-cache)")
    include_personal: bool = Field(
        default=False, description="Keep 填表人/联系电话 in outputs (redacted unless asked for)"
    )
