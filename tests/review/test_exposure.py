"""Where the review app may listen and whom it answers: no open server by accident, the Host header checked
against the address served in any loopback form, the reviewer's name and every form field bounded."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jixiao.cli.app import app as cli
from jixiao.review import ReviewStore
from jixiao.review import create_app
from jixiao.review.app import REVIEWER_COOKIE
from jixiao.review.app import clean_reviewer
from tests.review.builders import hostile_folder

RID = "ab12ab12ab12ab12"
FORM = {"path": "department", "action": "accept", "version": "0"}


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What `jixiao review serve` would serve: uvicorn.run's app and address, without serving."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.0.2.10"])
def test_a_non_loopback_address_without_a_token_is_refused(
    host: str, tmp_path: Path, served: list[dict[str, Any]]
) -> None:
    hostile_folder(tmp_path / "out")
    result = CliRunner().invoke(cli, ["review", "serve", str(tmp_path / "out"), "--host", host])
    assert result.exit_code == 1 and served == []
    assert "refusing to serve on" in result.output and "--insecure-no-token" in result.output


def test_insecure_no_token_serves_openly_and_says_so_loudly(
    tmp_path: Path, served: list[dict[str, Any]]
) -> None:
    hostile_folder(tmp_path / "out")
    command = ["review", "serve", str(tmp_path / "out"), "--host", "0.0.0.0", "--insecure-no-token"]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0 and [c["host"] for c in served] == ["0.0.0.0"]
    assert "WARNING: serving on 0.0.0.0 WITHOUT A TOKEN" in result.output
    open_app = TestClient(served[0]["app"], base_url="http://192.0.2.10:8000")
    assert open_app.get("/").status_code == 200


def test_a_token_makes_a_shared_address_possible(tmp_path: Path, served: list[dict[str, Any]]) -> None:
    hostile_folder(tmp_path / "out")
    result = CliRunner().invoke(
        cli, ["review", "serve", str(tmp_path / "out"), "--host", "0.0.0.0", "--token", "t0k"]
    )
    assert result.exit_code == 0 and "WARNING" not in result.output
    client = TestClient(served[0]["app"], base_url="http://192.0.2.10:8000")
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"X-Jixiao-Token": "t0k"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "base"),
    [("127.1", "http://127.1:8000"), ("127.0.0.1", "http://127.0.0.1:8000"), ("::1", "http://[::1]:8000")],
)
def test_on_any_loopback_form_only_the_served_address_is_answered(
    host: str, base: str, tmp_path: Path, served: list[dict[str, Any]]
) -> None:
    hostile_folder(tmp_path / "out")
    result = CliRunner().invoke(cli, ["review", "serve", str(tmp_path / "out"), "--host", host])
    assert result.exit_code == 0, result.output
    client = TestClient(served[0]["app"], base_url=base)
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    # A page of a domain rebound to 127.0.0.1 sends its own name: refused.
    assert client.get("/", headers={"Host": "rebound.evil.example:8000"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1.evil.example"}).status_code == 400


def test_the_reviewer_name_is_cleaned_and_bounded_wherever_it_comes_from(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out, reviewer="  ops\n\x1b[31mteam  "), follow_redirects=False)
    assert client.post(f"/r/{RID}/decide", data=FORM).status_code == 303
    # A cookie is the browser's to write: ten thousand characters, a NUL, a direction override, a newline.
    client.cookies.set(REVIEWER_COOKIE, quote("王\x00五\u202e\n" + "x" * 10_000))
    assert client.post(f"/r/{RID}/decide", data={**FORM, "version": "1"}).status_code == 303
    set_name = client.post("/reviewer", data={"name": "李\u200b四\r\n" + "y" * 500, "next": "/"})
    client.cookies.set(REVIEWER_COOKIE, set_name.cookies[REVIEWER_COOKIE])
    assert client.post(f"/r/{RID}/decide", data={**FORM, "version": "2"}).status_code == 303
    reviewers = [d.reviewer for d in ReviewStore.in_folder(out).history(RID, "department")]
    assert reviewers == ["ops [31mteam", "王 五 " + "x" * 60, "李 四 " + "y" * 60]
    assert all(len(r) <= 64 and r.isprintable() for r in reviewers)


def test_clean_reviewer() -> None:
    assert clean_reviewer("\u202e\u200b\x00 \t") is None
    assert clean_reviewer("  Anna  Li ") == "Anna Li"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"version": "9" * 5000}, "field version longer than 9 characters"),
        ({"version": "１２"}, "version must be a whole number"),
        ({"version": "-1"}, "version must be a whole number"),
        ({"action": "delete"}, "action must be accept, edit or reject"),
        ({"path": "../../etc/passwd"}, "path holds characters no value id has"),
        ({"comment": "长" * 2001}, "field comment longer than 2000 characters"),
        ({"v_num": "1" * 201}, "field v_num longer than 200 characters"),
        ({"mode": "eval"}, "mode must be parse or fields"),
        ({"next": "/"}, "unknown field 'next'"),
        ({"text": "x" * 20_001}, "field text longer than 20000 characters"),
    ],
)
def test_every_form_field_is_checked(fields: dict[str, str], reason: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out), follow_redirects=False)
    response = client.post(f"/r/{RID}/decide", data={**FORM, **fields})
    assert (response.status_code, response.text) == (400, f"400: {reason}")
    assert ReviewStore.in_folder(out).all_decisions() == []


def test_a_huge_number_in_a_query_is_a_client_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out))
    assert client.get("/", params={"attention": "9" * 5000}).status_code == 422
