"""The reply map and reply tree built from rebuilt quotes, and a thread's participants."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from index.model import Author, Paragraph, Post, Quote
from index.threads.participants import participants
from index.threads.replies import quoted_by, reply_tree


def post(index: int, *sources: int | None, who: str = "") -> Post:
    blocks = [Quote(f"words of {s}", s, None, 1.0) for s in sources] + [Paragraph(f"post {index}")]
    key = who or f"k{index}"
    return Post(index=index, author=Author(who or None, key, who or f"member {index}"), blocks=tuple(blocks))


def thread(*quotes: tuple[int | None, ...]) -> tuple[Post, ...]:
    return tuple(post(i, *sources) for i, sources in enumerate(quotes))


def test_quoted_by_lists_later_posts_once_in_time_order():
    posts = thread((), (0,), (0, 1), (1, 1), (), (2, None))
    assert quoted_by(posts) == ((1, 2), (2, 3), (5,), (), (), ())


def test_sources_that_are_not_earlier_posts_are_not_replies():
    posts = thread((), (1,), (5,), (-1,))
    assert quoted_by(posts) == ((), (), (), ())
    assert reply_tree(posts).parent == (None, 0, 0, 0)


def test_a_post_answers_the_earliest_post_it_quotes_and_quiet_posts_stay_under_the_opening_post():
    posts = thread((), (), (1,), (2, 1), (), (3,))
    tree = reply_tree(posts)
    assert tree.parent == (None, 0, 1, 1, 0, 3)
    assert tree.children == ((1, 4), (2, 3), (), (5,), (), ())
    assert tree.size == (5, 3, 0, 1, 0, 0)
    assert tree.walk() == [(0, 0, True), (1, 1, False), (2, 2, False), (3, 2, True), (5, 3, True), (4, 1, True)]
    assert tree.ancestors(5) == [3, 1, 0]


def test_a_folded_post_hides_its_subtree_only():
    tree = reply_tree(thread((), (), (1,), (2, 1), (), (3,)))
    assert [row[0] for row in tree.walk(folded={1})] == [0, 1, 4]
    assert [row[0] for row in tree.walk(folded={3})] == [0, 1, 2, 3, 4]


def test_a_chain_of_two_thousand_replies_walks_without_recursion():
    posts = thread((), *((i,) for i in range(1999)))
    rows = reply_tree(posts).walk()
    assert len(rows) == 2000 and rows[-1] == (1999, 1999, True)


@given(st.lists(st.lists(st.integers(-2, 40), max_size=3), max_size=40))
def test_the_tree_holds_every_post_once_each_below_an_earlier_one(sources):
    posts = tuple(post(i, *(s for s in chosen)) for i, chosen in enumerate([[]] + sources))
    tree = reply_tree(posts)
    walked = [row[0] for row in tree.walk()]
    assert sorted(walked) == list(range(len(posts)))
    assert all(parent is None or parent < child for child, parent in enumerate(tree.parent))
    assert tree.size[0] == len(posts) - 1
    for source, replies in enumerate(tree.quoted_by):
        assert all(reply > source and source in {q.source for q in posts[reply].quotes} for reply in replies)


def test_participants_by_post_count_then_first_post():
    posts = (post(0, who="Ann"), post(1, who="Bob"), post(2, who="Bob"), post(3, who="Cy"), post(4, who="Ann"), post(5))
    assert participants(posts) == (("Ann", 2), ("Bob", 2), ("Cy", 1), ("member 5", 1))


def test_posts_per_month_fill_the_quiet_months_and_skip_undated_posts():
    from index.threads.activity import per_month

    dates = ["2019-11-30", None, "2020-02-01", "2019-11-02", "not a date", "2020-02-28T10:00"]
    assert per_month(dates) == [("2019-11", 2), ("2019-12", 0), ("2020-01", 0), ("2020-02", 2)]
    assert per_month([None, ""]) == []


def test_posts_over_a_threads_life_in_equal_slices():
    from index.threads.activity import over_life

    dates = ["2020-01-01", "2020-01-02", "2020-01-10", "2020-01-11", None]
    assert over_life(dates, 2) == [2, 2]
    assert over_life(dates, 10) == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert over_life(["2020-01-01"], 4) == [] and over_life(["2020-01-01", "2020-01-01"], 3) == [2, 0, 0]


def test_taking_part_names_the_regulars_and_counts_the_rest():
    from index.threads.participants import taking_part

    posts = (post(0, who="Ann"), post(1, who="Bob"), post(2, who="Bob"), post(3, who="Cy"), post(4, who="Ann"), post(5))
    assert taking_part(posts) == "4 taking part: Ann (2) · Bob (2) · 2 more with one post"
    assert taking_part(posts, shown=1) == "4 taking part: Ann (2) · 3 more"
    assert taking_part(posts[2:4]) == "2 taking part, one post each"
