"""Test helpers: saved pages, a case_studies row, and the casecrawl command run in a child
process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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
