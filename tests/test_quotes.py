"""Quote reconstruction on posts written for the test: where quotes sit, whose words they are."""

from __future__ import annotations

import random

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
