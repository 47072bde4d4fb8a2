"""Each dialect on small transcripts written for the test: headers, separators, trailers, chrome."""

from __future__ import annotations

from index.threads.parse import parse

NBSP = "\u00a0"

HISTORUM = f"""Who started the war?

Mar 2019
9
Madeira, Portugal
#1
Opening words of the first post go here.
{NBSP}
Last edited:
Likes: Alice, Bob and Carol

Chlodio

Ad Honorem
Aug 2016
3,831
#2
A named member answers.
 \t{NBSP}\t
Mar 2019
9
Madeira, Portugal
#3
The first member again.
{NBSP}
Last edited:
"""


def test_historum_headers_split_into_fields():
    thread = parse(HISTORUM, "h.txt")
    assert thread.dialect == "historum"
    assert thread.title == "Who started the war?"
    first, named, again = thread.posts
    assert (first.number, first.joined, first.post_count, first.location) == (1, "Mar 2019", 9, "Madeira, Portugal")
    assert first.author.name is None and first.author.label == "member from Madeira, Portugal, joined Mar 2019"
    assert (named.author.name, named.rank, named.joined, named.post_count, named.location) == (
        "Chlodio", "Ad Honorem", "Aug 2016", 3831, None)
    assert named.own_text == "A named member answers."
    assert again.author.key == first.author.key != named.author.key


def test_historum_trailers_after_a_separator_belong_to_the_post_before():
    first, named, again = parse(HISTORUM, "h.txt").posts
    assert first.edited and first.likes == ("Alice", "Bob", "Carol")
    assert not named.edited and named.likes == ()
    assert again.edited, "a trailing 'Last edited:' at the end of the file marks the last post"
    assert "Last edited" not in again.own_text and "Likes" not in named.own_text


def test_historum_name_without_rank():
    text = f"T\n\nMar 2019\n9\n#1\nfirst words\n{NBSP}\n\nVaeltaja\n\nSep 2012\n3,687\n#2\nsecond words\n"
    posts = parse(text, "t").posts
    assert posts[1].author.name == "Vaeltaja" and posts[1].rank is None and posts[1].post_count == 3687


def test_xenforo_bare_splits_on_nbsp_lines_and_drops_trailing_top():
    text = f"What if?\r\n\r\nFirst post, line one.\r\n\r\nLine two.\r\n{NBSP} \r\nSecond post.\r\n{NBSP}\r\nTop\r\n"
    thread = parse(text, "x.txt")
    assert thread.dialect == "xenforo"
    assert thread.title == "What if?"
    assert [p.own_text for p in thread.posts] == ["First post, line one.\n\nLine two.", "Second post."]
    assert all(p.author.name is None for p in thread.posts)
    assert thread.posts[0].author.key != thread.posts[1].author.key


MOVIECHAT = """MovieChat Forums > Some Film (1999) Discussion > Why does the hero never...

Why does the hero never explain himself?


The hero keeps quiet for the whole film and I wonder why.




Sig line of poster one

reply

Because explaining would ruin the ending.

reply

I agree with the second poster completely.

Sig line of poster one

reply
"""


def test_moviechat_breadcrumb_title_replies_and_signatures():
    thread = parse(MOVIECHAT, "m.txt")
    assert thread.dialect == "moviechat"
    assert thread.forum == "MovieChat Forums > Some Film (1999) Discussion"
    assert thread.title == "Why does the hero never explain himself?"
    assert [p.own_text for p in thread.posts] == [
        "The hero keeps quiet for the whole film and I wonder why.",
        "Because explaining would ruin the ending.",
        "I agree with the second poster completely.",
    ]
    assert [p.signature for p in thread.posts] == ["Sig line of poster one", None, "Sig line of poster one"]
    assert thread.posts[0].author.key == thread.posts[2].author.key != thread.posts[1].author.key


def test_plain_text_is_one_post_with_the_first_line_as_title():
    thread = parse("My notes\n\nSome words here.\nMore words.\n", "notes.txt")
    assert thread.dialect == "plain"
    assert thread.title == "My notes"
    assert len(thread.posts) == 1 and thread.posts[0].own_text == "Some words here.\nMore words."


def test_plain_text_splits_on_rule_lines():
    thread = parse("Log\n\none\n-----\ntwo\n=====\nthree\n", "log.txt")
    assert [p.own_text for p in thread.posts] == ["one", "two", "three"]


def test_empty_and_odd_inputs_still_make_a_thread():
    for text in ("", "\n\n  \n", NBSP, "reply\nreply\n", "#1\n"):
        thread = parse(text, "dir/odd name.txt")
        assert thread.title and thread.posts, repr(text)
    assert parse("", "dir/odd name.txt").title == "odd name"


def test_a_very_long_first_line_is_kept_in_the_body():
    line = "word " * 100
    thread = parse(line + "\n", "long.txt")
    assert len(thread.title) <= 160 and thread.title.endswith("…")
    assert thread.posts[0].own_text == line.strip()


def test_control_characters_never_reach_the_thread():
    thread = parse("Title\x1b[31m\n\nbody \x1b]0;pwn\x07 text\x9b here\r\n", "c.txt")
    everything = thread.title + thread.posts[0].own_text
    assert not any(ch in everything for ch in "\x1b\x07\x9b\r")
    assert "body" in everything and "text" in everything


def test_thread_id_is_stable_and_depends_on_name_and_content():
    a, b = parse(HISTORUM, "a.txt"), parse(HISTORUM, "a.txt")
    assert a.id == b.id and len(a.id) == 16
    assert parse(HISTORUM, "b.txt").id != a.id
    assert parse(HISTORUM + "x", "a.txt").id != a.id


def test_breadcrumb_title_and_reply_lines_are_read_by_structure_not_by_site_name():
    text = MOVIECHAT.replace("MovieChat Forums", "Film Talk Boards", 1)
    assert text != MOVIECHAT
    thread = parse(text, "m.txt")
    assert thread.dialect == "moviechat"
    assert thread.forum == "Film Talk Boards > Some Film (1999) Discussion"
    assert thread.title == "Why does the hero never explain himself?"
    assert len(thread.posts) == 3


def test_a_breadcrumb_without_closing_reply_line_is_not_that_dialect():
    text = "Forums > Films > A question\n\nA question\n\nSome text of the only post here.\n"
    assert parse(text, "q.txt").dialect != "moviechat"
