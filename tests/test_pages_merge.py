"""Saved pages of one thread become one thread: in order, without doubled posts, quotes across pages found."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings, strategies as st

from index.model import Author, Paragraph
from index.threads.pages import address_key, merge_pages, page_number, title_key
from index.threads.parse import parse
from tests.pages.paged import SENTENCES, page

def read(html: str, name: str):
    return parse(html, name)


def test_pages_merge_in_order_and_the_repeated_opening_post_is_not_doubled():
    one = read(page([1, 2, 3]), "tomatoes.html")
    two = read(page([1, 4, 5], url="https://forum.example/threads/tomatoes.42/page-2"), "tomatoes-2.html")
    three = read(page([6], url="https://forum.example/threads/tomatoes.42/page-3"), "tomatoes-3.html")
    merged = merge_pages([three, one, two])  # files in any order
    assert len(merged) == 1
    thread = merged[0]
    assert [p.number for p in thread.posts] == [1, 2, 3, 4, 5, 6]
    assert [p.index for p in thread.posts] == list(range(6))
    assert thread.url == one.url and thread.title == one.title
    assert any("3 saved pages" in note for note in thread.notes)


def test_a_quote_of_an_earlier_page_is_credited_to_its_post():
    one = read(page([1, 2, 3]), "a.html")
    two = read(page([4, 5], quote=(5, 2), url="https://forum.example/threads/tomatoes.42/page-2"), "b.html")
    alone = two.posts[1].quotes[0]
    assert alone.source is None  # page 2 alone does not hold Bob's post
    thread = merge_pages([one, two])[0]
    assert [(q.source, q.source_author) for q in thread.posts[4].quotes] == [(1, "Bob")]


def test_pages_without_addresses_merge_by_title_and_the_next_post_number():
    one = read(page([1, 2], url=None), "copy 1.html")
    two = read(page([3, 4], url=None), "copy 2.html")
    assert [len(t.posts) for t in merge_pages([two, one])] == [4]
    gap = read(page([4, 5], url=None), "copy 3.html")  # #3 missing: not shown to go on
    assert len(merge_pages([one, gap])) == 2


def test_a_shared_title_with_later_dates_is_not_enough():
    # Sites that head every page with their own name: two threads, one after the other in time.
    one = read(page([1, 2], title="Our Forum", url=None, numbered=False), "a.html")
    two = read(page([3, 4], title="Our Forum", url=None, numbered=False), "b.html")
    assert len(merge_pages([one, two])) == 2
    # The same address and later dates are.
    here = read(page([1, 2], numbered=False), "c.html")
    there = read(page([3, 4], url="https://forum.example/threads/tomatoes.42/page-2", numbered=False), "d.html")
    assert len(merge_pages([here, there])) == 1


def test_threads_that_do_not_go_on_from_each_other_stay_apart():
    one = read(page([1, 2, 3]), "a.html")
    # Same title, but the second starts at #1 again with other words: another thread.
    other = read(page([1, 2]).replace(SENTENCES[0], "A different opening post about something else entirely"), "b.html")
    assert len(merge_pages([one, other])) == 2
    # Same title, no numbers and no dates: no evidence that one continues the other.
    bare_one = read(page([1, 2], url=None, dated=False, numbered=False), "c.html")
    bare_two = read(page([3, 4], url=None, dated=False, numbered=False), "d.html")
    assert len(merge_pages([bare_one, bare_two])) == 2
    # One title, two addresses: two threads.
    here = read(page([1, 2], url="https://forum.example/threads/tomatoes.42/"), "e.html")
    there = read(page([3, 4], url="https://forum.example/threads/tomatoes.77/"), "f.html")
    assert len(merge_pages([here, there])) == 2


def test_the_same_page_saved_twice_is_one_thread():
    one = read(page([1, 2, 3]), "a.html")
    again = read(page([1, 2, 3]), "a (1).html")
    merged = merge_pages([one, again])
    assert len(merged) == 1 and len(merged[0].posts) == 3


def text_copy(thread, name: str):
    """The thread as its text copy reads: no address, authors and dates lost, a word of the page's
    buttons run into each post's text."""
    posts = tuple(replace(p, author=Author(None, f"anon{p.index}", "anonymous"), date=None, number=None,
                          blocks=(Paragraph("Reply " + " ".join(b.text for b in p.blocks)),)) for p in thread.posts)
    return replace(thread, id=f"copy-{name}", source=name, url=None, dialect="pagecopy", posts=posts)


