"""Prompt templates: versioned, hashed, shipped in the wheel, rendered with the section text only."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from jixiao.errors import ConfigError
from jixiao.narrative import prompt_versions
from jixiao.narrative.prompts import get_prompt
from jixiao.narrative.prompts import load_prompts
from jixiao.narrative.prompts import lock_problems
from jixiao.narrative.prompts import parse_prompt
from jixiao.narrative.prompts import prompts_dir
from jixiao.narrative.prompts import read_lock
from jixiao.narrative.prompts import text_hash
from jixiao.narrative.prompts import write_lock
from tests.conftest import REPO

PROMPTS = REPO / "prompts"


def test_every_prompt_text_matches_its_recorded_version() -> None:
    """Changing a prompt's text without bumping its version fails here.

    After bumping the version, record the new hash: ``python -m jixiao.narrative.prompt_lock``.
    """
    assert lock_problems(PROMPTS) == []
    assert set(read_lock(PROMPTS)) == {p.stem for p in PROMPTS.glob("*.md")}


def test_the_check_catches_an_edit_without_a_version_bump(tmp_path: Path) -> None:
    folder = tmp_path / "prompts"
    shutil.copytree(PROMPTS, folder)
    path = folder / "problems.md"
    path.write_text(path.read_text(encoding="utf-8").replace("逐条列出", "列出"), encoding="utf-8")
    assert lock_problems(folder) == ["problems.md: text changed but version is still 1: bump it"]
    path.write_text(path.read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8")
    assert lock_problems(folder) == ["problems.md: version 2 not recorded in versions.lock"]
    write_lock(folder)
    assert lock_problems(folder) == []
    assert read_lock(folder)["problems"] == {"version": "2", "sha256": parse_prompt(path).text_hash}


def test_hash_ignores_only_the_version_line() -> None:
    a = "---\nid: x\nversion: 1\n---\n## system\nA\n## user\n{{ text }}\n"
    assert text_hash(a) == text_hash(a.replace("version: 1", "version: 7"))
    assert text_hash(a) != text_hash(a.replace("A", "B"))
    assert text_hash(a) == text_hash(a.replace("\n", "\r\n"))


def test_shipped_prompts_and_versions() -> None:
    assert set(load_prompts()) == {"goals", "problems", "measures", "headers"}
    assert prompt_versions() == {"goals": "1", "measures": "1", "problems": "1", "headers": "1"}
    assert get_prompt("problems").ref == "problems@1"
    with pytest.raises(ConfigError, match="no prompt with id"):
        get_prompt("nothing")


def test_rendered_messages_hold_the_section_text_and_the_problem_list() -> None:
    messages = get_prompt("measures").render(
        text="（一）加强管理。", problems=["预算执行率较低", "绩效意识不强"]
    )
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "addresses" in messages[0]["content"]
    assert messages[1]["content"] == (
        "同一文件列出的问题（序号供 addresses 使用）：\n1. 预算执行率较低\n2. 绩效意识不强\n\n改进措施（原文）：\n（一）加强管理。"
    )
    goals = get_prompt("goals").render(text="指标 1：开展讲堂", completion=None)
    assert goals[1]["content"] == "年度总体目标（原文）：\n指标 1：开展讲堂"


def test_wheel_ships_the_prompts_folder_as_package_data() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert (
        pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["prompts"]
        == "jixiao/prompts"
    )


def test_prompts_are_found_inside_an_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed wheel has site-packages/jixiao/prompts; simulate that layout.
    package = tmp_path / "jixiao"
    shutil.copytree(PROMPTS, package / "prompts")
    monkeypatch.setattr("jixiao.narrative.prompts.resources.files", lambda name: package)
    assert prompts_dir() == package / "prompts"
    monkeypatch.setenv("JIXIAO_PROMPTS_DIR", str(PROMPTS))
    assert prompts_dir() == PROMPTS


def test_malformed_prompt_files_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("no front matter", encoding="utf-8")
    with pytest.raises(ConfigError, match="front matter"):
        parse_prompt(bad)
    bad.write_text("---\nid: x\n---\n## system\nA\n## user\nB\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'id' and 'version'"):
        parse_prompt(bad)
    bad.write_text("---\nid: x\nversion: 1\n---\n## system\nA\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'## user'"):
        parse_prompt(bad)
