"""The Retry-After gate: once a host has said 'retry after N seconds', nothing is sent to it
before N seconds have passed, queued requests and retries included."""

from __future__ import annotations

import asyncio
from time import monotonic

from scrapy.http import HtmlResponse, Request

from casecrawl.fetch.retry_after import RetryAfterGate

SITE = "http://127.0.0.1:8000"


class Host:
    """A host that answers the first request 429 with Retry-After, then 200; it records when
    each request was sent."""

    def __init__(self, retry_after: str = "1", status: int = 429):
        self.sent: list[tuple[str, float]] = []
        self.retry_after, self.status = retry_after, status

    async def send(self, request):
        self.sent.append((request.url, monotonic()))
        await asyncio.sleep(0.01)
        first = len(self.sent) == 1
        headers = {"Retry-After": self.retry_after} if first else {}
        return HtmlResponse(
            request.url, status=self.status if first else 200, headers=headers, body=b"<p>x</p>"
        )


def crawl(gate: RetryAfterGate, urls: list[str], spacing: float = 0.0):
    """Each URL requested `spacing` seconds after the previous, all in flight together."""

    async def one(n, url):
        await asyncio.sleep(n * spacing)
        return await gate.download(Request(url))

    async def run():
        return await asyncio.gather(*(one(n, u) for n, u in enumerate(urls)))

    return asyncio.run(run())


def test_requests_queued_behind_a_429_wait_for_its_retry_after():
    host = Host("1")
    gate = RetryAfterGate(host.send, max_pause=600)
    urls = [f"{SITE}/case-studies/{n}" for n in range(6)]
    # The first answers 429 after 10 ms; the others are asked for after it arrived.
    responses = crawl(gate, urls, spacing=0.02)
    (_, first_sent), *later = host.sent
    limited_at = first_sent + 0.01
    assert [r.status for r in responses] == [429, 200, 200, 200, 200, 200]
    assert all(sent >= limited_at + 0.99 for _, sent in later), [s - limited_at for _, s in later]
    assert gate.held == 5


def test_a_pause_holds_its_host_only():
    host = Host("1")
    gate = RetryAfterGate(host.send, max_pause=600)
    crawl(gate, [f"{SITE}/case-studies/a", "http://elsewhere.test/b"], spacing=0.02)
    (_, first_sent), (other, sent) = host.sent
    assert other == "http://elsewhere.test/b" and sent - first_sent < 0.5
    assert gate.held == 0


def test_a_retry_after_beyond_the_cap_holds_nothing():
    # The rate-limit middleware stops the crawl instead; the gate must not hold it for an hour.
    host = Host("3600")
    gate = RetryAfterGate(host.send, max_pause=600)
    crawl(gate, [f"{SITE}/case-studies/a", f"{SITE}/case-studies/b"], spacing=0.02)
    assert host.sent[1][1] - host.sent[0][1] < 0.5


def test_a_503_with_retry_after_pauses_too_and_one_without_does_not():
    for retry_after, held in (("1", 1), ("", 0)):
        host = Host(retry_after, status=503)
        gate = RetryAfterGate(host.send, max_pause=600)
        crawl(gate, [f"{SITE}/case-studies/a", f"{SITE}/case-studies/b"], spacing=0.02)
        gap = host.sent[1][1] - host.sent[0][1]
        assert (gap >= 0.99) == bool(held) and gate.held == held
