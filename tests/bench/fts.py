"""The baseline: SQLite FTS5 indexing the same parsed texts, and its equivalent of each query type."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

SCHEMA = ("CREATE VIRTUAL TABLE posts USING fts5(thread_id UNINDEXED, post_index UNINDEXED, "
          "title, author, own, quoted, tokenize='porter unicode61')")


def available() -> bool:
    try:
        sqlite3.connect(":memory:").execute(SCHEMA)
        return True
    except sqlite3.OperationalError:
        return False


def rows_of(thread) -> list[tuple]:
    """One row per post: the words a reader would search for."""
    return [(thread.id, p.index, thread.title, p.author.label, p.own_text, p.quoted_text) for p in thread.posts]


def build(path: Path, rows: list[tuple]) -> tuple[sqlite3.Connection, float]:
    """A fresh FTS5 database of the rows; returns it and the seconds spent indexing."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(SCHEMA)
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(posts, row)")
    with db:
        db.executemany("INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?)", rows)
    return db, time.perf_counter() - started


def _terms(db: sqlite3.Connection) -> list[tuple[str, int]]:
    return db.execute("SELECT term, doc FROM vocab").fetchall()


def nearest(db: sqlite3.Connection, word: str, limit: int = 1) -> list[str]:
    """Index terms one or two edits from the word, most frequent first (FTS5 has no spelling help)."""
    terms = _terms(db)
    found = process.extract(word.lower(), [t for t, _ in terms], scorer=Levenshtein.distance,
                            score_cutoff=2, limit=50)
    freq = dict(terms)
    found.sort(key=lambda m: (m[1], -freq[m[0]]))
    return [m[0] for m in found[:limit]]


def fuzzy_terms(db: sqlite3.Connection, word: str) -> list[str]:
    terms = [t for t, _ in _terms(db)]
    return [m[0] for m in process.extract(word.lower(), terms, scorer=Levenshtein.distance,
                                          score_cutoff=1, limit=None)]


def match_expression(kind: str, query: str, db: sqlite3.Connection) -> str | None:
    """The FTS5 MATCH text for one of our queries (None when nothing could match)."""
    if kind == "field":
        field, _, value = query.partition(":")
        return f'{field} : "{value.strip(chr(34))}"'
    if kind == "fuzzy":
        variants = fuzzy_terms(db, query.rstrip("~"))
        return " OR ".join(f'"{v}"' for v in variants) or None
    if kind == "didyoumean":
        suggestion = nearest(db, query)
        return f'"{suggestion[0]}"' if suggestion else None
    if kind == "boolean":
        return query.replace(") ", ") AND ")
    return query


def search(db: sqlite3.Connection, kind: str, query: str, limit: int = 20) -> tuple[int, list[tuple]]:
    """The total and the best `limit` posts with snippets: what one page of our results shows."""
    expression = match_expression(kind, query, db)
    if expression is None:
        return 0, []
    total = db.execute("SELECT count(*) FROM posts WHERE posts MATCH ?", (expression,)).fetchone()[0]
    rows = db.execute(
        "SELECT thread_id, post_index, snippet(posts, -1, '[', ']', '…', 16) FROM posts "
        "WHERE posts MATCH ? ORDER BY rank LIMIT ?", (expression, limit)).fetchall()
    return total, rows
