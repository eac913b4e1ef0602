"""The review store: an append-only log of reviewers' decisions in ``OUT/review.sqlite``.

Every decision (accept, edit, reject) is a new row; nothing is updated or deleted (triggers refuse it),
so the table is the audit trail. A value's *version* is the number of decisions taken on it; a save
must name the version it was based on, and a save based on an older version is refused
(:class:`~jixiao.errors.ReviewConflictError`) instead of silently replacing someone else's decision.

The schema grows by appending to :data:`MIGRATIONS`; ``PRAGMA user_version`` records how many have run.

Schema (other tools may read it):

``decisions``
    ``id`` (append order), ``report_id`` (Report.id), ``path`` (value id, e.g.
    ``project_tables/2/indicators/5/actual``), ``version`` (1 for the first decision on the value),
    ``action`` (``accept`` | ``edit`` | ``reject``), ``old_value`` / ``new_value`` / ``suggested`` (JSON of
    the field's value before the decision, after it — NULL for a rejection — and as the tool suggested
    it), ``item_label`` (what the item was called when decided, to notice a re-extraction that moved
    it), ``comment``, ``reviewer``, ``at`` (UTC, ISO 8601).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.errors import ReviewConflictError
from jixiao.errors import ReviewError

STORE_NAME = "review.sqlite"

Action = Literal["accept", "edit", "reject"]

MIGRATIONS: list[str] = [
    """
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id TEXT NOT NULL,
        path TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        action TEXT NOT NULL CHECK (action IN ('accept', 'edit', 'reject')),
        old_value TEXT,
        new_value TEXT,
        suggested TEXT,
        item_label TEXT,
        comment TEXT,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (report_id, path, version)
    );
    CREATE INDEX ix_decisions_report ON decisions (report_id, path);
    CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
    """,
]


def _statements(script: str) -> list[str]:
    """Split a migration into complete SQL statements (a trigger body holds semicolons of its own)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


class Decision(BaseModel):
    """One stored decision on one value."""

    id: int
    report_id: str
    path: str = Field(description="Value id: a path into the Report, e.g. 'dept_table/funds/0/executed'")
    version: int
    action: Action
    old_value: str | None = Field(default=None, description="JSON of the value before the decision")
    new_value: str | None = Field(default=None, description="JSON of the value after it (None: rejected)")
    suggested: str | None = Field(default=None, description="JSON of the tool's value when decided")
    item_label: str | None = None
    comment: str | None = None
    reviewer: str
    at: str


class NewDecision(BaseModel):
    """What a reviewer submits; the store adds the version, time and id."""

    report_id: str
    path: str
    action: Action
    base_version: int = Field(description="Version of the value the reviewer saw (0: never decided)")
    old_value: str | None = None
    new_value: str | None = None
    suggested: str | None = None
    item_label: str | None = None
    comment: str | None = None
    reviewer: str


