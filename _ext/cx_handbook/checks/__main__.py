"""``python -m cx_handbook.checks``: see :mod:`cx_handbook.checks.runner`."""

from __future__ import annotations

import sys

from .runner import main

sys.exit(main())
