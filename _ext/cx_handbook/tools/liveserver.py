"""``make livehtml``: one long-lived Sphinx application that rebuilds only what changed.

A fresh ``sphinx-build`` per change pays its start-up (imports, unpickling the
environment) before any work. Here one application stays in memory:

* :class:`LiveBuild` builds once, then on every change runs Sphinx's own incremental
  build again in the same process (changed sources are read, affected pages written).
  The environment pickle and the search index are written only when the writer pauses
  (:meth:`LiveBuild.flush`), so an edit pays for its page and nothing else.
* :class:`PreviewServer` serves the output on 127.0.0.1 and tells open pages to reload
  (server-sent events; the script comes from our own ``static/cx-live-reload.js`` and is
  added to HTML as it is served, so the files on disk are a clean build's).
* :func:`serve` watches the sources (watchfiles). A change to ``conf.py`` or the
  extension code restarts the process with a fresh environment (every page read again);
  a page that becomes, or stops being, a draft restarts it too (drafts are left out when
  the configuration is read).

``python -m cx_handbook.tools.liveserver SRCDIR OUTDIR [--port 8000] [--watch PATH]...``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import multiprocessing
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..core.compat import (
    build_update_keeping_environment,
    defer_search_index,
    save_environment,
    wrap_event_handlers,
)
from ..model.page import read_page_file
from ..model.siteindex import exclusion_reason
from ..site.navigation import current_navigation_key, prepare_navigation
from .livepreview import forget_stale_environment

RELOAD_PREFIX = "/_cx_live/"
RELOAD_SCRIPT = Path(__file__).with_name("static") / "cx-live-reload.js"
SCRIPT_TAG = f'<script src="{RELOAD_PREFIX}reload.js" defer></script>'.encode()
#: How long the writer must pause before the environment pickle and search index are written.
IDLE_SECONDS = 1.0
#: watchfiles' grouping of events; its default (1.6 s) alone would miss the target.
DEBOUNCE_MS = 30
#: A pause this long (seconds) gets a full garbage collection (:meth:`LiveBuild.collect_garbage`).
LONG_PAUSE_SECONDS = 10.0
#: sphinx-notfound-page, whose 404 page is written only when the navigation changed.
NOTFOUND_MODULE = "notfound.extension"


class LiveBuild:
    """One Sphinx application, built again in place on every change."""

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        confdir: Path,
        *,
        jobs: int = 1,
        overrides: dict[str, str] | None = None,
    ) -> None:
        from sphinx.application import Sphinx

        self.srcdir, self.outdir = srcdir.resolve(), outdir.resolve()
        self.app = Sphinx(
            str(self.srcdir),
            str(confdir.resolve()),
            str(self.outdir),
            str(self.outdir / ".doctrees"),
            "html",
            confoverrides=overrides,
            parallel=jobs,
            keep_going=True,
        )
        self._write_search_index = defer_search_index(self.app.builder)
        if (
            not wrap_event_handlers(
                self.app, "html-collect-pages", NOTFOUND_MODULE, self._when_nav_changed
            )
            and NOTFOUND_MODULE in self.app.extensions
        ):
            raise RuntimeError(f"{NOTFOUND_MODULE}'s 404 page handler was not found")
        #: conf.py's own ``redirects``; site/redirects adds the pages' old URLs every build
        self._own_redirects = dict(self.app.config.redirects or {})
        self._redirects: set[str] = set()
        self.pending = False
        self.builds = 0
        self._builds_since_collect = 0

    def build(self) -> set[str]:
        """Read what changed and write what it affects; the docnames read."""
        from sphinx.util.build_phase import BuildPhase

        app = self.app
        documents = set(app.env.found_docs)
        # A clean build starts from conf.py's redirects, not from the last build's.
        app.config.redirects = dict(self._own_redirects)
        app.builder.phase = BuildPhase.READING
        try:
            read = build_update_keeping_environment(app.builder)
        except Exception as error:
            app.emit("build-finished", error)
            raise
        app.emit("build-finished", None)
        redirects = set(app.config.redirects or {})
        self._remove_outputs(documents - app.env.found_docs)
        self._remove_outputs(self._redirects - redirects - app.env.found_docs)
        self._redirects = redirects
        self.pending = True
        self.builds += 1
        return read

    def _when_nav_changed(self, collect: Callable[..., Any]) -> Callable[..., Any]:
        """*collect* (the 404 page's), called only when the navigation it shows changed.

        The 404 page is everything furo's navigation costs, rendered the slow way (its
        links start at the site root), so it is written again only when it would differ.
        """
        written: dict[str, str] = {}

        @functools.wraps(collect)
        def collect_if_changed(app: Any) -> Any:
            key = current_navigation_key(app.builder)
            if written.get("key") == key and self._notfound_page().is_file():
                return []
            written["key"] = key
            return collect(app)

        return collect_if_changed

    def _notfound_page(self) -> Path:
        name = getattr(self.app.config, "notfound_pagename", "404")
        return Path(self.app.builder.get_outfilename(name))

    def _remove_outputs(self, pagenames: Iterable[str]) -> None:
        """Delete the pages of removed documents and old redirects, as a clean build lacks them."""
        for pagename in pagenames:
            Path(self.app.builder.get_outfilename(pagename)).unlink(missing_ok=True)

    def flush(self) -> None:
        """Write what a build leaves for later: the search index and the environment."""
        if self.pending:
            self._write_search_index()
            save_environment(self.app.builder)
            self.pending = False
            prepare_navigation(self.app)  # else the first edit after a start renders it
            self._settle_memory()

    def _settle_memory(self) -> None:
        """Keep Python's cyclic garbage collector off the objects that stay.

        The environment holds millions of objects; a full collection that happens to
        start inside a build costs seconds (seen as one slow edit in ten at 500 pages).
        Freezing them at each pause leaves the collector only what a build makes.
        """
        gc.freeze()
        self._builds_since_collect += 1

    def collect_garbage(self) -> None:
        """A full collection, for a long pause: frees what earlier builds left behind."""
        if self._builds_since_collect:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self._builds_since_collect = 0

    def exclusion_changed(self, paths: Iterable[Path]) -> bool:
        """True when a page among *paths* became, or stopped being, a draft or expired."""
        app = self.app
        excluded: dict[str, str] = getattr(app, "_cx_excluded_paths", {})
        now = datetime.now(UTC)
        for path in paths:
            if path.suffix != ".md" or not path.is_file():
                continue
            reason = exclusion_reason(read_page_file(app, path).model, app.config, now)
            if (reason is not None) != (str(path) in excluded):
                return True
        return False


class PreviewServer(ThreadingHTTPServer):
    """Serves the output folder; open pages reload after every build."""

    daemon_threads = True

    def __init__(self, outdir: Path, host: str, port: int) -> None:
        handler = functools.partial(_PreviewHandler, directory=str(outdir))
        super().__init__((host, port), handler)
        #: Changes after every build; a restarted process starts a new one.
        self.build_id = f"{os.getpid()}-{time.time_ns()}"
        self.changed = threading.Condition()

    def announce_build(self, number: int) -> None:
        """Tell every open page that a new build is on disk."""
        with self.changed:
            self.build_id = f"{os.getpid()}-{time.time_ns()}-{number}"
            self.changed.notify_all()


class _PreviewHandler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if self.path == f"{RELOAD_PREFIX}reload.js":
            self._send(RELOAD_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif self.path == f"{RELOAD_PREFIX}events":
            self._stream_builds()
        else:
            self._send_page_or_file()

    def _send_page_or_file(self) -> None:
        """An HTML page with the reload script added; anything else as it is."""
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not address.endswith("/"):
                super().do_GET()  # the redirect to the folder's address
                return
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            self._send(_with_reload_script(path.read_bytes()), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream_builds(self) -> None:
        """Server-sent events: the build id now, then each new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        server = self.server
        sent = ""
        with contextlib.suppress(OSError):
            while True:
                with server.changed:
                    if server.build_id == sent:
                        server.changed.wait(timeout=15)
                    current = server.build_id
                message = f"data: {current}\n\n" if current != sent else ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                sent = current

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new page
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a preview's every request would drown Sphinx's messages."""


def _with_reload_script(html: bytes) -> bytes:
    """*html* with the reload script before ``</body>`` (or at its end)."""
    at = html.rfind(b"</body>")
    return html + SCRIPT_TAG if at < 0 else html[:at] + SCRIPT_TAG + html[at:]


def _is_under(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def restart(argv: Sequence[str], *, fresh_environment: Path | None) -> None:
    """Replace this process by a new one (new code); *fresh_environment*: pickle to drop."""
    if fresh_environment is not None:
        fresh_environment.unlink(missing_ok=True)
    for child in multiprocessing.active_children():  # exec would orphan them
        child.terminate()
        child.join(timeout=5)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", __spec__.name, *argv])


class SourceWatcher(threading.Thread):
    """Collects changed paths (watchfiles) in the background, from before the first build."""

    def __init__(self, paths: Iterable[Path], ignored: Iterable[Path]) -> None:
        super().__init__(daemon=True)
        self.paths = [path for path in paths if path.exists()]
        self.ignored = list(ignored)
        self.changes: queue.Queue[set[Path]] = queue.Queue()
        self.ready = threading.Event()

    def run(self) -> None:
        """Queue every batch of changes until the process ends."""
        from watchfiles import DefaultFilter, watch

        for changes in watch(
            *self.paths,
            watch_filter=DefaultFilter(ignore_paths=self.ignored),
            debounce=DEBOUNCE_MS,
            step=10,
            rust_timeout=100,
            yield_on_timeout=True,  # the first (empty) yield says the watch is on
            raise_interrupt=False,
        ):
            self.ready.set()
            if changes:
                self.changes.put({Path(path) for _, path in changes})

    def next_changes(self, timeout: float) -> set[Path]:
        """The paths changed since the last call (waiting up to *timeout*; empty if none)."""
        try:
            paths = self.changes.get(timeout=timeout)
        except queue.Empty:
            return set()
        while not self.changes.empty():
            paths |= self.changes.get_nowait()
        return paths


def serve(args: argparse.Namespace, argv: Sequence[str]) -> None:
    """Build, serve, and rebuild on every change until interrupted."""
    srcdir, outdir = args.srcdir.resolve(), args.outdir.resolve()
    code = [Path(p).resolve() for p in args.restart_on]
    outdir.mkdir(parents=True, exist_ok=True)
    if forget_stale_environment(outdir / ".doctrees", code):
        print("Code or conf.py changed since the last preview: reading every page again.")
    watcher = SourceWatcher([srcdir, *code, *(p.resolve() for p in args.watch)], [outdir])
    watcher.start()
    # Extensions start helper processes (sphinx-sitemap's queue manager) when the
    # application is made: made first, they do not inherit the server's socket.
    overrides = dict(item.split("=", 1) for item in args.define)
    live = LiveBuild(srcdir, outdir, args.confdir, jobs=args.jobs, overrides=overrides)
    server = PreviewServer(outdir, args.host, args.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {outdir} on http://{args.host}:{args.port}/", flush=True)
    watcher.ready.wait(timeout=10)
    _timed_build(live, server)
    try:
        paused = 0.0
        while True:
            paths = watcher.next_changes(timeout=IDLE_SECONDS)
            if not paths:
                live.flush()
                paused += IDLE_SECONDS
                if paused >= LONG_PAUSE_SECONDS:
                    live.collect_garbage()
                continue
            paused = 0.0
            if any(_is_under(path, code) for path in paths):
                print("Code or conf.py changed: restarting, every page is read again.")
                server.server_close()
                restart(argv, fresh_environment=outdir / ".doctrees" / "environment.pickle")
            if live.exclusion_changed(paths):
                print("A page became or stopped being a draft: restarting.", flush=True)
                live.flush()
                server.server_close()
                restart(argv, fresh_environment=None)
            _timed_build(live, server)
    finally:
        live.flush()  # the next start reads only what changed meanwhile


def _timed_build(live: LiveBuild, server: PreviewServer) -> None:
    start = time.perf_counter()
    try:
        read = live.build()
    except Exception as error:  # a broken page must not end the preview
        print(f"Build failed: {error}", file=sys.stderr, flush=True)
        return
    server.announce_build(live.builds)
    took = time.perf_counter() - start
    print(f"Rebuilt in {took:.2f} s ({len(read)} page(s) read).", flush=True)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line of ``python -m cx_handbook.tools.liveserver``."""
    parser = argparse.ArgumentParser(prog="python -m cx_handbook.tools.liveserver")
    parser.add_argument("srcdir", type=Path, help="the pages (docs/)")
    parser.add_argument("outdir", type=Path, help="where the preview is built")
    parser.add_argument("--confdir", type=Path, default=Path(), help="where conf.py is")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--restart-on",
        action="append",
        default=[],
        help="a file or folder (conf.py, _ext) whose change restarts with every page read",
    )
    parser.add_argument(
        "--watch",
        action="append",
        default=[],
        type=Path,
        help="another folder to rebuild on (_static)",
    )
    parser.add_argument(
        "-D",
        "--define",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a conf.py setting, as sphinx-build -D does (root_doc=_index)",
    )
    args, ignored = parser.parse_known_args(argv)
    if ignored:  # SPHINXOPTS meant for sphinx-build (-W, -n, ...): the preview is not strict
        print(f"The live preview ignores {' '.join(ignored)}.", file=sys.stderr)
    bad = [item for item in args.define if "=" not in item]
    if bad:
        parser.error(f"-D needs NAME=VALUE, not {bad[0]!r}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cx_handbook.tools.liveserver SRCDIR OUTDIR ...``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    with contextlib.suppress(KeyboardInterrupt):
        serve(parse_args(args_list), args_list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
