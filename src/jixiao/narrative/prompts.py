"""Versioned prompt templates: ``prompts/<id>.md`` with YAML front matter (``id``, ``version``).

A prompt file looks like::

    ---
    id: problems
    version: 1
    description: …
    ---
    ## system
    (instructions, sent as the system message)
    ## user
    (a Jinja2 template of the user message; ``{{ text }}`` is the section text)

The files live in the repository's top-level ``prompts/`` folder and are shipped in the wheel as
``jixiao/prompts``; :func:`prompts_dir` finds them either way (``JIXIAO_PROMPTS_DIR`` overrides).

``prompts/versions.lock`` records each prompt's version and the hash of its text (the file without its
``version:`` line). A test fails when a prompt's text changed but its version did not; after bumping
the version, record the new hash with ``python -m jixiao.narrative.prompt_lock``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment
from jinja2 import StrictUndefined

from jixiao.errors import ConfigError

LOCK_FILE = "versions.lock"
_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.S)
_PART = re.compile(r"^## (system|user)\s*$", re.M)
_VERSION_LINE = re.compile(r"^version:.*\n", re.M)
_JINJA = Environment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)


@dataclass(frozen=True)
class Prompt:
    """One prompt template."""

    id: str
    version: str
    description: str
    system: str
    user_template: str
    text_hash: str
    path: Path

    @property
    def ref(self) -> str:
        """``id@version``, as recorded in provenance and the cache key."""
        return f"{self.id}@{self.version}"

    def render(self, **context: Any) -> list[dict[str, str]]:
        """The chat messages for this prompt: the system instructions and the rendered user message."""
        user = _JINJA.from_string(self.user_template).render(**context).strip()
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def prompts_dir() -> Path:
    """The folder holding the prompt files (installed package, then the checkout)."""
    override = os.environ.get("JIXIAO_PROMPTS_DIR")
    if override:
        return Path(override)
    shipped = resources.files("jixiao").joinpath("prompts")
    if shipped.is_dir():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parents[3] / "prompts"
    if checkout.is_dir():
        return checkout
    raise ConfigError(None, "prompt templates not found (neither jixiao/prompts nor the checkout's prompts/)")


def text_hash(raw: str) -> str:
    """Hash of a prompt file's text without its ``version:`` line (line endings normalised)."""
    text = _VERSION_LINE.sub("", raw.replace("\r\n", "\n"), count=1)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_prompt(path: Path) -> Prompt:
    """Read one prompt file.

    Raises:
        ConfigError: the file has no front matter, no id/version, or no ``## system`` / ``## user`` part.
    """
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    m = _FRONT_MATTER.match(raw)
    if not m:
        raise ConfigError(str(path), "prompt file has no YAML front matter (--- … ---)")
    meta = yaml.safe_load(m.group("meta")) or {}
    if not isinstance(meta, dict) or "id" not in meta or "version" not in meta:
        raise ConfigError(str(path), "prompt front matter needs 'id' and 'version'")
    parts = _PART.split(m.group("body"))
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if "system" not in sections or "user" not in sections:
        raise ConfigError(str(path), "prompt needs a '## system' and a '## user' part")
    return Prompt(
        id=str(meta["id"]),
        version=str(meta["version"]),
        description=str(meta.get("description", "")),
        system=sections["system"],
        user_template=sections["user"],
        text_hash=text_hash(raw),
        path=path,
    )


@cache
def _load_all(folder: str) -> dict[str, Prompt]:
    out: dict[str, Prompt] = {}
    for path in sorted(Path(folder).glob("*.md")):
        prompt = parse_prompt(path)
        if prompt.id in out:
            raise ConfigError(str(path), f"duplicate prompt id {prompt.id!r}")
        out[prompt.id] = prompt
    return out


def load_prompts() -> dict[str, Prompt]:
    """Every shipped prompt, by id."""
    return _load_all(str(prompts_dir()))


def get_prompt(prompt_id: str) -> Prompt:
    """One prompt by id.

    Raises:
        ConfigError: no prompt has that id.
    """
    prompts = load_prompts()
    if prompt_id not in prompts:
        raise ConfigError(None, f"no prompt with id {prompt_id!r} in {prompts_dir()}")
    return prompts[prompt_id]


def prompt_versions() -> dict[str, str]:
    """prompt id → version of every prompt shipped (part of a run's configuration)."""
    return {pid: p.version for pid, p in load_prompts().items()}


def read_lock(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """The recorded ``{id: {"version": …, "sha256": …}}`` of every prompt."""
    path = (folder or prompts_dir()) / LOCK_FILE
    if not path.exists():
        return {}
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def lock_problems(folder: Path | None = None) -> list[str]:
    """What is wrong between the prompt files and ``versions.lock`` (empty when they agree).

    A prompt whose text changed while its version did not is the error this exists to catch.
    """
    folder = folder or prompts_dir()
    lock = read_lock(folder)
    prompts = _load_all.__wrapped__(str(folder))
    out = [
        f"{pid}: in {LOCK_FILE} but no prompt file has that id" for pid in sorted(set(lock) - set(prompts))
    ]
    for pid, prompt in sorted(prompts.items()):
        recorded = lock.get(pid)
        if recorded is None:
            out.append(f"{prompt.path.name}: not recorded in {LOCK_FILE}")
        elif prompt.text_hash != recorded.get("sha256") and prompt.version == recorded.get("version"):
            out.append(f"{prompt.path.name}: text changed but version is still {prompt.version}: bump it")
        elif prompt.version != recorded.get("version") or prompt.text_hash != recorded.get("sha256"):
            out.append(f"{prompt.path.name}: version {prompt.version} not recorded in {LOCK_FILE}")
    return out


def write_lock(folder: Path | None = None) -> Path:
    """Record the current version and text hash of every prompt in ``versions.lock``."""
    folder = folder or prompts_dir()
    prompts = _load_all.__wrapped__(str(folder))
    data = {pid: {"version": p.version, "sha256": p.text_hash} for pid, p in sorted(prompts.items())}
    path = folder / LOCK_FILE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


__all__ = [
    "LOCK_FILE",
    "Prompt",
    "get_prompt",
    "load_prompts",
    "lock_problems",
    "parse_prompt",
    "prompt_versions",
    "prompts_dir",
    "read_lock",
    "text_hash",
    "write_lock",
]
