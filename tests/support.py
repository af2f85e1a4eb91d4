"""Test helpers: saved pages, case_studies and case_study_councils rows, the casecrawl command
run in a child process, and the code of a dataset card run as its reader would."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

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


def case_study_row(slug: str, **overrides) -> dict:
    """A case_studies row as the pipelines build it, before the history columns."""
    base = {
        "id": slug,
        "url": f"https://www.local.gov.uk/case-studies/{slug}",
        "title": f"Title {slug}",
        "summary": f"Summary {slug}",
        "topics": ["Culture", "Libraries"],
        "published_date": date(2021, 3, 12),
        "published_date_raw": None,
        "body_text": f"Body of {slug}.\n\n- item",
        "sections": [{"heading": "", "text": "Intro"}, {"heading": "The impact", "text": "Big"}],
        "links": ["https://example.org/x.pdf"],
        "listing_rank": 0,
        "crawled_at": datetime(2026, 1, 1, 9, 5, tzinfo=timezone.utc),
        "source": "https://www.local.gov.uk",
        "council_codes": ["WGN"],
        "council_gss_codes": ["E08000010"],
        "council_names": ["Wigan Metropolitan Borough Council"],
        "council_types": ["Metropolitan district"],
        "regions": ["North West"],
        "nations": ["England"],
        "councils_mentioned": ["WGN"],
        "topic_ids": [2446],
        "support_types": [],
        "support_type_ids": [],
        "created_month": None,
        "date_source": "page",
    }
    return {**base, **overrides}


def register_dir() -> str:
    """The council register the tests use (the shared copy, never downloaded in tests)."""
    directory = os.environ.get("CASECRAWL_REGISTER_DIR")
    if not directory:
        pytest.fail(
            "CASECRAWL_REGISTER_DIR is not set: run the tests with `make test`, which points it "
            "at ../shared/reference, or set it to a copy of the mySociety register"
        )
    return str(Path(directory).resolve())


def run_casecrawl(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the `casecrawl` command as a user would, in a child process (`env`: variables
    added to this process's environment)."""
    return subprocess.run(
        [sys.executable, "-m", "casecrawl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env} if env else None,
    )


def free_port() -> int:
    """A port free on 127.0.0.1 now: to serve a changed site again where the crawler knows it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_site(render: Callable[[str], tuple[int, str]]):
    """Serve `render(path) -> (status, html)` on 127.0.0.1; yields the base URL. A 3xx status
    redirects to the URL given as the body."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            status, body = render(self.path)
            if status in (301, 302, 307, 308):  # a redirect: the body is where to
                self.send_response(status)
                self.send_header("Location", body)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def markdown_code_blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of one language in a Markdown text (a dataset card, the README), in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def run_card_snippets(snapshot: Path) -> list[dict]:
    """Run each Python block of a snapshot's README.md from the snapshot's folder, as its
    reader would; the names each block defined."""
    card = (snapshot / "README.md").read_text("utf-8")
    namespaces = []
    here = os.getcwd()
    os.chdir(snapshot)
    try:
        for block in markdown_code_blocks(card, "python"):
            namespace: dict = {}
            exec(compile(block, "README.md", "exec"), namespace)
            namespaces.append(namespace)
    finally:
        os.chdir(here)
    return namespaces


def link_row(slug: str, code: str = "WGN", **overrides) -> dict:
    """A case_study_councils row as the council pipeline builds it."""
    base = {
        "case_study_id": slug,
        "local_authority_code": code,
        "gss_code": "E08000010",
        "official_name": "Wigan Metropolitan Borough Council",
        "type": "Metropolitan district",
        "region": "North West",
        "nation": "England",
        "role": "subject",
        "field": "title",
        "matched_text": "Wigan Council",
        "end_date": None,
        "successor_code": None,
    }
    return {**base, **overrides}


EARLIER = datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)
BASE_URL = "https://www.local.gov.uk"


def topic_row(topic_id: int | None, name: str, **overrides) -> dict:
    """A topics row as the taxonomy builds it."""
    base = {
        "topic_id": topic_id, "name": name, "kind": "topic", "slug": name.lower(),
        "parent_id": None, "case_study_count": 1, "reported_count": 1, "in_filter_form": True,
    }  # fmt: skip
    return {**base, **overrides}


def snapshot_tables() -> dict[str, list[dict]]:
    """Every table of a second snapshot (time NOW, the first at EARLIER): b was removed, a
    modified, c added; c's cells are the awkward ones (a formula-like title, no summary, a
    null topic ID, empty lists, a partial date)."""
    from casecrawl.history.changes import apply_history, changes_between

    before, _ = apply_history([case_study_row("a"), case_study_row("b")], [], [], EARLIER)
    awkward = case_study_row(
        "c",
        title="=SUM(A1) is not a formula",
        summary=None,
        topics=["Culture", "Heritage"],
        topic_ids=[2446, None],
        links=[],
        council_codes=[], council_gss_codes=[], council_names=[], council_types=[],
        regions=[], nations=[], councils_mentioned=[],
        published_date=None,
        published_date_raw="Summer 2021",
        created_month=date(2021, 6, 1),
        date_source="listing_filter",
        support_types=["Peer challenge"],
        support_type_ids=[2604],
    )  # fmt: skip
    now = [case_study_row("a", title="Title a, edited"), awkward]
    rows, removed = apply_history(now, before, [], NOW)
    return {
        "case_studies": rows,
        "case_study_councils": [link_row("a"), link_row("a", "KWL", role="mentioned")],
        "removed": removed,
        "changes": changes_between(before, rows),
        "topics": [
            topic_row(2446, "Culture", case_study_count=2, reported_count=2),
            topic_row(2449, "Libraries", parent_id=2446),
            topic_row(2604, "Peer challenge", kind="support_type", slug=None),
            topic_row(None, "Heritage", slug=None, reported_count=None, in_filter_form=False),
        ],
    }


def snapshot_manifest(snapshot_id: str = "s1", **overrides) -> dict:
    """The least manifest the snapshot writer needs, for the snapshot of snapshot_tables()."""
    base = {
        "snapshot_id": snapshot_id,
        "complete": True,
        "base_url": BASE_URL,
        "started_at": NOW.isoformat(),
        "finished_at": NOW.isoformat(),
    }
    return {**base, **overrides}
