"""The bench's modules (bench/*.py) are scripts beside each other: put their folder on the path."""

from __future__ import annotations

import sys

from helpers import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "bench"))
