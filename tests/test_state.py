"""Reading state: read marks, visits, bookmarks and positions survive a reopen."""

from __future__ import annotations

import json

from index.library.state import State


def test_read_marks_round_trip_compactly(tmp_path):
    path = tmp_path / "state.json"
    state = State(path)
    state.mark_read("t", range(0, 50))
    state.mark_read("t", [60])
    state.mark_read("t", [10], read=False)
    again = State(path)
    assert again.read_posts("t") == (set(range(50)) - {10}) | {60}
    assert again.is_read("t", 0) and not again.is_read("t", 10)
    assert again.unread_count("t", 70) == 70 - 50
    assert json.loads(path.read_text())["threads"]["t"]["read"] == [[0, 9], [11, 49], [60, 60]]


def test_visits_bookmarks_and_positions(tmp_path):
    path = tmp_path / "state.json"
    state = State(path)
    assert state.last_seen_count("t") is None and state.position("t") is None
    state.visit("t", 12)
    state.set_position("t", 7)
    assert state.toggle_bookmark("t", 3) is True
    assert state.toggle_bookmark("u", 0) is True
    assert state.toggle_bookmark("u", 0) is False
    again = State(path)
    assert again.last_seen_count("t") == 12
    assert again.position("t") == 7
    assert again.bookmarks() == [("t", 3)]


def test_a_missing_file_is_an_empty_state(tmp_path):
    state = State(tmp_path / "nowhere" / "state.json")
    assert state.read_posts("t") == set() and state.bookmarks() == [] and state.problem is None
    state.mark_read("t", [1])
    assert (tmp_path / "nowhere" / "state.json").exists()


def test_unread_counts_of_many_threads_at_once(tmp_path):
    from index.model import ThreadSummary

    state = State(tmp_path / "state.json")
    state.mark_read("a", [0, 1, 5])
    summaries = [ThreadSummary(t, t, None, n, (), f"/x/{t}", "plain") for t, n in (("a", 4), ("b", 7))]
    assert state.unread_counts(summaries) == {"a": 2, "b": 7}
