"""The review store: created and migrated once, WAL, append-only, optimistic version check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jixiao.errors import ReviewConflictError
from jixiao.errors import ReviewError
from jixiao.review.store import MIGRATIONS
from jixiao.review.store import NewDecision
from jixiao.review.store import ReviewStore


def _new(**kw: object) -> NewDecision:
    base: dict[str, object] = {
        "report_id": "ab12ab12ab12ab12",
        "path": "dept_table/funds/0/budget",
        "action": "accept",
        "base_version": 0,
        "old_value": '"1"',
        "new_value": '"1"',
        "suggested": '"1"',
        "reviewer": "alice",
    }
    base.update(kw)
    return NewDecision.model_validate(base)


def test_store_is_created_in_wal_mode_with_every_migration(tmp_path: Path) -> None:
    store = ReviewStore.in_folder(tmp_path)
    assert (tmp_path / "review.sqlite").is_file()
    assert store.journal_mode() == "wal"
    assert store.schema_version() == len(MIGRATIONS) == 1
    # opening again runs nothing twice (a second CREATE TABLE would fail)
    again = ReviewStore.in_folder(tmp_path)
    assert again.schema_version() == 1


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    ReviewStore.in_folder(tmp_path)
    con = sqlite3.connect(tmp_path / "review.sqlite")
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(ReviewError, match="newer than this jixiao"):
        ReviewStore.in_folder(tmp_path)


def test_versions_count_decisions_and_history_keeps_all_of_them(tmp_path: Path) -> None:
    store = ReviewStore.in_folder(tmp_path)
    first = store.save(_new())
    second = store.save(
        _new(action="edit", base_version=1, old_value='"1"', new_value='"2"', reviewer="bob", comment="typo")
    )
    assert (first.version, second.version) == (1, 2)
    history = store.history("ab12ab12ab12ab12", "dept_table/funds/0/budget")
    assert [(d.version, d.action, d.reviewer, d.old_value, d.new_value, d.comment) for d in history] == [
        (1, "accept", "alice", '"1"', '"1"', None),
        (2, "edit", "bob", '"1"', '"2"', "typo"),
    ]
    assert all(d.at.endswith("+00:00") for d in history)
    assert store.latest("ab12ab12ab12ab12")["dept_table/funds/0/budget"].version == 2
    assert store.decided_counts() == {"ab12ab12ab12ab12": 1}


def test_second_save_of_the_same_version_is_refused_and_the_first_kept(tmp_path: Path) -> None:
    store = ReviewStore.in_folder(tmp_path)
    store.save(_new(reviewer="alice"))
    with pytest.raises(ReviewConflictError) as caught:
        store.save(_new(action="reject", new_value=None, reviewer="bob"))
    assert "changed by alice" in caught.value.reason
    assert "you saw version 0" in caught.value.reason
    history = store.history("ab12ab12ab12ab12", "dept_table/funds/0/budget")
    assert [(d.action, d.reviewer) for d in history] == [("accept", "alice")]


def test_decisions_cannot_be_updated_or_deleted(tmp_path: Path) -> None:
    store = ReviewStore.in_folder(tmp_path)
    store.save(_new())
    con = sqlite3.connect(tmp_path / "review.sqlite")
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE decisions SET reviewer = 'mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM decisions")
    finally:
        con.close()
    assert [d.reviewer for d in store.all_decisions()] == ["alice"]
