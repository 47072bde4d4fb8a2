"""Markdown and text export: quotes as attributed `>` blocks, headers, signatures, inert text."""

from __future__ import annotations

from index.model import Author, Paragraph, Post, Quote, Thread
from index.threads.export import export_markdown, post_text, thread_text


def make_thread() -> Thread:
    alice = Author("alice", "k1", "alice")
    anon = Author(None, "k2", "member from Virginia, joined Oct 2015")
    posts = (
        Post(0, alice, (Paragraph("Opening words about the pact."),), number=1, joined="Mar 2019"),
        Post(1, anon, (Quote("Opening words about the pact.", 0, "alice", 1.0), Paragraph("I disagree.\x1b[31m")),
             number=2, signature="-- anon sig", edited=True),
    )
    return Thread(id="abc", title="The pact [bold]x[/bold]", source="/tmp/t.txt", dialect="historum", posts=posts,
                  forum="History > WW2")


def test_markdown_has_title_headers_and_attributed_quotes():
    md = export_markdown(make_thread())
    lines = md.splitlines()
    assert lines[0] == "# The pact [bold]x[/bold]"
    assert "## #1 · alice" in lines and "## #2 · member from Virginia, joined Oct 2015" in lines
    quote_at = lines.index("> **alice wrote in #1:**")
    assert lines[quote_at + 2] == "> Opening words about the pact."
    assert "I disagree.\\x1b[31m" in md and "\x1b" not in md
    assert "anon sig" in md and "*joined Mar 2019*" in md and "edited" in md


def test_text_shows_one_post_with_its_quote():
    text = thread_text(make_thread(), 1)
    assert "[#2] member from Virginia" in text
    assert "> alice wrote in #1:\n> Opening words about the pact." in text
    assert "[#1]" not in text
    assert text.rstrip().endswith("-- -- anon sig")


def test_an_anonymous_label_is_not_repeated_by_the_header_facts():
    anon = Author(None, "k2", "member from Madeira, Portugal, joined Mar 2019")
    post = Post(0, anon, (Paragraph("Hello."),), number=1, joined="Mar 2019", location="Madeira, Portugal",
                post_count=9, rank="Citizen")
    named = Post(1, Author("Madeira", "k3", "Madeira"), (Paragraph("Hi."),), number=2, location="Madeira")
    thread = Thread(id="t", title="T", source="/tmp/t.txt", dialect="plain", posts=(post, named))
    assert post_text(thread, post).splitlines()[0] == "[#1] member from Madeira, Portugal, joined Mar 2019 · Citizen · 9 posts"
    assert post_text(thread, named).splitlines()[0] == "[#2] Madeira · Madeira"  # a name is not a place
    assert "## #1 · member from Madeira, Portugal, joined Mar 2019" in export_markdown(thread)
    assert "*Citizen · 9 posts*" in export_markdown(thread)


def test_seed_export_attributes_the_quote_to_its_source(built_library, seed_thread_ids):
    md = export_markdown(built_library.thread(seed_thread_ids["000"]))
    assert "> **Vaeltaja wrote in #7:**" in md
    assert "> **member from Virginia, joined Oct 2015 wrote in #3:**" in md
