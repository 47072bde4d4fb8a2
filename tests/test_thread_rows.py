"""The thread list's rows: their orders, and what filtering looks in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from index.model import ThreadSummary
from tui.widgets.thread_rows import Row, haystack, prepare, sort_rows

_summaries = st.lists(
    st.builds(lambda n, title, date, imported: ThreadSummary(f"{n:016x}", title, None, 1, (), f"/x/{n}", "plain",
                                                            last_date=date, imported=imported),
              st.integers(0, 10**6), st.sampled_from(["Apples", "apples", "Beans", "carrots", "Ätna"]),
              st.sampled_from([None, "2020-01-01", "2021-05-02", "2021-05-02T10:00"]),
              st.sampled_from([0.0, 1.5, 2.0])),
    max_size=30, unique_by=lambda s: s.id)


@given(_summaries)
def test_newest_first_by_last_date_then_import_ties_in_title_order(summaries):
    rows = [Row(s) for s in summaries]
    by_title = sorted(rows, key=lambda row: row.summary.title.casefold())
    expected = sorted(by_title, key=lambda row: (row.summary.last_date or "", row.summary.imported), reverse=True)
    assert [row.summary.id for row in sort_rows(rows, "newest")] == [row.summary.id for row in expected]


def test_a_filter_looks_in_the_title_and_the_forum_lower_cased():
    summary = ThreadSummary("0123456789abcdef", "Tanks In The War", "History Forum > WW2", 3, (), "/x/a.txt", "plain")
    row = prepare([summary], {}, "newest").rows[0]
    assert haystack(row) == "tanks in the war\nhistory forum > ww2"
