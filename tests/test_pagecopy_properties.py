"""Properties of the page-copy dialect on generated forum pages: posts are found and no line is lost."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from index.threads.parse import parse

WORD = st.text(st.characters(categories=("Ll",), max_codepoint=0x7F), min_size=2, max_size=9)
NAME = st.builds(lambda a, n: f"{a}{n}", WORD, st.integers(0, 99))
SENTENCE = st.lists(WORD, min_size=6, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
BODY = st.lists(SENTENCE, min_size=1, max_size=3).map("\n".join)
# Menu lines: capitalised words, as navigation prints them.
CHROME = st.lists(
    st.lists(WORD.map(str.capitalize), min_size=2, max_size=3).map(" ".join), min_size=0, max_size=6, unique=True
)
STYLES = ("{name}\n{date}\n#{n}", "{name} {date} #{n}", "by {name} » {date}", "{date} #{n}\n{name}")
DATES = ("Mar {d}, 2020", "{d}. März 2020 um 10:{d:02d}", "{d:02d}.04.2020, 12:30", "le {d} mai 2020 à 9h{d:02d}")
BUTTONS = ("Reply", "Antworten", "Répondre Citer", "Like Reply", "")


@st.composite
def page(draw):
    style = draw(st.sampled_from(STYLES))
    dates = draw(st.sampled_from(DATES))
    button = draw(st.sampled_from(BUTTONS))
    names = draw(st.lists(NAME, min_size=2, max_size=6))
    parts = draw(CHROME)
    for n, name in enumerate(names, 1):
        date = dates.format(d=min(n, 28))
        parts.append(style.format(name=name, date=date, n=n))
        parts.append(draw(BODY))
        if button:
            parts.append(button)
    parts += draw(CHROME)
    return "\n".join(parts) + "\n", names


def _post_text(thread) -> str:
    return "\n".join(
        "\n".join([block.text for block in post.blocks] + [post.signature or ""]) for post in thread.posts
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_every_line_is_in_a_post_the_title_or_the_chrome(generated):
    text, _ = generated
    thread = parse(text, "page.txt")
    chrome = set(thread.chrome)
    # Quote reconstruction may cut a line where an earlier post's words end: compare words, line by line.
    posts = set(re.findall(r"\w+", _post_text(thread)))
    for line in text.splitlines():
        line = line.strip()
        if line and line not in chrome and line != thread.title:
            assert set(re.findall(r"\w+", line)) <= posts, line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
@example(("aa0 Mar 1, 2020 #1\nAa aa aa aa aa aa.\nReply\nno0 Mar 2, 2020 #2\nAa aa aa aa aa aa.\nReply\n",
          ["aa0", "no0"]))  # a name, not "No. 0"
def test_each_header_starts_a_post_with_its_author(generated):
    text, names = generated
    thread = parse(text, "page.txt")
    assert thread.dialect == "pagecopy"
    assert [post.author.name for post in thread.posts] == names
    # Each post's text begins with its first sentence (a post repeating an earlier one is a quote of it).
    assert all(re.match(r"[A-Z]", post.blocks[0].text) for post in thread.posts)
