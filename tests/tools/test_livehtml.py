"""`make livehtml`: the live preview serves on 127.0.0.1, picks up edits, restarts on code."""

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


def _first_event(base: str) -> str:
    """The build id the preview's event stream announces first."""
    with urllib.request.urlopen(f"{base}/_cx_live/events", timeout=10) as events:
        line = events.readline().decode()
    assert line.startswith("data: "), line
    return line.removeprefix("data: ").strip()


def _start(command: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    paths = os.pathsep.join(filter(None, [str(REPO_ROOT / "_ext"), os.environ.get("PYTHONPATH")]))
    with log_path.open("wb") as log:
        return subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": paths},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


@pytest.mark.e2e
def test_livehtml_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: Live\n---\n\nFirst version.\n"})
    port = _free_port()
    command = [
        "make", "-s", "-o", ".venv/.stamp-runtime", "livehtml",
        f"BIN={Path(sys.executable).parent}", f"SRCDIR={srcdir}",
        f"BUILDDIR={tmp_path / 'build'}", f"PORT={port}",
    ]  # fmt: skip
    proc = _start(command, tmp_path / "livehtml.log")
    base = f"http://127.0.0.1:{port}"
    try:
        first = _wait_for(f"{base}/page.html", "First version.", proc)
        assert '<script src="/_cx_live/reload.js" defer></script></body>' in first
        with urllib.request.urlopen(f"{base}/_cx_live/reload.js", timeout=10) as script:
            assert b"EventSource" in script.read()
        before = _first_event(base)
        (srcdir / "page.md").write_text("---\ntitle: Live\n---\n\nSecond version.\n")
        _wait_for(f"{base}/page.html", "Second version.", proc)
        assert _first_event(base) != before, "open pages are told to reload"
    finally:
        _stop(proc)
    built = (tmp_path / "build" / "livehtml" / "page.html").read_text(encoding="utf-8")
    assert "_cx_live" not in built, "the script is added when served, never written"


@pytest.mark.e2e
def test_a_change_to_extension_code_restarts_and_reads_every_page(tmp_path: Path) -> None:
    srcdir = make_project(tmp_path, {"page": "---\ntitle: Live\n---\n\nSome text.\n"})
    code = tmp_path / "ext"
    code.mkdir()
    port = _free_port()
    log = tmp_path / "live.log"
    command = [
        sys.executable, "-m", "cx_handbook.tools.liveserver", str(srcdir),
        str(tmp_path / "out"), "--port", str(port), "--restart-on", str(code),
    ]  # fmt: skip
    proc = _start(command, log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/page.html", "Some text.", proc)
        before = _first_event(base)
        (code / "feature.py").write_text("x = 1\n")
        end = time.monotonic() + DEADLINE_SECONDS
        while "restarting" not in log.read_text() and time.monotonic() < end:
            time.sleep(0.2)
        _wait_for(f"{base}/page.html", "Some text.", proc)
        end = time.monotonic() + DEADLINE_SECONDS
        while log.read_text().count("Rebuilt in") < 2 and time.monotonic() < end:
            time.sleep(0.2)
        assert _first_event(base) != before
    finally:
        _stop(proc)
    output = log.read_text()
    assert "restarting, every page is read again" in output
    assert output.count("3 page(s) read") == 2, output  # every page (index, page, topics), twice


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
