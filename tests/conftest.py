"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Where a test crawl writes its snapshots."""
    return tmp_path / "data"