def test_a_text_copy_and_the_saved_page_of_one_page_are_one_thread_read_from_the_saved_page():
    saved = read(page([1, 2, 3]), "b.html")
    copy = text_copy(saved, "a.txt")  # first by file name, but knows less
    merged = merge_pages([copy, saved])
    assert len(merged) == 1
    assert [p.author.name for p in merged[0].posts] == ["Alice", "Bob", "Carol"]
    assert merged[0].source == "b.html"
    assert merged[0].notes == ("a.txt is the same page as b.html; read from b.html",)  # not "merged from 2 pages"


def test_a_next_page_repeating_the_opening_post_is_not_a_copy():
    one = read(page([1, 2, 3]), "a.html")
    two = read(page([1, 4]), "b.html")  # one of its two posts is a post of page 1
    merged = merge_pages([one, two])
    assert [p.number for t in merged for p in t.posts] == [1, 2, 3, 4]


def test_threads_of_other_titles_pass_through_unchanged():
    one = read(page([1, 2]), "a.html")
    other = read(page([1, 2], title="Roses", url="https://forum.example/threads/roses.9/"), "b.html")
    assert merge_pages([one, other]) == [one, other]


def test_page_addresses_lose_their_page_part():
    base = "forum.example/threads/tomatoes.42"
    for url in ("https://www.forum.example/threads/tomatoes.42/page-3", "http://forum.example/threads/tomatoes.42/#post-9"):
        assert address_key(url) == base
    assert address_key("https://f.example/viewtopic.php?t=7&start=20&sid=x") == address_key("https://f.example/viewtopic.php?t=7")
    assert address_key("https://f.example/index.php?topic=12.40") == "f.example/index.php?topic=12"
    assert address_key("https://f.example/t/title/123/45") == "f.example/t/title/123"
    assert address_key("https://f.example/f/123-title-2.html") == address_key("https://f.example/f/123-title.html")
    assert page_number("https://f.example/showthread.php?t=5&page=3") == 3
    assert page_number("https://f.example/topic/5-title/page/4/") == 4
    assert title_key("Tomatoes and basil - Page 2") == title_key("Re: Tomatoes and Basil")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=6), st.integers(1, 5))
def test_merging_keeps_every_post_once_in_number_order(numbers, cut):
    numbers = sorted(set(numbers))
    first, second = numbers[:cut], numbers[cut:]
    pages = [read(page(first), "a.html")] + ([read(page(second, url="https://forum.example/threads/tomatoes.42/page-2"), "b.html")]
                                              if second else [])
    merged = merge_pages(pages)
    assert [p.number for t in merged for p in t.posts] == numbers


def test_each_posts_key_is_read_a_bounded_number_of_times_however_many_pages(monkeypatch):
    """Many saved pages of one thread: a page's fit is checked against the run's keys kept so far,
    not by reading every earlier post again (that grew with the square of the pages)."""
    from index.threads import pages as module

    base = read(page([1, 2, 3, 4, 5, 6]), "a.html")
    many = [replace(base, id=f"p{k}", source=f"t-{k}.html", url=f"https://forum.example/threads/tomatoes.42/page-{k + 1}",
                    posts=tuple(replace(p, number=6 * k + p.number) for p in base.posts)) for k in range(30)]
    calls = []
    real = module.post_key
    monkeypatch.setattr(module, "post_key", lambda post: calls.append(1) or real(post))
    runs = module.page_runs(many)
    assert [len(run) for run in runs] == [30]
    assert len(calls) <= 2 * 6 * 30
