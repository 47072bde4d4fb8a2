"""The reader driven headless by Pilot: first paint, opening a long thread, scrolling, search as you type."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from pathlib import Path


SIZE = (120, 40)
POLL = 0.005  # seconds between looks at the screen while waiting for something to appear
STALL = 2.0  # seconds: a scroll key with no paint by then counts as this long (a stall, not a gap)


class PaintProbe:
    """Times every frame the app paints, and every message it handles.

    Headless Textual computes each frame but writes it nowhere; the probe also turns each frame
    into terminal bytes, so a frame costs what it would cost on a real terminal.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.paints: list[float] = []
        self.messages: list[tuple[float, object]] = []
        self.watch = None  # a predicate over the screen's text, checked at every frame until one satisfies it
        self.watched: float | None = None  # when the first frame that satisfied it was painted
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None:
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)
                self.paints.append(time.perf_counter())
                if self.watch is not None and self.watched is None and self.watch(self.screen_text()):
                    self.watched = self.paints[-1]

        app._display = display

    def on_message(self, message) -> None:
        self.messages.append((time.perf_counter(), message))

    def screen_text(self) -> str:
        return "\n".join(strip.text for strip in self.app.screen._compositor.render_strips())

    def first_paint_after(self, moment: float) -> float | None:
        return next((t for t in self.paints if t >= moment), None)

    async def until_painted_after(self, moment: float, timeout: float = 10.0) -> float:
        deadline = time.perf_counter() + timeout
        while (painted := self.first_paint_after(moment)) is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the app painted nothing")
            await asyncio.sleep(POLL / 5)
        return painted

    async def until_shown(self, predicate, since: float, timeout: float = 30.0) -> float:
        """The time of the first frame after `since` that put on screen what the predicate looks for."""
        deadline = time.perf_counter() + timeout
        checked = since
        while not predicate(self.screen_text()):
            if time.perf_counter() > deadline:
                raise TimeoutError("what the benchmark waits for never appeared on screen")
            checked = time.perf_counter()
            await asyncio.sleep(POLL)
        return await self.until_painted_after(checked)

    def message_after(self, moment: float, name: str, test=lambda m: True) -> float | None:
        return next((t for t, m in self.messages if t >= moment and type(m).__name__ == name and test(m)), None)


def _count_present(prefixes: set[str], text: str) -> int:
    """How many of the prefixes appear in the text. The check runs in the app's own event loop
    while it starts, so it must cost little: a set of the screen's substrings of each length
    (~1 ms), not 10,000 substring searches (~8 ms a look, every 5 ms: most of the loop's time)."""
    longest = max(map(len, prefixes), default=0)
    pieces = {text[i:i + longest] for i in range(len(text) - longest + 1)}
    return len(pieces & prefixes) + sum(1 for p in prefixes if len(p) < longest and p in text)


