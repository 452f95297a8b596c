"""Run one command; print its wall time and the peak memory of its whole process tree.

python bench/measure.py sphinx-build ...   ->   {"seconds": 1.23, "peak_mb": 210.5, "rc": 0}

``peak_mb`` is the largest sum of resident memory over the command and every process it
started (``sphinx-build -j 2`` workers, ``make`` and its children), sampled every 20 ms;
``largest_process_mb`` is the kernel's exact peak of the largest single process
(``ru_maxrss``), which a short spike between two samples cannot escape. ``--cwd DIR`` runs
the command in *DIR*.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
INTERVAL = 0.02


def descendants(pid: int) -> set[int]:
    """*pid* and every process below it (via ``/proc/<pid>/task/<tid>/children``)."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                todo += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def resident_kb(pid: int) -> int:
    """Resident memory of one process in KB (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler:
    """Samples the summed resident memory of a process tree in a thread until stopped."""

    def __init__(self, pid: int, interval: float = INTERVAL) -> None:
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(resident_kb(p) for p in descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        """The largest summed resident memory seen, in MB."""
        return self.peak_kb / 1024


def measure(command: list[str], cwd: str | None = None) -> dict[str, float]:
    """Wall seconds, process-tree peak and exit code of *command*."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeSampler(proc.pid) as sampler:
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    largest_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds,
        "peak_mb": max(sampler.peak_mb, largest_kb / 1024),
        "largest_process_mb": largest_kb / 1024,
        "rc": proc.returncode,
        "stderr": stderr.decode("utf-8", "replace")[-4000:],
    }


def main() -> None:
    """Command line: ``measure.py [--cwd DIR] COMMAND...``."""
    args, cwd = sys.argv[1:], None
    if args[:1] == ["--cwd"]:
        cwd, args = args[1], args[2:]
    print(json.dumps(measure(args, cwd)))


if __name__ == "__main__":
    main()
