"""Two snapshots of the replica, the second after case studies were added, edited and removed:
what the report and the notebook are run against."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import free_port, run_casecrawl

from casecrawl.testbed.process import ReplicaProcess

SIZE = 150
CHANGES = {"add": 4, "edit": 6, "remove": 3}
FAST = ("--concurrency", "8", "--delay", "0", "--log-level", "WARNING")


@pytest.fixture(scope="session")
def two_snapshots(tmp_path_factory) -> Path:
    """The data directory: `latest` is the second snapshot, with changes since the first."""
    out = tmp_path_factory.mktemp("analysis") / "data"
    port = free_port()  # one port: the changed site is the same site
    for changes in ({}, CHANGES):
        with ReplicaProcess(size=SIZE, port=port, **changes) as site:
            result = run_casecrawl("crawl", "--base-url", site.base_url, "--out", str(out), *FAST)
        assert result.returncode == 0, result.stdout + result.stderr
    return out
