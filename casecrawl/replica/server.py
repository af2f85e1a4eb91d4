"""Serve the replica over HTTP on 127.0.0.1, with the live site's URL structure.

Topic pages (`/topics/<slug>`, `/topics/<parent-slug>/<slug>`, see `site.topic_path`) and the
`/topics` index answer with one simple page whatever the markup: the crawl never fetches
them, they are there so that every topic link of a page leads somewhere.

Detail pages carry HTTP validators (`ETag`, `Last-Modified`) and answer conditional requests
with 304, unless the server runs with `validators=False`; listing pages never carry them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from casecrawl.replica.markups import get_variant
from casecrawl.replica.site import (
    BANNERS,
    PAGE_SIZE,
    SUB_TOPICS,
    SUPPORT_TYPES,
    TOPICS,
    ReplicaSite,
    topic_at,
    topic_path,
)
from casecrawl.replica.views import DetailView, ListingView, escape

TOPICS_PATH = re.compile(r"^/topics(/.*)?$")
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\nDisallow: /user/\n"
DETAIL_PATH = re.compile(r"^/case-studies/([^/]+)/?$")
NODE_PATH = re.compile(r"^/node/(\d+)/?$")


class ReplicaServer:
    """A running replica: the site model, a markup variant, and a threaded HTTP server.

    `markup_seed` chooses the markup of the 'random' variant (an error with a named variant).
    `validators=False` sends no ETag or Last-Modified and never answers 304. `request_log`
    names a file to which one line per request is appended: `METHOD PATH STATUS`.
    `statuses` counts the responses sent, by status.
    """

    def __init__(
        self,
        site: ReplicaSite,
        variant: str = "classic",
        port: int = 0,
        latency: float = 0.0,
        publish_after: int | None = None,
        markup_seed: int | None = None,
        validators: bool = True,
        request_log: str | None = None,
    ):
        self.site = site
        self.markup = get_variant(variant, markup_seed)
        self.variant = variant
        self.markup_seed = markup_seed
        self.latency = latency
        self.publish_after = publish_after  # listing requests before one case study is published
        self.validators = validators
        self.requests = 0
        self.listing_requests = 0
        self.statuses: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._request_log = None
        if request_log:  # closed by stop()
            self._request_log = open(request_log, "a", encoding="utf-8")
        handler = type("Handler", (_Handler,), {"replica": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def banner(self) -> str:
        """The site-wide banner; it changes every 500 requests, as the live one changes over time."""
        return BANNERS[(self.requests // 500) % len(BANNERS)]

    def start(self) -> ReplicaServer:
        # A short poll interval: stop() returns at once instead of after up to half a second.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._request_log is not None:
            with self._lock:
                self._request_log.close()
                self._request_log = None

    def responded(self, method: str, path: str, status: int) -> None:
        """Count a response and log it (one line, flushed at once)."""
        with self._lock:
            self.statuses[status] += 1
            if self._request_log is not None:
                self._request_log.write(f"{method} {path} {status}\n")
                self._request_log.flush()

    def validators_of(self, case) -> tuple[str, str]:
        """(ETag, Last-Modified) of a case study's page."""
        return etag_of(case, self.variant, self.markup_seed), http_date(case.modified)

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- pages --------------------------------------------------------------
    def listing(self, query: str) -> str:
        params = dict(parse_qsl(query, keep_blank_values=True))
        with self._lock:
            self.listing_requests += 1
            if self.publish_after is not None and self.listing_requests == self.publish_after:
                self.site.publish(datetime.now(timezone.utc))
        results = self.site.query(params)
        try:
            page = max(int(params.get("page", "0") or 0), 0)
        except ValueError:
            page = 0
        last_page = max((len(results) - 1) // PAGE_SIZE, 0)
        on_page = results[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]

        def page_url(n: int) -> str:
            return "/case-studies?" + urlencode({**params, "page": str(n)})

        view = ListingView(
            base_url=self.base_url,
            banner=self.banner(),
            total=len(results),
            page=page,
            last_page=last_page,
            results=on_page,
            topics=TOPICS,
            support_types=SUPPORT_TYPES,
            page_url=page_url,
            teaser_href=self.teaser_href,
        )
        return self.markup.render_listing(view)

    def teaser_href(self, case) -> str:
        return teaser_href(case, self.base_url)

    def topic_page(self, topic_id: int | None = None) -> str:
        """A topic's page (its parent, sub-topics and filtered listing), or with no topic the
        `/topics` index (every topic, sub-topics under their parent)."""
        return topic_page(topic_id, self.banner())

    def detail(self, case) -> str:
        others = self.site.related_to(case)
        related = related_links(others, self.base_url)
        view = DetailView(
            base_url=self.base_url,
            banner=self.banner(),
            case=case,
            related=related,
            related_cases=others,
        )
        return self.markup.render_detail(view)


def etag_of(case, variant: str = "classic", markup_seed: int | None = None) -> str:
    """A strong ETag for a case study's page: a hash of the case study's content and its
    `modified` time, with the markup that renders it. It ignores what changes around the case
    study (the banner, the related block, the port), so it changes only when the case study does.
    """
    state = {"case": dataclasses.asdict(case), "markup": [variant, markup_seed]}
    text = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def http_date(when: datetime) -> str:
    """An HTTP date (RFC 9110, IMF-fixdate): 'Sun, 06 Nov 1994 08:49:37 GMT'."""
    return format_datetime(when.astimezone(timezone.utc).replace(microsecond=0), usegmt=True)


def not_modified(headers, etag: str, last_modified: datetime) -> bool:
    """Whether a request's conditions say the client's copy is current (RFC 9110, 13.2.2):
    If-None-Match when sent (weak comparison, '*' matches), else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return any(t == "*" or t.removeprefix("W/") == etag for t in tags)
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return last_modified.replace(microsecond=0) <= since


def teaser_href(case, base_url: str) -> str:
    """Mostly relative slug links; a few with the forms the live site's links take."""
    form = case.nid % 37
    path = f"/case-studies/{case.slug}"
    if form == 1:
        return path + "/"
    if form == 2:
        return path + "?utm_source=listing"
    if form == 3:
        return path + "#main-content"
    if form == 4:
        return base_url.replace("127.0.0.1", "localhost") + path
    if form == 5:
        return base_url.replace("http:", "https:") + path
    return path


def topic_page(topic_id: int | None, banner: str) -> str:
    """The one page every markup answers `/topics` and `/topics/...` with."""

    def link(t: int) -> str:
        return f'<a href="{topic_path(t)}">{escape(TOPICS[t])}</a>'

    def subs(t: int | None) -> str:
        items = "".join(f"<li>{link(s)}{subs(s)}</li>" for s in TOPICS if SUB_TOPICS.get(s) == t)
        return f"<ul>{items}</ul>" if items else ""

    if topic_id is None:
        title, main = "Topics", f"<h1>Topics</h1>{subs(None)}"
    else:
        title = TOPICS[topic_id]
        parent = SUB_TOPICS.get(topic_id)
        up = f"<p>Part of {link(parent)}</p>" if parent is not None else ""
        listing = f"/case-studies?topic%5B{topic_id}%5D={topic_id}"
        main = (
            f"<h1>{escape(title)}</h1>{up}{subs(topic_id)}"
            f'<p><a href="{listing}">Case studies on {escape(title)}</a></p>'
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Local Government Association</title></head>
<body><p>{escape(banner)}</p><p><a href="/">Local Government Association</a> | <a href="/topics">Topics</a> | <a href="/case-studies">Case studies</a></p>
<main>{main}</main></body></html>"""


def related_links(others, base_url: str) -> list[tuple[str, str]]:
    """(title, href) of a related block's items, in the forms links to case studies take."""
    forms = (
        lambda o: f"/node/{o.nid}",
        lambda o: f"{base_url}/case-studies/{o.slug}?ref=related",
        lambda o: f"/case-studies/{o.slug}",
    )
    return [(o.title, form(o)) for o, form in zip(others, forms, strict=False)]


class _Handler(BaseHTTPRequestHandler):
    replica: ReplicaServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle + delayed ACK add ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - quiet: the crawl logs what matters
        pass

    def do_GET(self):  # noqa: N802 - http.server's naming
        replica = self.replica
        with replica._lock:
            replica.requests += 1
        if replica.latency:
            time.sleep(replica.latency)
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/robots.txt":
            return self._send(200, ROBOTS_TXT, "text/plain")
        if path in ("/case-studies", "/case-studies/"):
            return self._send(200, replica.listing(parts.query))
        if TOPICS_PATH.match(path):
            if path.rstrip("/") == "/topics":
                return self._send(200, replica.topic_page())
            topic = topic_at(path)
            if topic is None:
                return self._not_found(404)
            return self._send(200, replica.topic_page(topic))
        match = DETAIL_PATH.match(path)
        if match:
            case = replica.site.by_slug.get(match.group(1))
            return self._case(case)
        match = NODE_PATH.match(path)
        if match:
            case = replica.site.by_nid.get(int(match.group(1)))
            if case is not None and replica.variant != "classic":
                return self._redirect(f"/case-studies/{case.slug}")
            return self._case(case)
        return self._not_found(404)

    def _case(self, case):
        if case is None:
            return self._not_found(404)
        if case.gone:
            return self._not_found(410)
        replica = self.replica
        if not replica.validators:
            return self._send(200, replica.detail(case))
        etag, last_modified = replica.validators_of(case)
        headers = {"ETag": etag, "Last-Modified": last_modified}
        if not_modified(self.headers, etag, case.modified):
            self._responded(304)
            self.send_response(304)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            return None
        return self._send(200, replica.detail(case), headers=headers)

    def _not_found(self, status: int):
        replica = self.replica
        body = replica.markup.render_not_found(replica.base_url, replica.banner(), status)
        self._send(status, body)

    def _redirect(self, location: str):
        self._responded(301)
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: int,
        body: str,
        content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ):
        data = body.encode("utf-8")
        self._responded(status)
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _responded(self, status: int):
        """Counted and logged before the response goes out, so a client that has it sees it."""
        self.replica.responded(self.command, self.path, status)
