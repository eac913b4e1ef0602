"""Safety: hostile document text renders as text, the token is enforced, requests cannot name files."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from jixiao.review import create_app
from jixiao.review.app import served_hosts
from tests.review.builders import HOSTILE
from tests.review.builders import hostile_folder

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
RID = "ab12ab12ab12ab12"


def test_markup_in_the_document_and_values_is_escaped_everywhere(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out, reviewer=HOSTILE), follow_redirects=False)
    pages = {
        "list": client.get("/"),
        "document": client.get(f"/r/{RID}"),
        "fund label": client.get(f"/r/{RID}/value", params={"path": "dept_table/funds/0/label_raw"}),
        "department": client.get(f"/r/{RID}", params={"v": "department"}),
    }
    edit = client.post(
        f"/r/{RID}/decide",
        data={
            "path": "department",
            "action": "edit",
            "version": "0",
            "text": f"{HOSTILE}改",
            "comment": HOSTILE,
        },
        headers={"X-Requested-With": "fetch"},
    )
    pages["after edit"] = edit
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert HOSTILE not in response.text, name
        assert "<script" not in response.text.replace(
            '<script src="/static/review.js" defer></script>', ""
        ), name
        assert response.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self'")
    document = pages["document"].text
    assert document.count(ESCAPED) >= 4  # paragraph, table cell, department chip, fund label chip, finding
    # the hostile paragraph and cell are in the source pane as text pieces
    assert f">{ESCAPED} 自评报告</p>" in document
    assert f">{ESCAPED}合计</" in document
    assert f"{ESCAPED} rate does not fit" in document
    assert f"{ESCAPED}改" in pages["after edit"].text and pages["after edit"].text.count(ESCAPED) >= 3


def test_every_request_needs_the_token_when_one_is_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out, token="s3cret"), follow_redirects=False)
    for url in ("/", f"/r/{RID}", "/static/review.js", f"/r/{RID}/value?path=department"):
        denied = client.get(url)
        assert denied.status_code == 401, url
        assert "needs its token" in denied.text
    assert client.get("/", params={"token": "wrong"}).status_code == 401
    assert (
        client.post(
            f"/r/{RID}/decide", data={"path": "department", "action": "accept", "version": "0"}
        ).status_code
        == 401
    )
    assert client.get("/", headers={"X-Jixiao-Token": "s3cret"}).status_code == 200
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200

    # ?token= once: a cookie is set and the address loses the token
    opened = client.get(f"/r/{RID}", params={"token": "s3cret", "v": "department"})
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/r/{RID}?v=department"
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith("jixiao_token=s3cret") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get(f"/r/{RID}").status_code == 200  # the client now sends the cookie
    decided = client.post(f"/r/{RID}/decide", data={"path": "department", "action": "accept", "version": "0"})
    assert decided.status_code == 303


def test_cross_site_posts_and_foreign_host_names_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    client = TestClient(create_app(out), follow_redirects=False)
    form = {"path": "department", "action": "accept", "version": "0"}
    assert (
        client.post(f"/r/{RID}/decide", data=form, headers={"Origin": "http://evil.example"}).status_code
        == 403
    )
    assert (
        client.post(f"/r/{RID}/decide", data=form, headers={"Sec-Fetch-Site": "cross-site"}).status_code
        == 403
    )
    assert (
        client.post(f"/r/{RID}/decide", data=form, headers={"Origin": "http://testserver"}).status_code == 303
    )
    loopback = TestClient(
        create_app(out, allowed_hosts=served_hosts("127.0.0.1")), base_url="http://127.0.0.1:8000"
    )
    assert loopback.get("/").status_code == 200
    assert loopback.get("/", headers={"Host": "rebound.evil.example"}).status_code == 400


def test_documents_are_found_by_report_id_never_by_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile_folder(out)
    (tmp_path / "secret.json").write_text('{"id": "ffffffffffffffff"}', encoding="utf-8")
    client = TestClient(create_app(out))
    for rid in ("..%2Fsecret", "ffffffffffffffff", "hostile", "../../etc/passwd"):
        response = client.get(f"/r/{rid}")
        assert response.status_code == 404, rid
        assert "secret" not in response.text or "is not a report id" in response.text
    unknown = client.get("/r/0123456789abcdef")
    assert unknown.status_code == 404 and "no report with id 0123456789abcdef" in unknown.text
    next_path = client.post(
        "/reviewer", data={"name": "a", "next": "//evil.example/x"}, follow_redirects=False
    )
    assert next_path.headers["location"] == "/"
