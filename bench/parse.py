"""CPU time of the page parsers alone, per markup: milliseconds per detail and per listing page.

Renders the replica's pages in memory (no HTTP, no Scrapy), then parses each one with
`parse_detail_page` / `parse_listing_page` as the spider does, on one core. The target keeps
extraction well under the polite crawl's one request a second: under 10 ms a page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casecrawl.parse.detail import DetailHints, parse_detail_page  # noqa: E402
from casecrawl.parse.listing import parse_listing_page  # noqa: E402
from casecrawl.testbed.server import ReplicaServer  # noqa: E402
from casecrawl.testbed.site import TOPICS, ReplicaSite  # noqa: E402

TARGET_MS = 10.0


def measure(variant: str, seed: int | None, size: int) -> tuple[float, float]:
    """(ms per detail page, ms per listing page), the median of three passes."""
    site = ReplicaSite(size)
    server = ReplicaServer(site, variant, markup_seed=seed)
    base = server.base_url
    details = [(server.detail(c), f"{base}/case-studies/{c.slug}", c) for c in site.case_studies]
    queries = [urlencode({"sort_order": "ASC", "page": p}) for p in range((size + 9) // 10)]
    listings = [(server.listing(q), f"{base}/case-studies?{q}") for q in queries]
    server.httpd.server_close()
    vocabulary = frozenset(TOPICS.values())
    detail_ms, listing_ms = [], []
    for _ in range(3):
        start = time.process_time()
        for html, url, case in details:
            parse_detail_page(html, url, base, DetailHints(case.summary, vocabulary, True))
        detail_ms.append((time.process_time() - start) * 1000 / len(details))
        start = time.process_time()
        for html, url in listings:
            parse_listing_page(html, url, base, vocabulary)
        listing_ms.append((time.process_time() - start) * 1000 / len(listings))
    return statistics.median(detail_ms), statistics.median(listing_ms)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=500, help="case studies per markup")
    parser.add_argument("--random-seeds", default="0-9", help="random markups to time")
    args = parser.parse_args()
    first, _, last = args.random_seeds.partition("-")
    markups = [("classic", None), ("flat", None), ("plain", None)]
    markups += [("random", s) for s in range(int(first), int(last or first) + 1)]
    print(f"{'markup':<12} {'ms/detail':>10} {'ms/listing':>11}")
    worst = 0.0
    for variant, seed in markups:
        detail, listing = measure(variant, seed, args.size)
        worst = max(worst, detail, listing)
        name = variant if seed is None else f"random {seed}"
        print(f"{name:<12} {detail:>10.2f} {listing:>11.2f}")
    met = worst < TARGET_MS
    print(
        f"slowest {worst:.2f} ms a page; target < {TARGET_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
