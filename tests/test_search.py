"""Search on a real index built from transcripts/: every query form, snippets, did-you-mean, bad input."""

from __future__ import annotations

import pytest


def hits(page):
    return [(group.thread.id, hit.post_index) for group in page.results for hit in group.hits]


def highlighted(hit):
    return [hit.snippet[start:end].lower() for start, end in hit.highlights]


def test_author_field_finds_chlodios_post(built_library, seed_thread_ids):
    page = built_library.search("author:Chlodio")
    assert hits(page) == [(seed_thread_ids["000"], 3)]
    assert page.results[0].best.number == 4
    assert page.results[0].best.snippet.startswith('The Soviets only "allied"')


def test_words_are_anded_and_stemmed_with_highlights(built_library, seed_thread_ids):
    page = built_library.search("soviet alliance")
    assert page.total_posts >= 2
    found = hits(page)
    assert (seed_thread_ids["001"], 4) in found  # "called for a Soviet alliance"
    for group in page.results:
        for hit in group.hits:
            words = highlighted(hit)
            assert any(w.startswith("soviet") for w in words) or any(w.startswith("allian") for w in words)


def test_phrase_highlights_both_words(built_library, seed_thread_ids):
    page = built_library.search('"mutual distrust"')
    found = hits(page)
    assert (seed_thread_ids["000"], 2) in found and (seed_thread_ids["000"], 3) in found
    for group in page.results:
        for hit in group.hits:
            assert {"mutual", "distrust"} <= set(highlighted(hit))
    # Post 5 quotes post 2's words: it matches, but below the posts that wrote them.
    order = [index for _, index in found]
    assert order.index(5) > order.index(2)


def test_quoted_and_own_fields_split_a_quote_from_its_source(built_library, seed_thread_ids):
    quoted = built_library.search('quoted:"carte blanche"')
    own = built_library.search('own:"carte blanche"')
    assert hits(quoted) == [(seed_thread_ids["000"], 8)]
    assert hits(own) == [(seed_thread_ids["000"], 6)]
    assert highlighted(quoted.results[0].best) == ["carte", "blanche"]


def test_boolean_or_not_and_parentheses(built_library):
    either = built_library.search("molotov OR ribbentrop")
    molotov = built_library.search("molotov")
    assert either.total_posts >= molotov.total_posts > 0
    without = built_library.search("molotov NOT ribbentrop")
    assert without.total_posts < molotov.total_posts
    grouped = built_library.search("(molotov OR ribbentrop) AND pact")
    assert 0 < grouped.total_posts <= either.total_posts


def test_title_forum_location_and_thread_fields(built_library, seed_thread_ids):
    assert {g.thread.id for g in built_library.search("title:alliance").results} == {seed_thread_ids["000"]}
    forum = built_library.search("forum:moviechat")
    assert {g.thread.id for g in forum.results} == {seed_thread_ids["002"]}
    virginia = built_library.search("location:Virginia")
    assert sorted(i for _, i in hits(virginia)) == [2, 7, 9]
    inside = built_library.search(f"stalin thread:{seed_thread_ids['001']}")
    assert {g.thread.id for g in inside.results} == {seed_thread_ids["001"]}


def test_joined_year_and_open_range(built_library):
    joined_2014 = built_library.search("joined:2014")
    assert sorted(i for _, i in hits(joined_2014)) == [1, 5, 8]  # Mar 2014 twice, May 2014
    after_2015 = sorted(i for group in built_library.search("joined:>2015").results for i in
                        [h.post_index for h in group.hits])
    assert after_2015 and built_library.search("joined:>2015").total_posts == 3  # Mar 2019 twice, Aug 2016


def test_wildcard_and_fuzzy_expand(built_library):
    prefix = built_library.search("stal*")
    assert any("stalinist" in highlighted(h) for g in prefix.results for h in g.hits)
    fuzzy = built_library.search("staline~")
    assert fuzzy.total_posts >= built_library.search("stalin").total_posts


def test_did_you_mean_from_the_librarys_words(built_library):
    assert built_library.search("stallin").suggestion == "stalin"
    # Nothing matched the misspelling: the corrected query's results are shown at once, and said so.
    shown = built_library.search("stallin")
    assert shown.showing == "stalin" and shown.total_posts == built_library.search("stalin").total_posts
    assert "showing results for “stalin”" in shown.notice
    assert built_library.search("molotow").suggestion == "molotov"
    assert built_library.search("stalin").suggestion is None


