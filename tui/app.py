"""The Textual app: ThreadReaderApp, and make_app(library) used by the command line and the tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tui.collector import CHECK_EVERY, IdleCollector, StartingUp, freeze_long_lived, release

_importing = StartingUp()  # Textual's modules live as long as the process: no passes over them as they load
try:
    from textual import events
    from textual.app import App, SystemCommand
    from textual.binding import Binding
    from textual.screen import Screen
finally:
    _importing.leave()

from tui.keymap import load_keymap
from tui.settings import load_settings, save_settings, settings_path


class ThreadReaderApp(App[None]):
    """Thread list, post view and search bar over one library."""

    CSS_PATH = "app.tcss"
    TITLE = "threadreader"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("tab", "app.focus_next", "Next pane", id="app.next_pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", id="app.previous_pane", show=False),
    ]

    def __init__(self, library, *, import_first: list[str] | None = None, keymap_file: Path | None = None,
                 settings_file: Path | None = None, notices: Iterable[str] = ()) -> None:
        super().__init__()
        self.library = library
        self.import_first = import_first
        self.notices = list(notices)  # news from before the app started (an import's failures), shown at once
        self.keymap_file = keymap_file
        self.keymap_overrides: dict[str, str] = {}
        self.settings_file = settings_file or settings_path()
        self.settings = load_settings(self.settings_file)
        theme = str(self.settings["theme"])
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.collector = IdleCollector()
        freeze_long_lived()  # the library and the modules live as long as the app
        self.starting = StartingUp()  # left at the first frame (on_mount), or when the app ends

    def get_default_screen(self) -> Screen:
        # The main screen is the first on the stack, not pushed over Textual's empty default one:
        # that one would be mounted, styled, resized and suspended too while the app starts.
        from tui.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        self.keymap_overrides, problems = load_keymap(self.keymap_file, _binding_ids())
        if self.keymap_overrides:
            self.set_keymap(self.keymap_overrides)
        for problem in [*self.notices, *problems]:
            self.notify(problem, severity="warning", timeout=10, markup=False)  # paths and TOML errors are not markup
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))
        self.call_after_refresh(self._started)

    def _started(self) -> None:
        """After the first frame: the collector back on, and idle passes from now on (one before
        it, on a slow start, would only delay it)."""
        self.starting.leave()
        self.set_interval(CHECK_EVERY, self.collector.tick, name="idle collector")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.collector.touched()
        await super().on_event(event)

    def remember(self, **choices: object) -> None:
        """Keep the reader's choices (theme, layout) for the next run."""
        if any(self.settings.get(key) != value for key, value in choices.items()):
            self.settings.update(choices)
            save_settings(self.settings_file, self.settings)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = {"quit", "command_palette"}
        for binding_info in screen.active_bindings.values():
            binding, node = binding_info.binding, binding_info.node
            if not binding.description or binding.action in seen or not binding_info.enabled:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)
            run = lambda n=node, a=binding.action: self.call_later(n.run_action, a)  # noqa: E731
            yield SystemCommand(binding.description, f"key: {key}", run)

    def on_unmount(self) -> None:
        self.starting.leave()
        release()  # what was frozen for smooth scrolling may be collected again
        for screen in self.screen_stack:
            if hasattr(screen, "flush_state"):
                screen.flush_state()
        state = getattr(self.library, "state", None)
        if state is not None:
            state.save()


def _binding_ids() -> Iterable[str]:
    """Every binding id, for checking a keymap file (only computed when there is one)."""
    from tui.screens.help import key_rows

    for _, rows in key_rows():
        yield from (binding_id for _, _, binding_id in rows if binding_id)


def make_app(library=None, *, import_first: list[str] | None = None, keymap_file: Path | None = None,
             settings_file: Path | None = None, notices: Iterable[str] = ()) -> ThreadReaderApp:
    """The reader over `library` (a Library; None opens the user's library); `notices` are shown as it opens."""
    if library is None:
        from index.library.store import Library

        library = Library.open(load=False)  # the main screen reads the summaries as it starts
    return ThreadReaderApp(library, import_first=import_first, keymap_file=keymap_file, settings_file=settings_file,
                           notices=notices)
