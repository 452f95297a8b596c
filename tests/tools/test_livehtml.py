"""`make livehtml`: sphinx-autobuild serves on 127.0.0.1 and picks up an edited page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cx_handbook.tools.livepreview import forget_stale_environment
from helpers import REPO_ROOT, make_project

DEADLINE_SECONDS = 180  # a bound on waiting (two builds on a busy machine), not an assertion


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, proc: subprocess.Popen[bytes]) -> str:
    """Fetch *url* until its page contains *text* (or the server stops, or time is up)."""
    end = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < end and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
                page = response.read().decode("utf-8")
            if text in page:
                return page
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} never showed {text!r} (server exit code {proc.poll()})")


@pytest.mark.e2e
def test_livehtml_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: Live\n---\n\nFirst version.\n"})
    port = _free_port()
    log = (tmp_path / "livehtml.log").open("wb")
    command = [
        "make", "-s", "-o", ".venv/.stamp-runtime", "livehtml",
        f"BIN={Path(sys.executable).parent}", f"SRCDIR={srcdir}",
        f"BUILDDIR={tmp_path / 'build'}", f"PORT={port}",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/page.html"
    try:
        first = _wait_for(url, "First version.", proc)
        assert "websocket-reload" in first, "the page reloads itself after a rebuild"
        (srcdir / "page.md").write_text("---\ntitle: Live\n---\n\nSecond version.\n")
        _wait_for(url, "Second version.", proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


def test_changed_extension_code_forgets_the_saved_environment(tmp_path: Path) -> None:
    doctrees = tmp_path / ".doctrees"
    doctrees.mkdir()
    pickle = doctrees / "environment.pickle"
    pickle.write_bytes(b"saved")
    code = tmp_path / "_ext"
    code.mkdir()
    module = code / "feature.py"
    module.write_text("x = 1\n")
    os.utime(module, (pickle.stat().st_mtime - 60,) * 2)
    assert not forget_stale_environment(doctrees, [code])
    assert pickle.exists()
    os.utime(module, (pickle.stat().st_mtime + 60,) * 2)
    assert forget_stale_environment(doctrees, [code])
    assert not pickle.exists()