def test_did_you_mean_a_misspelt_word_beside_words_with_plenty_of_hits(built_library):
    typed = built_library.search("stalin OR molotof")
    assert typed.suggestion == "stalin OR molotov" and typed.showing == "stalin OR molotov"
    assert typed.total_posts == built_library.search("stalin OR molotov").total_posts
    assert "as typed" in typed.notice
    assert built_library.search("stalin OR molotov").suggestion is None  # every word is used: nothing to offer


def test_did_you_mean_weighs_corrections_by_the_querys_other_words(built_library):
    # Alone, "cuases" is one edit from "cases" and "causes", and "cases" is the commoner; beside
    # "about", only "causes" is in a post with it: that is the post the user remembers.
    assert built_library.search("cuases").suggestion == "cases"
    page = built_library.search("cuases about")
    assert page.suggestion == "causes about" and page.showing == "causes about"
    assert page.total_posts == built_library.search("causes about").total_posts > 0


@pytest.mark.parametrize("query", ["(((", "author:", '"unclosed', "AND OR", "NOT", "title:(", "joined:[2014 TO"])
def test_malformed_queries_never_raise(built_library, query):
    page = built_library.search(query)
    assert page.total_posts == sum(group.matched for group in page.results)
    for group in page.results:
        for hit in group.hits:
            assert all(0 <= s < e <= len(hit.snippet) for s, e in hit.highlights)


@pytest.mark.parametrize("query", ['"stalin', "stalin (((", "stalin )"])
def test_a_broken_query_around_a_real_word_still_finds_it(built_library, query):
    assert built_library.search(query).total_posts == built_library.search("stalin").total_posts


@pytest.mark.parametrize("query", ["(((", "AND OR", "NOT", "*"])
def test_a_query_with_no_words_says_so(built_library, query):
    page = built_library.search(query)
    assert page.results == () and page.notice


def test_unparseable_query_falls_back_to_words_and_says_so(built_library):
    page = built_library.search("stalin joined:[ TO")  # a range Whoosh cannot parse
    assert page.total_posts > 0
    assert page.notice is not None and "plain words" in page.notice
    nothing = built_library.search("AND OR")
    assert nothing.results == () and nothing.notice


def test_empty_query_is_an_empty_page(built_library):
    page = built_library.search("   ")
    assert page.results == () and page.total_posts == 0 and page.notice is None


def test_groups_by_thread_with_counts_and_paging(built_library):
    page = built_library.search("stalin", pagelen=1)
    assert len(page.results) == 1 and page.total_threads == 3
    assert page.results[0].matched >= len(page.results[0].hits)
    seen = {built_library.search("stalin", pagelen=1, page=n).results[0].thread.id for n in (1, 2, 3)}
    assert len(seen) == 3
    assert built_library.search("stalin", pagelen=1, page=4).results == ()
    assert sum(g.matched for g in built_library.search("stalin").results) == page.total_posts


@pytest.mark.parametrize("max_hits", [1, 2, 4, 5, 50])
def test_max_hits_makes_the_first_hits_of_the_page_and_no_more(built_library, max_hits):
    full = built_library.search("stalin")
    flat = [(group.thread.id, hit) for group in full.results for hit in group.hits]
    assert len(flat) > 4 and any(len(group.hits) > 1 for group in full.results)  # threads of several hits
    cut = built_library.search("stalin", max_hits=max_hits)
    assert [(group.thread.id, hit) for group in cut.results for hit in group.hits] == flat[:max_hits]
    assert all(group.hits for group in cut.results)  # no group left without a hit to show
    assert [group.matched for group in cut.results] == [group.matched for group in full.results][:len(cut.results)]
    assert (cut.total_posts, cut.total_threads, cut.suggestion) == (full.total_posts, full.total_threads, full.suggestion)


def test_search_within_a_thread_lists_every_hit(built_library, seed_thread_ids):
    thread_id = seed_thread_ids["000"]
    page = built_library.search("stalin", thread_id=thread_id, sort="post")
    indices = [h.post_index for h in page.results[0].hits]
    assert len(page.results) == 1 and indices == sorted(indices)
    assert len(indices) == page.total_posts == page.results[0].matched


