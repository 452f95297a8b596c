"""The garbage collector's settings for a build (``cx_handbook.collect_rarely``)."""

from __future__ import annotations

import gc

import cx_handbook


def test_full_collections_are_made_rarer_and_the_young_ones_left_alone() -> None:
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        cx_handbook.collect_rarely()
        assert gc.get_threshold() == (700, 10, cx_handbook.FULL_COLLECTION_THRESHOLD)
        gc.set_threshold(700, 10, 5000)
        cx_handbook.collect_rarely()
        assert gc.get_threshold() == (700, 10, 5000), "a higher threshold is kept"
    finally:
        gc.set_threshold(*saved)
