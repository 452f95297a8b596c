"""Live-preview latency: from writing a changed page to the server returning the new text.

The preview server (``make livehtml SRCDIR=<folder> PORT=<port>`` for us, ``hugo server``
as the anchor) is started once. After its first build serves the page, each edit appends
a line with a new marker to the page's source, and the page's address is fetched every
10 ms until the answer contains the marker. Between edits the bench waits until the
server's process tree has gone idle (its build finished), so an edit never lands in the
middle of the previous one's build. Memory is the peak of the whole process tree.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from measure import TreeSampler, descendants

POLL = 0.01
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LiveResult:
    """Latencies of the edits (seconds), the first build's time and the tree's peak memory."""

    latencies: list[float] = field(default_factory=list)
    startup: float = 0.0
    peak_mb: float = 0.0

    @property
    def median(self) -> float:
        """Median latency."""
        return statistics.median(self.latencies)


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The body at *url*, or None while the server does not answer it (or is writing it)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None


def wait_for(
    url: str, ready: Callable[[str], bool], timeout: float, proc: subprocess.Popen
) -> float:
    """Seconds until *url* answers with a body *ready* accepts (fails on timeout or exit)."""
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"preview server exited ({proc.returncode}) before {url} was ready")
        body = fetch(url)
        if body is not None and ready(body):
            return elapsed
        time.sleep(POLL)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time used so far by *pid* and its descendants still running."""
    total = 0
    for process in descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / TICKS


def wait_idle(pid: int, quiet: float = 0.5, timeout: float = 600) -> None:
    """Return once the tree under *pid* used under 5 % of a core for *quiet* seconds."""
    deadline = time.perf_counter() + timeout
    before = cpu_seconds(pid)
    while time.perf_counter() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now - before < 0.05 * quiet:
            return
        before = now


def measure_live(
    command: list[str],
    cwd: Path,
    source: Path,
    url: str,
    edits: int,
    log: Path,
    startup_timeout: float = 1800,
) -> LiveResult:
    """Start the preview *command*, then time *edits* edits of *source* seen at *url*."""
    original = source.read_text("utf-8")
    result = LiveResult()
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        with TreeSampler(proc.pid, interval=0.1) as sampler:
            result.startup = wait_for(url, lambda body: True, startup_timeout, proc)
            wait_idle(proc.pid)
            for number in range(edits):
                marker = f"Live edit number {number} at {time.time_ns()}"
                source.write_text(f"{original}\n{marker}\n", "utf-8")
                started = time.perf_counter()
                wait_for(url, lambda body, m=marker: m in body, 300, proc)
                result.latencies.append(time.perf_counter() - started)
                wait_idle(proc.pid)
        result.peak_mb = sampler.peak_mb
    finally:
        source.write_text(original, "utf-8")
        stop(proc)
    return result


def stop(proc: subprocess.Popen) -> None:
    """End the server's process group (it was started in a session of its own)."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
