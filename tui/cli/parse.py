"""`threadreader parse FILE [--json]`: show how a transcript parses, as an outline or as JSON."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING

from index.errors import TranscriptError
from index.model import Post, Thread
from index.textsafety import one_line, printable
from tui.counts import plural

if TYPE_CHECKING:  # rich.console and rich.text cost ~20 ms: every command loads this module, only parse needs them
    from rich.console import Console
    from rich.text import Text

# JSON escapes C0 controls itself; C1 controls and bidi/format characters it would print raw.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "parse",
        parents=[common],
        help="show how a transcript parses: posts, headers, quotes and their sources, signatures",
        description="Parse a transcript file and print its posts as an outline, or every field as JSON.",
    )
    parser.add_argument("file", metavar="FILE", help="a transcript: a text copy (.txt) or a saved web page (.html, .htm, .mht)")
    parser.add_argument("--json", action="store_true", help="print every field as JSON")
    parser.add_argument("--full", action="store_true", help="print whole paragraphs, not one line each")
    parser.set_defaults(func=run_parse)


def thread_json(thread: Thread) -> dict:
    """The JSON shape of a parsed thread (DESIGN.md), with the id and counts the model derives."""
    data = thread.to_dict()
    data["post_count"] = thread.post_count
    return data


def dumps(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # json.dumps of the one character writes a surrogate pair for the astral tag characters.
    return _JSON_UNSAFE.sub(lambda m: json.dumps(m.group())[1:-1], text)


def _header(post: Post, width: int) -> Text:
    from rich.text import Text

    fields = [f"#{post.number}" if post.number is not None else f"post {post.index + 1}", post.author.label]
    if post.original_poster:
        fields.append("original poster")
    if post.date_shown or post.date:
        fields.append(post.date_shown or post.date)
    # Unnamed members are labelled by their join month and place; say each field once.
    fields += [f for f in (post.rank, post.joined, post.location) if f and f not in post.author.label]
    if post.post_count is not None:
        fields.append(plural(post.post_count, "post"))
    if post.edited:
        fields.append("edited")
    if post.likes:
        fields.append("liked by " + ", ".join(post.likes))
    if post.mentions:
        fields.append("mentions " + ", ".join(post.mentions))
    prefix = f"[{post.index}] "
    return Text(prefix, style="dim").append(one_line(" · ".join(fields), width - len(prefix)), style="bold")


def _body_line(prefix: str, text: str, full: bool, width: int, style: str = "") -> Text:
    from rich.text import Text

    if full:
        body = printable(text).replace("\n", "\n" + " " * len(prefix))
    else:
        body = one_line(text, max(width - len(prefix), 20))
    return Text(prefix, style="dim").append(body, style=style)


def outline(thread: Thread, console: Console, full: bool = False) -> None:
    """Print the thread as a readable outline; transcript text is never read as markup."""
    from rich.text import Text

    width = console.width
    console.print(Text(one_line(thread.title), style="bold underline"))
    meta = [thread.dialect, f"{thread.post_count} posts", f"{len(thread.authors)} authors"]
    if thread.chrome:
        meta.append(f"{len(thread.chrome)} page lines held aside")
    if thread.forum:
        meta.insert(0, thread.forum)
    console.print(Text(one_line(" · ".join(meta), width), style="dim"))
    if thread.url:
        console.print(Text(one_line(thread.url, width), style="dim"))
    for note in thread.notes:
        console.print(Text("note: " + one_line(note), style="yellow"))
    for post in thread.posts:
        console.print()
        console.print(_header(post, width))
        for block in post.blocks:
            if block.kind == "quote":
                origin = f"quotes [{block.source}] {block.source_author} ({block.score:.0%})"
                console.print(Text("    ┃ " + one_line(origin, width - 6), style="cyan"))
                console.print(_body_line("    ┃ ", block.text, full, width, style="italic"))
            else:
                console.print(_body_line("    ", block.text, full, width))
        if post.signature:
            console.print(_body_line("    -- ", post.signature, full, width, style="dim"))


def run_parse(args) -> int:
    from rich.console import Console

    from index.threads.read import read_thread  # here, not at the top: ftfy and the parser cost the reader ~100 ms to start

    try:
        thread = read_thread(args.file)
    except TranscriptError as error:
        print(f"threadreader: {printable(str(error))}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(dumps(thread_json(thread)) + "\n")
        return 0
    console = Console(markup=False, highlight=False, emoji=False, soft_wrap=False)
    outline(thread, console, full=args.full)
    return 0