class ReviewStore:
    """Opens (and creates or migrates) ``review.sqlite`` in an output folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with self._connect() as con:
                con.execute("PRAGMA journal_mode=WAL")
                self._migrate(con)
        except sqlite3.Error as exc:
            raise ReviewError(str(path), f"cannot open the review store: {exc}") from exc

    @classmethod
    def in_folder(cls, out: Path) -> ReviewStore:
        """The store of output folder ``out`` (created on first use)."""
        return cls(out / STORE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One short-lived connection per operation: the web server runs handlers on worker threads.
        con = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        con.row_factory = sqlite3.Row
        try:
            con.execute("PRAGMA busy_timeout = 10000")
            yield con
        finally:
            con.close()

    def _migrate(self, con: sqlite3.Connection) -> None:
        for number, script in enumerate(MIGRATIONS, start=1):
            # Checked again inside the write lock: two servers started at once must not both migrate.
            con.execute("BEGIN IMMEDIATE")
            try:
                done = int(con.execute("PRAGMA user_version").fetchone()[0])
                if done > len(MIGRATIONS):
                    raise ReviewError(
                        str(self.path),
                        f"store schema version {done} is newer than this jixiao knows ({len(MIGRATIONS)})",
                    )
                if done < number:
                    for statement in _statements(script):
                        con.execute(statement)
                    con.execute(f"PRAGMA user_version = {number}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        with self._connect() as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])

    def journal_mode(self) -> str:
        with self._connect() as con:
            return str(con.execute("PRAGMA journal_mode").fetchone()[0])

    def save(self, new: NewDecision) -> Decision:
        """Append a decision if the value is still at ``new.base_version``.

        Raises:
            ReviewConflictError: someone saved a decision on this value since ``base_version``.
            ReviewError: the database refused the write.
        """
        at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._connect() as con:
                con.execute("BEGIN IMMEDIATE")
                try:
                    current = self._version(con, new.report_id, new.path)
                    if current != new.base_version:
                        latest = self._latest(con, new.report_id, new.path)
                        who = f" by {latest.reviewer} at {latest.at}" if latest else ""
                        raise ReviewConflictError(
                            new.path,
                            f"this value was changed{who} (now version {current}, you saw version "
                            f"{new.base_version}); reload it to see the latest decision before saving yours",
                            where=f"report {new.report_id}",
                        )
                    cur = con.execute(
                        "INSERT INTO decisions (report_id, path, version, action, old_value, new_value,"
                        " suggested, item_label, comment, reviewer, at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            new.report_id,
                            new.path,
                            current + 1,
                            new.action,
                            new.old_value,
                            new.new_value,
                            new.suggested,
                            new.item_label,
                            new.comment or None,
                            new.reviewer,
                            at,
                        ),
                    )
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                row_id = cur.lastrowid
        except sqlite3.Error as exc:
            raise ReviewError(str(self.path), f"cannot save the decision: {exc}", where=new.path) from exc
        return Decision(
            id=int(row_id or 0),
            version=current + 1,
            at=at,
            **new.model_dump(exclude={"base_version"}),
        )

    @staticmethod
    def _version(con: sqlite3.Connection, report_id: str, path: str) -> int:
        row = con.execute(
            "SELECT COALESCE(MAX(version), 0) FROM decisions WHERE report_id = ? AND path = ?",
            (report_id, path),
        ).fetchone()
        return int(row[0])

    @staticmethod
    def _latest(con: sqlite3.Connection, report_id: str, path: str) -> Decision | None:
        row = con.execute(
            "SELECT * FROM decisions WHERE report_id = ? AND path = ? ORDER BY version DESC LIMIT 1",
            (report_id, path),
        ).fetchone()
        return Decision(**dict(row)) if row else None

    def history(self, report_id: str, path: str) -> list[Decision]:
        """Every decision on one value, oldest first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM decisions WHERE report_id = ? AND path = ? ORDER BY version",
                (report_id, path),
            ).fetchall()
        return [Decision(**dict(r)) for r in rows]

    def latest(self, report_id: str) -> dict[str, Decision]:
        """The latest decision on each decided value of a report, by value id."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT d.* FROM decisions d JOIN (SELECT path, MAX(version) AS v FROM decisions"
                " WHERE report_id = ? GROUP BY path) m ON d.path = m.path AND d.version = m.v"
                " WHERE d.report_id = ?",
                (report_id, report_id),
            ).fetchall()
        return {r["path"]: Decision(**dict(r)) for r in rows}

    def decided_counts(self) -> dict[str, int]:
        """Report id → number of values with at least one decision."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT report_id, COUNT(DISTINCT path) FROM decisions GROUP BY report_id"
            ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def reports(self) -> list[str]:
        """Ids of the reports with at least one decision."""
        return sorted(self.decided_counts())

    def all_decisions(self) -> list[Decision]:
        """The whole log, in the order it was written."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM decisions ORDER BY id").fetchall()
        return [Decision(**dict(r)) for r in rows]
