"""Several pages of one thread copied one after another into one text become one thread: small copies written here."""

from __future__ import annotations

from index.threads.parse import parse

TOP = """Log in Register
Forums > Garden > Vegetables
Tomatoes in pots
"""
FOOTER = """Terms and rules
Privacy policy
"""
POSTS = {
    1: "anna\nMay 1, 2020\n#1\nWhich tomatoes grow well in pots on a sunny balcony, and how big should the pots be?\nLike Reply\n",
    2: "ben\nMay 1, 2020\n#2\nCherry tomatoes do well, in pots of twenty litres or more with a stake for each plant.\nLike Reply\n",
    3: "cora\nMay 2, 2020\n#3\nWater them every day in summer, the pots dry out much faster than a garden bed does.\nLike Reply\n",
    4: "anna\nMay 3, 2020\n#4\nThank you both, I bought three big pots and two cherry tomato plants this morning.\nLike Reply\n",
    5: "dirk\nMay 4, 2020\n#5\nAdd some mulch on top of the soil, it keeps the water in for much longer on hot days.\nLike Reply\n",
}


def _copy(numbers: list[int], page: int) -> str:
    return TOP + f"Page {page} of 2\n" + "".join(POSTS[n] for n in numbers) + FOOTER


def test_two_page_copies_in_one_text_are_one_thread_in_order_without_doubles():
    # Page 2 shows the opening post again on top, as some forums do.
    thread = parse(_copy([1, 2, 3], 1) + _copy([1, 4, 5], 2), "tomatoes.txt")
    assert [post.number for post in thread.posts] == [1, 2, 3, 4, 5]
    assert [post.author.name for post in thread.posts] == ["anna", "ben", "cora", "anna", "dirk"]
    assert [post.index for post in thread.posts] == list(range(5))
    third = "\n".join(block.text for block in thread.posts[2].blocks)
    assert "Privacy policy" not in third and "Log in Register" not in third  # the page between is chrome
    assert "Privacy policy" in thread.chrome
    assert thread.title == "Tomatoes in pots"


def test_page_copies_pasted_out_of_order_come_back_in_order():
    thread = parse(_copy([4, 5], 2) + _copy([1, 2, 3], 1), "tomatoes.txt")
    assert [post.number for post in thread.posts] == [1, 2, 3, 4, 5]


def test_one_page_copy_is_read_as_before():
    thread = parse(_copy([1, 2, 3], 1), "tomatoes.txt")
    assert [post.number for post in thread.posts] == [1, 2, 3]
    assert not any("page copies" in note for note in thread.notes)
