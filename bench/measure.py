"""Run one command and print its wall time and the peak memory of its processes.

python bench/measure.py sphinx-build ...   ->   {"seconds": 1.23, "peak_mb": 210.5, "rc": 0}
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    """Time ``sys.argv[1:]``; ``ru_maxrss`` of waited-for children is the largest process."""
    start = time.perf_counter()
    proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "rc": proc.returncode}))


if __name__ == "__main__":
    main()
