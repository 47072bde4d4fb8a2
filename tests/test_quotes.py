"""Quote reconstruction on posts written for the test: where quotes sit, whose words they are."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from index.model import Author, Paragraph, Post, Quote
from index.threads.quotes import reconstruct_quotes

A = "The treaty was signed in the spring but nobody in the cabinet believed it would hold for long."
B = "Stalin wanted a buffer zone in the west and he would take it by force if the allies refused him."
C = "Poland refused to let foreign troops cross its border under any circumstances whatsoever."


def posts_of(*bodies: str) -> tuple[Post, ...]:
    return tuple(
        Post(index=i, author=Author(None, f"k{i}", f"poster {i}"), blocks=(Paragraph(body),) if body else ())
        for i, body in enumerate(bodies)
    )


def kinds(post: Post) -> list[tuple[str, int | None]]:
    return [(b.kind, b.source if isinstance(b, Quote) else None) for b in post.blocks]


def test_whole_post_quote_at_the_start():
    result = reconstruct_quotes(posts_of(A, f"{A}\nI disagree with this completely."))
    assert kinds(result[1]) == [("quote", 0), ("text", None)]
    assert result[1].quotes[0].text == A
    assert result[1].quotes[0].score == 1.0
    assert result[1].quotes[0].source_author == "poster 0"
    assert result[1].own_text == "I disagree with this completely."


def test_quote_in_the_middle_of_a_post():
    reply = f"Let me answer step by step.\n\n{B}\n\nThat is simply not what the archives show."
    result = reconstruct_quotes(posts_of(A, B, reply))
    assert kinds(result[2]) == [("text", None), ("quote", 1), ("text", None)]
    assert result[2].blocks[0].text == "Let me answer step by step."
    assert result[2].blocks[1].text == B


def test_two_quotes_from_two_posts_in_one_post():
    reply = f"{A}\n\nFair point about the cabinet.\n\n{C}\n\nAnd that decided everything."
    result = reconstruct_quotes(posts_of(A, B, C, reply))
    assert kinds(result[3]) == [("quote", 0), ("text", None), ("quote", 2), ("text", None)]
    assert result[3].own_text == "Fair point about the cabinet.\n\nAnd that decided everything."


def test_part_of_a_paragraph_is_quoted():
    source = f"{A} {B} {C}"
    reply = f"{B}\nRubbish, he never planned that."
    result = reconstruct_quotes(posts_of(source, reply))
    assert kinds(result[1]) == [("quote", 0), ("text", None)]
    assert result[1].quotes[0].text == B


def test_fuzzy_quote_with_a_fixed_typo_scores_below_one():
    typo = A.replace("believed", "beleived")
    result = reconstruct_quotes(posts_of(typo, f"{A}\nIt held for a year."))
    quote = result[1].quotes[0]
    assert quote.source == 0 and quote.text == A
    assert 0.9 <= quote.score < 1.0


def test_requote_is_attributed_to_the_original_author():
    second = f"{A}\nYes, and the spring talks failed too."
    third = f"{A}\nNo, it held longer than that."
    result = reconstruct_quotes(posts_of(A, second, third))
    assert [q.source for q in result[2].quotes] == [0]


def test_quoting_a_reply_that_quoted_someone_splits_by_author():
    reply = "Yes, and the spring talks failed for the same reasons everyone knew about."
    second = f"{A}\n{reply}"
    third = f"{A}\n{reply}\nYou both forget the French."
    result = reconstruct_quotes(posts_of(A, second, third))
    assert kinds(result[2]) == [("quote", 0), ("quote", 1), ("text", None)]


def test_short_repeats_and_outside_citations_are_not_quotes():
    first = 'As Taylor said: "the war was an accident of timing and nothing more" in his book.'
    second = "I think in the end the war was an accident for sure."
    third = '"The British wanted a pact that would defend others and so deter Hitler without war."'
    result = reconstruct_quotes(posts_of(first, second, third))
    assert all(post.quotes == () for post in result)


def test_own_words_are_never_lost():
    reply = f"Before.\n{A}\nBetween, on its own line.\n{C} After on the same line? no"
    result = reconstruct_quotes(posts_of(A, C, reply))
    rebuilt = " ".join(b.text for b in result[2].blocks).split()
    assert rebuilt == reply.split()


def test_input_posts_are_not_changed_and_result_is_deterministic():
    posts = posts_of(A, f"{A}\nreply one", f"{B}\n{A}\nreply two")
    first, second = reconstruct_quotes(posts), reconstruct_quotes(posts)
    assert first == second
    assert posts[1].blocks == (Paragraph(f"{A}\nreply one"),)


def test_many_posts_and_quotes_reconstruct_every_quote():
    rng = random.Random(7)
    vocabulary = ["".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(3000)]
    sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 30))) + "." for _ in range(400)]
    bodies = []
    for i, sentence in enumerate(sentences):
        if i and i % 4 == 0:
            bodies.append(f"{sentences[i - 3]}\n{sentence}")
        else:
            bodies.append(sentence)
    result = reconstruct_quotes(posts_of(*bodies))
    for i, post in enumerate(result):
        expected = [i - 3] if i and i % 4 == 0 else []
        assert [q.source for q in post.quotes] == expected, i


# -- the kinds of quotes people write (issue 13) ---------------------------------------------------

D = "Uniforms create unity in schools and nobody has shown me otherwise in forty years of teaching."


def test_short_line_repeating_a_recent_sentence_and_answered_is_a_quote():
    first = f"{A} Uniforms create unity. That is all I am saying."
    reply = "Uniforms create unity\nNo, they create resentment among the older pupils."
    result = reconstruct_quotes(posts_of(first, reply))
    assert kinds(result[1]) == [("quote", 0), ("text", None)]
    assert result[1].quotes[0].text == "Uniforms create unity"
    assert 0 < result[1].quotes[0].score < 1.0, "a short quote is less certain than a long one"


def test_short_line_or_a_clause_of_a_wrapped_paragraph_is_found():
    first = "We need better courts, fairer laws,\nand ELECTIONS.\nNothing else will do it."
    second = "Trains get quicker every single year. Faster than\nseasons change, they say. I doubt it."
    third = "and ELECTIONS.\nWe had those and they changed nothing.\nFaster than seasons change\nHardly."
    result = reconstruct_quotes(posts_of(first, second, third))
    assert [(q.source, q.text) for q in result[2].quotes] == [(0, "and ELECTIONS."), (1, "Faster than seasons change")]


def test_stock_phrases_and_unanswered_lines_are_not_short_quotes():
    first = f"I don't think so.\n{A}\nIn my opinion"
    second = "I don't think so.\nThe cabinet was divided from the start.\nIn my opinion"
    third = f"{B}\nUniforms create unity"
    fourth = "Uniforms create unity"  # the post's last line: nothing answers it
    result = reconstruct_quotes(posts_of(first, second, third, fourth))
    assert result[1].quotes == () and result[3].quotes == ()


def test_reply_opening_with_the_words_the_source_had_next_stays_the_repliers():
    source = "The pact was signed in August by both foreign ministers in Moscow. Nobody believed it would last."
    reply = "The pact was signed in August by both foreign ministers in Moscow.\nNobody believed it? Everyone did."
    result = reconstruct_quotes(posts_of(source, reply))
    assert result[1].quotes[0].text.endswith("in Moscow.")
    assert result[1].own_text == "Nobody believed it? Everyone did."


def test_quote_with_its_last_word_edited_is_not_cut_short():
    reply = A.replace("long.", "lnog.") + "\nIt held for a year."
    result = reconstruct_quotes(posts_of(A, reply))
    assert result[1].quotes[0].text == A.replace("long.", "lnog.")
    assert result[1].own_text == "It held for a year."


def test_trimmed_quote_and_ellipsis_cut():
    source = f"{A} {B} {C}"
    trimmed = " ".join(A.split()[2:-2])
    cut = " ".join(A.split()[:7]) + " ... " + " ".join(C.split()[3:])
    result = reconstruct_quotes(posts_of(source, f"{trimmed}\nWhy trim it?", f"{cut}\nThat skips Stalin."))
    assert [(q.source, q.text) for q in result[1].quotes] == [(0, trimmed)]
    assert [(q.source, q.text) for q in result[2].quotes] == [(0, cut)]
    assert result[2].own_text == "That skips Stalin."


def test_rewrapped_quote_with_marker_leftovers_is_one_block():
    wrapped = "> " + A[:40].rstrip() + "\n> " + A[40:].lstrip()
    for text in (wrapped, f"Quote:\n{A}", f'"{A}"', f"Chlodio said:\n{A}"):
        result = reconstruct_quotes(posts_of(A, f"{text}\nAnd it did not hold."))
        assert kinds(result[1]) == [("quote", 0), ("text", None)], text
        assert result[1].own_text == "And it did not hold."


def test_requote_chain_of_four_goes_to_the_first_writer():
    bodies = [D]
    for n in range(4):
        bodies.append(f"{D}\nReply number {n} says something else entirely about the matter.")
    result = reconstruct_quotes(posts_of(*bodies))
    assert [q.source for post in result[1:] for q in post.quotes] == [0, 0, 0, 0]


def test_quote_mixing_two_posts_is_split_at_the_seam():
    second = f"{A}\n{D}"
    third = f"{A}\n{D}\nYou two agree more than you think."
    result = reconstruct_quotes(posts_of(A, second, third))
    assert [(q.source, q.text) for q in result[2].quotes] == [(0, A), (1, D)]


def test_text_in_quotation_marks_from_outside_the_thread_stays_own():
    reply = f'"{C}"\nThat is what the treaty said, word for word.'
    result = reconstruct_quotes(posts_of(A, B, reply))
    assert result[2].quotes == ()


def test_a_long_thread_keeps_finding_quotes_of_recent_posts():
    # More entries than the index keeps: the oldest are forgotten, recent quotes are still found.
    from index.threads import shingles

    rng = random.Random(3)
    vocabulary = ["".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3)) for _ in range(5000)]
    bodies = [" ".join(rng.choice(vocabulary) for _ in range(60)) + "." for _ in range(120)]
    bodies += [f"{bodies[-1]}\nA reply."]
    old = shingles.CAP, shingles.BUFFER, shingles.SEGMENT_MAX
    shingles.CAP, shingles.BUFFER, shingles.SEGMENT_MAX = 600, 64, 256
    try:
        result = reconstruct_quotes(posts_of(*bodies))
    finally:
        shingles.CAP, shingles.BUFFER, shingles.SEGMENT_MAX = old
    assert [q.source for q in result[-1].quotes] == [119]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab .…-_'\"\n\tß>:,!?é") + ["...", "İ"]), max_size=40).map("".join))
def test_word_ids_and_character_spans_agree(text):
    from index.threads.words import Vocabulary, spans

    vocabulary = Vocabulary()
    ids, found = vocabulary.ids_of(text), spans(text)
    assert len(ids) == len(found)
    assert [vocabulary.words[i] for i in ids] == [" ".join(vocabulary.words[j] for j in vocabulary.ids_of(text[a:b]))
                                                  for a, b in found]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_is_normalised_as_the_general_rule_does(text):
    from index.threads.words import _CUT, _NOT_WORD_OR_SPACE, normalise

    assert normalise(text) == _NOT_WORD_OR_SPACE.sub("", _CUT.sub(" ", text.casefold()))
