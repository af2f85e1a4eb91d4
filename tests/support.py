"""Test helpers: saved pages, and the casecrawl command run in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
VARIANT_NAMES = ("classic", "flat", "plain")


def saved_pages(kind: str) -> list[tuple[str, Path]]:
    """(variant, html path) of every saved page of a kind ('listing' or 'detail')."""
    return [
        (variant, path)
        for variant in VARIANT_NAMES
        for path in sorted((PAGES / variant).glob(f"{kind}-*.html"))
    ]


def expected_for(html_path: Path) -> dict:
    return json.loads(html_path.with_suffix(".json").read_text("utf-8"))


def run_casecrawl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `casecrawl` command as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "casecrawl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
