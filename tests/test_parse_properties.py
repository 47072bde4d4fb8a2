"""Properties of parse(): it never raises, loses no words, and gives the same thread every time.

"No text is lost" means: every word of every input line, except blank lines, post separators,
page chrome ("reply", "Top"...), "Last edited:"/"Likes:" trailer lines and a MovieChat
breadcrumb's truncated copy of the title, occurs at least as often in the thread's output: its
title, forum, header fields (number, name, rank, joined, post count, location), blocks (text and
quotes), signatures and likes. Words are compared case-folded with punctuation dropped, and
control characters (never shown to a reader) are not text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.threads.dialects.common import CHROME_LINES
from index.model import Thread
from index.threads.parse import parse

NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parent.parent
TRAILER = re.compile(r"^\s*(last edited|likes|reactions)\b.*:", re.IGNORECASE)


def _not_text(ch: str) -> bool:
    return (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or ch in "\u200b\ufeff"


def words(text: str) -> Counter:
    text = "".join(ch for ch in text if not _not_text(ch))
    found = (re.sub(r"[\W_]+", "", w.casefold()) for w in re.findall(r"\S+", text))
    return Counter(w for w in found if w)


def input_words(text: str, thread: Thread) -> Counter:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for i, line in enumerate(lines):
        clean = "".join(ch for ch in line if not _not_text(ch)).strip()
        if not clean.strip(" \t" + NBSP) or clean.lower() in CHROME_LINES or TRAILER.match(clean):
            continue
        if thread.dialect == "moviechat" and thread.forum and clean.startswith(thread.forum):
            clean = thread.forum
        kept.append(clean)
    return words("\n".join(kept))


def output_words(thread: Thread) -> Counter:
    parts = [thread.title, thread.forum or ""]
    for post in thread.posts:
        fields = (post.number, post.author.name, post.rank, post.joined, post.post_count, post.location,
                  post.signature, " ".join(post.likes))
        parts += ["" if field is None else str(field) for field in fields]
        parts += [block.text for block in post.blocks]
    return words("\n".join(parts))


def assert_nothing_lost(text: str, thread: Thread) -> None:
    missing = input_words(text, thread) - output_words(thread)
    assert not missing, f"words lost: {dict(missing)}"


WORD = st.text(st.characters(categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=9)
LINE = st.lists(WORD, min_size=1, max_size=10).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
SHORT = st.lists(WORD, min_size=1, max_size=3).map(" ".join)  # a rank or a place, not prose
BODY = st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@st.composite
def historum(draw) -> str:
    out = [draw(LINE), ""]
    for number in range(1, draw(st.integers(1, 6)) + 1):
        if number > 1:
            out.append(draw(st.sampled_from([NBSP, f" {NBSP}\t", NBSP + " "])))
            if draw(st.booleans()):
                out.append("Last edited:")
            if draw(st.booleans()):
                out.append("Likes: " + ", ".join(draw(st.lists(WORD, min_size=1, max_size=3))))
        if draw(st.booleans()):
            out += ["", draw(WORD), ""]
            if draw(st.booleans()):
                out.append(draw(SHORT))
        out.append(f"{draw(st.sampled_from(MONTHS))} {draw(st.integers(1990, 2030))}")
        out.append(f"{draw(st.integers(0, 99999)):,}")
        if draw(st.booleans()):
            out.append(draw(SHORT))
        out += [f"#{number}", draw(BODY)]
    return "\n".join(out) + "\n"


@st.composite
def xenforo(draw) -> str:
    posts = draw(st.lists(BODY, min_size=1, max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join([draw(LINE), ""] + [p + newline + NBSP for p in posts] + ["Top", ""])


@st.composite
def moviechat(draw) -> str:
    title = draw(LINE)
    out = [f"MovieChat Forums > {draw(LINE)} Discussion > {title[:20]}...", "", title, "", ""]
    signature = draw(st.one_of(st.none(), LINE))
    for body in draw(st.lists(BODY, min_size=1, max_size=6)):
        out.append(body)
        if signature and draw(st.booleans()):
            out += ["", "", "", "", signature]
        out += ["", "reply", ""]
    return "\n".join(out)


# Plus structured dialects, quotes of earlier posts: paste a paragraph of one post into a later one.
@st.composite
def with_quotes(draw) -> str:
    posts = draw(st.lists(BODY, min_size=2, max_size=6))
    for i in range(1, len(posts)):
        if draw(st.booleans()):
            source = posts[draw(st.integers(0, i - 1))]
            posts[i] = draw(st.sampled_from(source.split("\n\n"))) + "\n\n" + posts[i]
    return "\n".join(["Quoted thread", ""] + [p + "\n" + NBSP for p in posts])


ANY_TRANSCRIPT = st.one_of(st.text(), historum(), xenforo(), moviechat(), with_quotes())
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(), st.text())
def test_parse_never_raises_on_any_text(text, name):
    thread = parse(text, name)
    assert thread.posts and thread.title
    assert [p.index for p in thread.posts] == list(range(len(thread.posts)))


@SETTINGS
@given(ANY_TRANSCRIPT)
def test_no_text_is_lost(text):
    assert_nothing_lost(text, parse(text, "t.txt"))


@SETTINGS
@given(historum())
def test_historum_posts_are_numbered_in_order(text):
    thread = parse(text, "h.txt")
    assert thread.dialect == "historum"
    assert [p.number for p in thread.posts] == list(range(1, len(thread.posts) + 1))
    assert all(p.joined for p in thread.posts)


@SETTINGS
@given(with_quotes())
def test_quotes_point_backwards_and_to_their_source_text(text):
    thread = parse(text, "q.txt")
    for post in thread.posts:
        for quote in post.quotes:
            assert quote.source is not None and quote.source < post.index
            assert quote.source_author == thread.posts[quote.source].author.label


@SETTINGS
@given(ANY_TRANSCRIPT)
def test_parse_is_deterministic(text):
    assert parse(text, "d.txt") == parse(text, "d.txt")


def test_same_thread_in_fresh_processes_with_different_hash_seeds():
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom index.threads.parse import parse\n"
        "out = [parse(p.read_text(encoding='utf-8'), p.name).to_dict() for p in sorted(Path('transcripts').glob('*.txt'))]\n"
        "print(json.dumps(out, sort_keys=True))\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert len(json.loads(runs[0])) >= 3
