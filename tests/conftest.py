"""Shared fixtures: copies of the midterm round that tests may damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIDTERM = ROOT / "data" / "midterm"
QUAL_FIXTURES = Path(__file__).parent / "fixtures" / "qual"


def copy_round(dest: Path, with_qual: bool = True) -> Path:
    folder = dest / "midterm"
    shutil.copytree(MIDTERM, folder)
    if with_qual:  # the qualitative YAML lives on another branch; use small fixtures where missing
        for fixture in QUAL_FIXTURES.glob("*.yaml"):
            if not (folder / fixture.name).exists():
                shutil.copy(fixture, folder)
    return folder


@pytest.fixture
def round_copy(tmp_path) -> Path:
    return copy_round(tmp_path)
