"""A thread as Markdown or plain text, with quotes as "> " blocks attributed to the quoted post (pure)."""

from __future__ import annotations

from index.model import Post, Quote, Thread
from index.textsafety import printable


def _name(thread: Thread, index: int | None) -> str:
    """How a post is referred to: its forum number (#N) when shown, else its position."""
    if index is None or not 0 <= index < len(thread.posts):
        return "an earlier post"
    post = thread.posts[index]
    return f"#{post.number}" if post.number is not None else f"post {index + 1}"


def _header_facts(post: Post) -> list[str]:
    # What an anonymous label already says ("member from Madeira, joined Mar 2019") is not said again.
    said = post.author.label if post.author.name is None else ""
    facts = []
    if post.rank and post.rank not in said:
        facts.append(post.rank)
    if post.joined and post.joined not in said:
        facts.append(f"joined {post.joined}")
    if post.post_count is not None:
        facts.append(f"{post.post_count:,} posts")
    if post.location and post.location not in said:
        facts.append(post.location)
    if post.date:
        facts.append(post.date)
    if post.edited:
        facts.append("edited")
    if post.likes:
        facts.append("liked by " + ", ".join(post.likes))
    return [printable(fact) for fact in facts]


def _attribution(thread: Thread, quote: Quote) -> str:
    who = quote.source_author or (
        thread.posts[quote.source].author.label if quote.source is not None and 0 <= quote.source < len(thread.posts) else None
    )
    where = _name(thread, quote.source)
    return printable(f"{who} wrote in {where}" if who else f"quoting {where}")


def _quoted(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in printable(text).splitlines()] or [">"]


def export_markdown(thread: Thread) -> str:
    """The whole thread as Markdown: a heading per post, quotes as attributed `>` blocks."""
    lines = [f"# {printable(thread.title)}", ""]
    if thread.forum:
        lines += [f"*{printable(thread.forum)}*", ""]
    lines += [f"{thread.post_count} posts · from `{printable(thread.source)}`", ""]
    if thread.url:
        lines += [f"`{printable(thread.url)}`", ""]
    for post in thread.posts:
        lines += ["---", "", f"## {_name(thread, post.index)} · {printable(post.author.label)}"]
        facts = _header_facts(post)
        if facts:
            lines += ["", "*" + " · ".join(facts) + "*"]
        lines.append("")
        for block in post.blocks:
            if isinstance(block, Quote):
                lines += [f"> **{_attribution(thread, block)}:**", ">", *_quoted(block.text), ""]
            else:
                lines += [printable(block.text), ""]
        if post.signature:
            lines += ["<sub>" + " ".join(printable(post.signature).split()) + "</sub>", ""]
    return "\n".join(lines).rstrip() + "\n"


def post_text(thread: Thread, post: Post) -> str:
    """One post as plain text: a header line, quotes as "> " blocks, the signature after "-- "."""
    header = f"[{_name(thread, post.index)}] {printable(post.author.label)}"
    facts = _header_facts(post)
    lines = [header + (" · " + " · ".join(facts) if facts else "")]
    for block in post.blocks:
        lines.append("")
        if isinstance(block, Quote):
            lines += [f"> {_attribution(thread, block)}:", *_quoted(block.text)]
        else:
            lines.append(printable(block.text))
    if post.signature:
        lines += ["", "-- " + printable(post.signature)]
    return "\n".join(lines)


def thread_text(thread: Thread, post_index: int | None = None) -> str:
    """The thread (or one post of it) as plain text for `threadreader show`."""
    title = printable(thread.title)
    lines = [title]
    if thread.forum:
        lines.append(printable(thread.forum))
    if thread.url:
        lines.append(printable(thread.url))
    lines.append(f"{thread.post_count} posts · {thread.id}")
    lines.append("=" * min(max(len(title), 20), 78))
    posts = thread.posts if post_index is None else [p for p in thread.posts if p.index == post_index]
    for post in posts:
        lines += ["", post_text(thread, post)]
    return "\n".join(lines) + "\n"