async def _measure(library_dir: str, info: dict, search_words: list[str], scroll_keys: int) -> dict:
    from tests.bench.worker import LAUNCHED

    # The first paint is timed from the process's launch (interpreter boot and imports included):
    # `started` is that moment on this clock.
    started = time.perf_counter() - (time.monotonic() - LAUNCHED)
    from index.library.store import Library
    from tui.app import make_app

    # As `threadreader` opens it (tui/cli/reader.py): the summaries are read by the app, in a worker,
    # after its first frame; the first paint below still waits for the list's titles.
    library = Library.open(library_dir, load=False)
    settings = Path(library_dir).parent / "app-settings.json"  # never the user's; a fresh one each run
    settings.unlink(missing_ok=True)
    app = make_app(library, settings_file=settings)
    # No preview of the thread under the list's cursor: it would load the long thread before enter
    # (so opening it would time nothing) and compete with the first paint and the searches.
    app.preview_width = 10**6
    probe = PaintProbe(app)
    titles = {t[:16] for t in info["titles"]}
    long_starts = {s[:16] for s in info["long_starts"]}
    out: dict = {}
    phases: dict[str, float] = {}
    mark = lambda name: phases.__setitem__(name, round(time.perf_counter() - started, 3))  # noqa: E731
    # Checked at each frame as it is painted: the app may paint "Loading the library…" first and
    # the titles a few frames later, before the test harness below gets to look at the screen.
    probe.watch = lambda text: _count_present(titles, text) >= 3
    async with app.run_test(size=SIZE, message_hook=probe.on_message) as pilot:
        deadline = time.perf_counter() + 30
        while probe.watched is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the thread list's titles never appeared on screen")
            await asyncio.sleep(POLL)
        out["app.first_paint_ms"] = (probe.watched - started) * 1000
        mark("first paint")

        # Open the long thread the way a reader would: filter the list by its title, then enter.
        await pilot.press("f")
        await pilot.press(*info["long_title"][:20])
        await pilot.press("enter")
        await pilot.pause()
        await asyncio.sleep(0.2)
        mark("filtered")
        pressed = time.perf_counter()
        await pilot.press("enter")
        painted = await probe.until_shown(lambda text: _count_present(long_starts, text) >= 1, pressed)
        out["app.open_2000_ms"] = (painted - pressed) * 1000
        await pilot.pause()

        mark("opened")
        scroll, unpainted = [], 0
        # Every key of these moves the view of a long thread opened at its top: each must paint.
        for key in (["space"] * 3 + ["j"] * 3 + ["b"]) * (scroll_keys // 7 + 1):
            await asyncio.sleep(0.02)
            pressed = time.perf_counter()
            await pilot.press(key)
            try:
                scroll.append((await probe.until_painted_after(pressed, timeout=STALL) - pressed) * 1000)
            except TimeoutError:
                unpainted += 1
                scroll.append(STALL * 1000)
        out["app.scroll_unpainted"] = unpainted
        out["app.scroll_p50_ms"] = statistics.median(scroll)
        out["app.scroll_p95_ms"] = sorted(scroll)[round(0.95 * (len(scroll) - 1))]

        mark("scrolled")
        out.update(await _tree_view(pilot, probe, scroll_keys))
        mark("tree view")
        await pilot.press("v")  # back to time order for the search
        await pilot.pause()
        await pilot.press("slash")
        typed = ""
        latencies = []
        for word in search_words:
            await pilot.press(*["backspace"] * len(typed))
            await asyncio.sleep(0.3)
            for char in word:
                last_key = time.perf_counter()  # pilot.press returns only once the app is idle
                await pilot.press(char)
                await asyncio.sleep(0.05)  # a quick typist
            typed = word
            deadline = time.perf_counter() + 10
            while (found := probe.message_after(last_key, "Searched", lambda m: m.query == word)) is None:
                if time.perf_counter() > deadline:
                    seen = [type(m).__name__ + repr(getattr(m, "query", "")) for t, m in probe.messages
                            if t >= last_key and hasattr(m, "query")]
                    raise TimeoutError(f"no results were shown for {word!r} (focus {app.focused!r}, saw {seen[:8]})")
                await asyncio.sleep(POLL)
            latencies.append((await probe.until_painted_after(found) - last_key) * 1000)
        out["app.search_p50_ms"] = statistics.median(latencies)
        out["app.search_p95_ms"] = sorted(latencies)[round(0.95 * (len(latencies) - 1))]
        mark("searched")
        out["app.detail"] = {"phases_s": phases, "scroll_samples": len(scroll), "search_samples": len(latencies),
                             "search_words": search_words, "size": list(SIZE)}
    mark("closed")
    library.close()
    return out


async def _tree_view(pilot, probe: PaintProbe, scroll_keys: int) -> dict:
    """The reply tree of the open long thread: built headless, then toggled by key, then scrolled."""
    from index.threads.replies import reply_tree
    from tui.widgets.arrangement import tree_order, tree_levels

    view = pilot.app.screen.posts
    builds = []
    for _ in range(5):
        started = time.perf_counter()
        tree = reply_tree(view.thread.posts)
        tree_order(tree, set(), tree_levels(view._width))
        builds.append((time.perf_counter() - started) * 1000)
    out = {"app.tree_build_ms": statistics.median(builds)}
    pressed = time.perf_counter()
    await pilot.press("v")
    out["app.tree_toggle_ms"] = (await probe.until_painted_after(pressed) - pressed) * 1000
    await pilot.pause()
    scroll, unpainted = [], 0
    for key in (["space"] * 3 + ["j"] * 3 + ["n"] + ["b"]) * (scroll_keys // 8 + 1):
        await asyncio.sleep(0.02)
        pressed = time.perf_counter()
        await pilot.press(key)
        try:
            scroll.append((await probe.until_painted_after(pressed, timeout=STALL) - pressed) * 1000)
        except TimeoutError:  # a stall, not a gap: counted as STALL and reported
            unpainted += 1
            scroll.append(STALL * 1000)
    out["app.tree_scroll_unpainted"] = unpainted
    out["app.tree_scroll_p95_ms"] = sorted(scroll)[round(0.95 * (len(scroll) - 1))]
    return out


def run_in_process(library_dir: str, info_path: str, searches: str = "10", scroll_keys: str = "35") -> dict:
    """The worker side: one fresh process, so the first paint includes a cold library open."""
    info = json.loads(Path(info_path).read_text())
    rng = random.Random("app-search")
    words = sorted({w.lower().strip("?") for t in info["titles"][:500] for w in t.split() if len(w) >= 6})
    chosen = rng.sample(words, min(int(searches), len(words)))
    return asyncio.run(_measure(library_dir, info, chosen, int(scroll_keys)))


def run(settings) -> dict:
    """Builds the app's library (many short threads, one long one) and measures the app on it."""
    # Here, not at the top: the worker process imports this module, and its first paint is timed
    # from process start, so it must not pay for the corpus generator, psutil and the rest.
    from tests.bench.corpus import write_app_corpus
    from tests.bench.import_bench import run_import
    from tests.bench.process import compile_project, drop_cache, run_job

    corpus = settings.out / f"app-corpus-{settings.app_threads}-{settings.long_thread}"
    write_app_corpus(corpus, settings.app_threads, settings.long_thread, settings.seed)
    library_dir = settings.out / "scratch" / "app-library"

    imported = run_import(corpus / "transcripts", library_dir)
    small = settings.app_threads < 1000  # the smoke run: fewer samples
    drop_cache(library_dir)
    compile_project()
    result, peak_mb = run_job("app", library_dir, corpus / "app.json", 3 if small else 10, 7 if small else 35)
    result.pop("maxrss_self_mb", None)
    return {**result, "app.peak_rss_mb": peak_mb,
            "app.library": {"import_posts_per_s": imported["import.posts_per_s"], **imported["import.detail"]}}
