"""Which files a batch reads, and where each one's outputs go."""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

from jixiao.errors import ConfigError
from jixiao.ingest import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class BatchInput:
    """One document of a batch and the name its outputs get (``<name>.json``)."""

    path: Path
    name: str


def discover(paths: list[Path | str]) -> list[BatchInput]:
    """Expand files, folders (walked for supported suffixes) and globs into a sorted, de-duplicated list.

    A file named on the command line is read whatever its suffix (misnamed files are sniffed); inside a
    folder only files with a supported suffix are taken, hidden files and our own outputs skipped.

    Output names are the file's stem, relative to the folder it was found under; when two inputs would
    get the same name (``a.txt`` and ``a.pdf``), both keep their suffix (``a.txt``, ``a.pdf``).

    Raises:
        ConfigError: a path that does not exist and matches no glob.
    """
    found: list[tuple[Path, Path]] = []  # (file, root it is named relative to)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                # Not only regular files: a named pipe or a broken link called .txt is reported, not skipped.
                if (
                    not f.is_dir()
                    and f.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                ):
                    found.append((f, p))
        elif p.exists() or p.is_symlink():
            found.append((p, p.parent))
        elif any(ch in str(raw) for ch in "*?["):
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise ConfigError(str(raw), "the pattern matches no file")
            found.extend((m, m.parent) for m in files)
        else:
            raise ConfigError(str(raw), "no such file or folder")

    seen: set[Path] = set()
    unique: list[tuple[Path, Path]] = []
    for f, root in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, root))

    def stem_name(f: Path, root: Path) -> str:
        rel = f.relative_to(root) if f.is_relative_to(root) else Path(f.name)
        return str(rel.with_suffix("")) if rel.suffix else str(rel)

    names = [stem_name(f, root) for f, root in unique]
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    out = [
        BatchInput(path=f, name=n if counts[n] == 1 else f"{n}.{f.suffix.lower().lstrip('.')}")
        for (f, _), n in zip(unique, names, strict=True)
    ]
    return out
