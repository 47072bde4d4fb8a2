"""A thread's saved pages: each holds some of six posts, with numbers, dates, an address and quotes as asked."""

from __future__ import annotations

SENTENCES = [
    "Has anyone tried planting tomatoes next to basil in a cold greenhouse this spring",
    "Yes, basil keeps the whiteflies away and both like the same warm soil in my experience",
    "Thanks both, I will sow them together on Saturday and report back here afterwards",
    "Sown today, the first leaves of basil are out and the tomatoes look happy so far",
    "Mine bolted in the heat of July, so keep the greenhouse door open on warm days",
    "Good point, I had not thought about the heat, I will put up some shade netting too",
]
NAMES = ["Alice", "Bob", "Carol", "Alice", "Dave", "Alice"]


def page(numbers: list[int], title: str = "Tomatoes and basil", url: str | None = "https://forum.example/threads/tomatoes.42/",
         quote: tuple[int, int] | None = None, dated: bool = True, numbered: bool = True) -> str:
    """A saved page holding the posts with these numbers (1-based); `quote`: (post, quoted post) pairs."""
    posts = []
    for n in numbers:
        i = n - 1
        body = f"<p>{SENTENCES[i]}</p>"
        if quote and quote[0] == n:
            q = quote[1] - 1
            body = f'<blockquote class="quote" data-author="{NAMES[q]}"><p>{SENTENCES[q]}</p></blockquote>' + body
        date = f"<time datetime='2021-03-{n:02d}T10:00:00Z'>Mar {n}, 2021</time>" if dated else ""
        number = f"<a href='#post-{n}'>#{n}</a>" if numbered else ""
        posts.append(f"<article class='message'><div class='head'><a href='/members/{NAMES[i].lower()}.{i}/'>{NAMES[i]}</a>"
                     f"{date}{number}</div><div class='body'>{body}</div></article>")
    link = f"<link rel='canonical' href='{url}'>" if url else ""
    return (f"<!DOCTYPE html><html><head><title>{title} | Forum</title>{link}</head><body><h1>{title}</h1>"
            f"<div class='posts'>{''.join(posts)}</div></body></html>")
