"""`make linkcheck` settings against a local web server: good, broken and redirected links."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import build_site, make_project


class _Handler(SimpleHTTPRequestHandler):
    """200 for /good, 301 from /old to /good, 404 for everything else."""

    def _answer(self, body: bool) -> None:
        if self.path == "/good":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            if body:
                self.wfile.write(b"<html><body><h1>Good</h1></body></html>")
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/good")
            self.end_headers()
        else:
            self.send_error(404)

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A web server on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
def test_linkcheck_reports_good_broken_and_redirected(local_server: str, tmp_path: Path) -> None:
    page = (
        "---\ntitle: Links\n---\n\n"
        f"- [A page that works]({local_server}/good)\n"
        f"- [A page that is gone]({local_server}/gone)\n"
        f"- [A page that moved]({local_server}/old)\n"
    )
    srcdir = make_project(tmp_path, {"links": page})
    out = tmp_path / "linkcheck"
    built = build_site(srcdir, out, builder="linkcheck", strict=False)
    assert built.returncode == 1, "a broken link fails make linkcheck"
    entries = {
        entry["uri"].removeprefix(local_server): entry
        for entry in map(json.loads, (out / "output.json").read_text().splitlines())
    }
    assert entries["/good"]["status"] == "working"
    assert entries["/gone"]["status"] == "broken"
    assert "404" in entries["/gone"]["info"]
    assert entries["/old"]["status"] == "redirected"
    assert entries["/old"]["code"] == 301
    assert entries["/gone"]["lineno"] == 6 and entries["/gone"]["filename"] == "links.md"
    text = (out / "output.txt").read_text()
    assert "links.md:6: [broken]" in text
    assert "links.md:7: [redirected permanently]" in text
