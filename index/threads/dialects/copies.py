"""Several pages of one thread copied one after another into one text: where each page copy begins."""

from __future__ import annotations

from index.threads.dialects.lines import Line

# The lines a page copy begins with (the site's menu, the breadcrumb, the title) that must come back together.
TOP_LINES = 3
TOP_CHARS = 200


def page_starts(lines: list[Line], headers: list[int]) -> list[int]:
    """Where a page copy after the first begins: the lines the text begins with, printed again in order, with a post
    header after them (a menu printed again in the footer has none). `headers` are the post headers' first lines."""
    filled = [line for line in lines if line.text]
    top = [line.text for line in filled[:TOP_LINES]]
    if len(top) < TOP_LINES or any(len(text) > TOP_CHARS for text in top) or not headers:
        return []
    starts = []
    for k in range(TOP_LINES, len(filled) - TOP_LINES + 1):
        if filled[k].text == top[0] and [line.text for line in filled[k : k + TOP_LINES]] == top:
            if headers[0] < filled[k].index < headers[-1]:  # the page before holds posts, and so does this one
                starts.append(filled[k].index)
    # Each page copy must hold a post header of its own.
    bounds = starts + [len(lines)]
    return [s for s, e in zip(starts, bounds[1:]) if any(s < h < e for h in headers)]
