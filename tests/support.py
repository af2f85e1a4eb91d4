"""Test helpers: saved pages, and the casecrawl command run in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
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


def run_casecrawl(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `casecrawl` command as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "casecrawl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
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
