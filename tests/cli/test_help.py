"""Every command explains itself: ``--help`` works and says what the command does."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from jixiao.cli.app import app

runner = CliRunner()


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(cmd: object, prefix: list[str]) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():  # type: ignore[attr-defined]
                paths.append([*prefix, name])
                walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_the_main_commands_exist() -> None:
    names = {p[0] for p in _commands() if p}
    assert {"extract", "export", "eval"} <= names


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "jixiao")
def test_help(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    # a real description, not just the usage line
    body = result.output.split("Usage:", 1)[1]
    assert len(body.strip().splitlines()) > 3


def test_version() -> None:
    from jixiao import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
