"""The help screen, generated from the BINDINGS of every pane (and the user's keymap), plus the query language."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

QUERY_LANGUAGE = (
    ("soviet alliance", "all words (AND), stemmed"),
    ('"mutual distrust"', "phrase"),
    ("molotov OR ribbentrop", "boolean: AND, OR, NOT, parentheses"),
    ("author:Chlodio", "field: author, title, forum, thread, location"),
    ('quoted:"carte blanche"', "words inside quotes only; own: words the author wrote"),
    ("sig:thanks", "signatures only (hidden ones too; searched by default, below a post's own words)"),
    ("date:2019 joined:>2015", "ranges where the transcript has dates"),
    ("stal*  stalin~", "wildcard, fuzzy"),
)


def binding_groups() -> list[tuple[str, list[Binding]]]:
    """Every pane's bindings, in the order a reader meets them."""
    from tui.app import ThreadReaderApp
    from tui.screens.author import AuthorScreen
    from tui.screens.main import MainScreen
    from tui.widgets.filter_box import FilterBox
    from tui.widgets.post_view import PostView
    from tui.widgets.search_bar import SearchInput
    from tui.widgets.thread_list import ThreadList

    palette = Binding(ThreadReaderApp.COMMAND_PALETTE_BINDING, "command_palette", "Command palette", id="app.palette")
    return [
        ("Everywhere", [*ThreadReaderApp.BINDINGS, palette]),
        ("Reading (any pane)", list(MainScreen.BINDINGS)),
        ("Thread list", list(ThreadList.BINDINGS)),
        ("Post view", list(PostView.BINDINGS)),
        ("Search bar", list(SearchInput.BINDINGS)),
        ("Filter box", list(FilterBox.BINDINGS)),
        ("Author view", list(AuthorScreen.BINDINGS)),
    ]


def key_rows(keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(group, [(keys as shown, description, binding id)]) with the user's keymap applied."""
    keymap = keymap or {}
    groups = []
    for title, bindings in binding_groups():
        rows = []
        for binding in bindings:
            keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = " / ".join(format_key(key.strip()) for key in keys.split(","))
            rows.append((shown, binding.description, binding.id or ""))
        groups.append((title, rows))
    return groups


def keys_markdown(keymap: Mapping[str, str] | None = None) -> str:
    """The README's "## Keys" section, generated from the same BINDINGS as the help screen."""
    lines = [
        "## Keys",
        "",
        "Every key is in the footer, in the help screen (`?`) and in the command palette (`ctrl+p`).",
        "Remap any of them in `keymap.toml` in the config directory (`$THREADREADER_CONFIG`), by binding id:",
        "",
        "    reader.next_post = \"n,J\"",
        "",
    ]
    for title, rows in key_rows(keymap):
        lines.append(f"{title}:")
        lines.append("")
        lines.extend(f"    {keys:<22}{description:<26}{binding_id}".rstrip() for keys, description, binding_id in rows)
        lines.append("")
    return "\n".join(lines)


def help_table(keymap: Mapping[str, str] | None = None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, rows in key_rows(keymap):
        table.add_row(Text(title, style="bold underline"), "")
        for keys, description, _ in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
    table.add_row(Text("Query language", style="bold underline"), "")
    for example, meaning in QUERY_LANGUAGE:
        table.add_row(Text(example), Text(meaning))
    table.add_row(Text("misspelt word"), Text("the bar offers “did you mean …”; ctrl+y accepts it"))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and query language; any of escape, q or ? closes it."""

    # The reader's own scrolling keys scroll the help too (arrows and page keys come with the scroll view).
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help", id="help.close"),
        Binding("j", "scroll('down')", "Scroll down", id="help.down", show=False),
        Binding("k", "scroll('up')", "Scroll up", id="help.up", show=False),
        Binding("space", "scroll('page_down')", "Page down", id="help.page_down", show=False),
        Binding("b", "scroll('page_up')", "Page up", id="help.page_up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "threadreader · keys"
            body.border_subtitle = "escape closes · keys remap in keymap.toml"
            yield Static(help_table(self.app.keymap_overrides), id="help-table")

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one("#help-body", VerticalScroll), f"scroll_{where}")()

    def action_close(self) -> None:
        self.dismiss(None)