def test_sort_by_date_still_finds_everything(built_library):
    by_date = built_library.search("stalin", sort="date")
    assert by_date.total_posts == built_library.search("stalin").total_posts


def test_did_you_mean_never_changes_a_word_the_library_has_or_a_stop_word(built_library):
    # Stop words are not indexed, so they once looked misspelt ("that" -> "what").
    assert built_library.search("that would fall into the stallin").suggestion == "that would fall into the stalin"
    words = built_library._stored.vocabulary()
    assert len(words) > 500
    speller_words = [w for w in words[::7] if len(w) >= 3][:200]
    for word in speller_words:
        # "stallin" is misspelt and gets corrected; the library's own word beside it never does.
        suggestion = built_library.search(f"{word} stallin").suggestion
        assert suggestion == f"{word} stalin", (word, suggestion)


def test_signature_words_are_found_below_the_posts_that_wrote_them(built_library):
    # Seed 002 signs posts with "Who knows where the time goes?": hidden as a signature, not lost.
    page = built_library.search('"where the time goes"')
    assert page.total_posts >= 2
    assert all("time goes" in hit.snippet for group in page.results for hit in group.hits)
    fielded = built_library.search('sig:"where the time goes"')
    assert fielded.total_posts == page.total_posts
    assert built_library.search('own:"where the time goes"').total_posts == 0


def test_a_word_only_in_a_title_finds_the_thread_first_without_making_its_posts_match(tmp_path):
    library = _library_with(tmp_path, {
        "a.txt": "Zeppelin hangars of the north\n-----\nI visited one last summer.\n-----\n"
                 "Which one did you see?\n-----\nThe big one near the coast.\n",
        "b.txt": "Airships in general\n-----\nA zeppelin is a rigid airship.\n-----\nYes, and slow.\n",
    })
    page = library.search("zeppelin")
    assert page.total_threads == 2 and page.total_posts == 1  # one post wrote the word; one title holds it
    titled = next(group for group in page.results if group.thread.title.startswith("Zeppelin"))
    assert titled.matched == 0 and titled.hits[0].post_index == 0
    assert page.results[0] is titled  # a title match ranks first
    assert sum(group.matched for group in page.results) == page.total_posts
    library.close()


def test_links_addresses_and_code_words_are_found_by_their_parts_and_whole(tmp_path):
    library = _library_with(tmp_path, {"links.txt": (
        "Pasted links\n-----\nThe picture is at http://www.example.com/gallery/showthread.aspx?imageid=77\n-----\n"
        "Mail me at jo.doe@mailhost.org or set max_posts_per_page in the config.\n")})
    for query, post in (("aspx", 0), ("imageid", 0), ("showthread.aspx", 0), ("example", 0),
                        ("mailhost", 1), ("jo.doe@mailhost.org", 1), ("max_posts_per_page", 1), ("posts per page", 1)):
        page = library.search(query)
        assert [hit.post_index for group in page.results for hit in group.hits] == [post], query
        hit = page.results[0].hits[0]
        assert hit.highlights, query  # the word shown lit in the snippet
    library.close()


def test_a_phrase_running_from_a_quote_into_the_reply_finds_the_post(tmp_path):
    library = _library_with(tmp_path, {"seam.txt": (
        "Seams\n-----\nThe harbour master kept every ledger from the war years in the cellar.\n-----\n"
        "The harbour master kept every ledger from the war years in the cellar.\n"
        "Flooded twice since then, sadly.\n\nA second paragraph\nrunning over two lines.\n")})
    reply = library.thread(library.threads()[0].id).posts[1]
    assert [block.kind for block in reply.blocks][:2] == ["quote", "text"]
    for phrase, posts in (('"years in the cellar flooded twice"', [1]), ('"paragraph running over"', [1]),
                          ('"in the cellar"', [0, 1]), ('"cellar sadly"', [])):
        page = library.search(phrase)
        assert sorted(hit.post_index for group in page.results for hit in group.hits) == posts, phrase
    assert library.search('own:"cellar flooded"').total_posts == 0  # own: holds the reply's words only
    library.close()


def _library_with(tmp_path, files: dict[str, str]):
    """A fresh library holding one thread per (file name, text)."""
    from index.library.store import Library

    folder = tmp_path / "threads"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    library = Library.open(tmp_path / "library")
    library.import_paths([folder])
    return library
