"""Record each prompt's version and text hash in ``prompts/versions.lock``.

Run after changing a prompt and bumping its ``version``: ``python -m jixiao.narrative.prompt_lock``.
"""

from __future__ import annotations

from jixiao.narrative.prompts import write_lock


def main() -> None:
    """Write the lock file and print its path."""
    print(write_lock())


if __name__ == "__main__":
    main()
