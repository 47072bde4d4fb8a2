"""The parser's fast primitives (word spans and counts, shingle hashes, winnowing, greetings) agree with their plain definitions."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.threads import shingles
from index.threads.words import Vocabulary, bounds, normalise

_PART = re.compile(r"(?:(?!\.\.\.|…)\S)+")  # a word: white space and "..." cuts end it
_HAS_WORD = re.compile(r"[^\W_]")
_MASK = 2**64 - 1

pieces = st.sampled_from(["a", "Bc", "9", "_", "-", "'", ".", "..", "...", "....", "…", " ", "  ", "\n", "\t",
                          "\x1c", "\x0b", "é", "ß", "İ", "😀", "\u00a0", "\u2003", ">", ",", "!?"])
texts = st.lists(pieces, max_size=60).map("".join)


def plain_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PART.finditer(text) if _HAS_WORD.search(m.group())]


@settings(max_examples=500, deadline=None)
@given(texts)
def test_word_bounds_are_the_runs_between_white_space_and_cuts_that_hold_a_letter_or_digit(text):
    starts, ends = bounds(text)
    assert list(zip(starts, ends)) == plain_spans(text)
    assert len(starts) == len(Vocabulary().ids_of(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_word_bounds_of_any_ascii_text(text):
    assert list(zip(*bounds(text))) == plain_spans(text)
    # Told how many words ids_of keeps, bounds may skip looking for runs without a letter or digit.
    assert list(zip(*bounds(text, len(Vocabulary().ids_of(text))))) == plain_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_normalising_drops_what_the_general_rule_drops(text):
    assert normalise(text) == re.sub(r"[^\w\s]+|_+", "", re.sub(r"\.\.\.+|…", " ", text.casefold()))


def plain_hashes(ids: list[int]) -> list[int]:
    mix = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93)
    out = []
    for i in range(len(ids) - shingles.SHINGLE + 1):
        words = ids[i : i + shingles.SHINGLE]
        if 0 in words:
            out.append(_MASK)
            continue
        h = words[0] * mix[0] & _MASK
        for k in range(1, shingles.SHINGLE):
            h = ((h ^ (h >> 29)) + words[k] * mix[k]) & _MASK
        h ^= h >> 31
        h = h * mix[1] & _MASK
        h ^= h >> 32
        out.append(h)
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 3), max_size=40))
def test_shingle_hashes_are_the_mix_of_each_run_of_word_ids(ids):
    assert shingles.hashes(ids).tolist() == plain_hashes(ids)
    assert shingles.hashes(np.array(ids, dtype=np.uint64)).tolist() == plain_hashes(ids)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 50), max_size=30), st.lists(st.integers(0, 29), max_size=5))
def test_gaps_are_marked_in_hashes_made_before_the_words_were_zeroed(ids, zeroed):
    h = shingles.hashes(ids)
    own = [0 if n in zeroed else i for n, i in enumerate(ids)]
    assert shingles.without_gaps(h, own).tolist() == plain_hashes(own)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 5, 8, 2**63, _MASK - 1, _MASK]), max_size=24))
def test_winnowing_keeps_every_least_hash_of_every_window(values):
    h = np.array(values, dtype=np.uint64)
    window = shingles.WINDOW
    if len(values) <= window:
        kept = {min(range(len(values)), key=values.__getitem__)} if values else set()
    else:
        kept = set()
        for w in range(len(values) - window + 1):
            least = min(values[w : w + window])
            kept |= {p for p in range(w, w + window) if values[p] == least}
    assert shingles.winnow(h).tolist() == sorted(p for p in kept if values[p] != _MASK)


_OPENER = re.compile(
    r"(?:^|[.!?]\s+|\n)(?:sorry|thanks|thank you|hi|hello|hey|dear|well|yes|no|ok|okay|agreed|exactly|indeed)"
    r",?\s+@?([A-Za-z][\w.-]{1,30})\s*[,:!]",
    re.IGNORECASE,
)
greeting_pieces = st.sampled_from(["Sorry", "thanks", "Hi", "no", "ok", "okay", "hey", " ", "  ", "\n", "\t", ".",
                                   "!", "?", ",", ":", "@", "bob", "Al.x", "K", "ſam", "é", "1", "-"])


@settings(max_examples=500, deadline=None)
@given(st.lists(greeting_pieces, max_size=30).map("".join))
def test_openers_are_the_greetings_one_scan_finds(text):
    from index.threads.authors import openers

    assert [m.group(1) for m in openers(text)] == [m.group(1) for m in _OPENER.finditer(text)]


@given(st.text(alphabet=" \t\n\x1cab", max_size=40), st.integers(0, 9))
def test_few_words_counts_words_split_at_white_space(text, most):
    from index.threads.words import few_words

    assert few_words(text, most) == (len(text.split()) <= most)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2**32 - 1) | st.integers(0, 3), max_size=12), max_size=6))
def test_hashes_of_runs_made_together_are_each_runs_own(runs):
    assert [h.tolist() for h in shingles.hashes_of_runs(runs)] == [plain_hashes(ids) for ids in runs]


def test_changed_copies_as_dataclasses_replace_does():
    import dataclasses

    from index.model import Author, Paragraph, Post
    from index.threads.changed import changed
    from index.threads.dialects.common import RawPost

    post = Post(index=3, author=Author("ann", "k", "ann"), blocks=(Paragraph("a"),), number=4, likes=("bo",))
    raw = RawPost(body="b", name="ann", likes=["bo"])
    for item, changes in ((post, {"blocks": (Paragraph("c"),)}), (raw, {"body": "c", "likes": ["cy"]})):
        copy = changed(item, **changes)
        assert copy == dataclasses.replace(item, **changes) and copy is not item
        assert dataclasses.asdict(item) != dataclasses.asdict(copy)  # the original is untouched
        cls = type(item)
        # What changed() leans on: replace would run these, changed() would not.
        assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
        assert all(f.init for f in dataclasses.fields(cls))
    assert dataclasses.is_dataclass(post) and post.__dataclass_params__.frozen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(texts, st.sampled_from(["Fair point.", "I agree, mostly", "\n \n", "So? No!"])),
                min_size=1, max_size=3))
def test_recent_pieces_are_remembered_by_their_phrase(own_texts):
    from index.threads.short_quotes import SHORT, RecentPieces
    from index.threads.words import few_words, phrase

    # The lines, sentences and clauses of a few words, each keyed as phrase() keys it.
    expected = set()
    for text in own_texts:
        expected |= {phrase(line) for line in text.split("\n") if few_words(line, SHORT)}
        flat = "\n".join(" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text))
        for mark in ".!?;:,":
            flat = flat.replace(mark + " ", mark + "\n")
        expected |= {phrase(p) for p in flat.split("\n") if p.count(" ") < SHORT}
    expected.discard("")
    pieces = RecentPieces(Vocabulary())
    pieces.add(0, own_texts)
    assert set(pieces.posts) == expected
