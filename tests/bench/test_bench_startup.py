"""The start-up probe reads ``-X importtime`` output: the top-level imports, ours apart."""

from __future__ import annotations

import subprocess
import sys

from startup import extension_imports, importtime_ms

OUTPUT = """\
import time: self [us] | cumulative | imported package
import time:       900 |        900 | before_the_marker
---start---
import time:       300 |        300 |     yaml.reader
import time:      1000 |       1300 |   yaml
import time:      2000 |       3300 | cx_handbook.model.page
import time:       500 |        500 | cx_handbook.core.icons
"""


def test_importtime_adds_top_level_imports_and_our_own_modules() -> None:
    assert importtime_ms(OUTPUT) == (3.8, 2.5)


def test_importtime_of_real_output() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "print('---start---'); import colorsys"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    total, own = importtime_ms("---start---" + done.stderr)
    assert total > 0
    assert own == 0


def test_the_extensions_imports_are_measured() -> None:
    total, own = extension_imports(1)
    assert total >= own > 0
