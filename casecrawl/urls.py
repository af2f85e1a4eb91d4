"""Case-study and listing URLs: building them, folding aliases, reading slugs.

The same case study is reachable on several hosts and schemes, with or without a
trailing slash, query or fragment, and as `/node/N`; the slug is its identity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

CASE_STUDY_PATH = re.compile(r"^/case-studies/([a-z0-9][a-z0-9-]*)/?$", re.IGNORECASE)
NODE_PATH = re.compile(r"^/node/(\d+)/?$")
LISTING_PATH = re.compile(r"^/case-studies/?$")

# Hosts that serve the same case studies with the same slugs (site-notes).
LGA_HOSTS = frozenset(
    {
        "www.local.gov.uk",
        "local.gov.uk",
        "www2.local.gov.uk",
        "pas.gov.uk",
        "www.pas.gov.uk",
        "lgaconservatives.local.gov.uk",
        "lgaindependent.local.gov.uk",
        "lg-procurement.org.uk",
        "www.lg-procurement.org.uk",
    }
)


def normalise_base_url(base_url: str) -> str:
    """Return the base URL as scheme://host[:port], no trailing slash."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base URL must be http(s)://host, got {base_url!r}")
    return urlunsplit((parts.scheme, parts.netloc.lower(), "", "", ""))


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})


def _loopback_alias(netloc: str) -> str:
    """`localhost:8000` and `127.0.0.1:8000` are one site (the local replica)."""
    host, _, port = netloc.rpartition(":") if netloc.count(":") == 1 else (netloc, "", "")
    return f"127.0.0.1:{port}" if host in LOOPBACK_NAMES else netloc


def _same_site(host: str, base_host: str) -> bool:
    if host in LGA_HOSTS and base_host in LGA_HOSTS:
        return True
    return _loopback_alias(host) == _loopback_alias(base_host)


@lru_cache(maxsize=8192)  # the same links (menus, related blocks) recur on every page
def case_study_slug(url: str, base_url: str) -> str | None:
    """The slug when `url` is a case-study page on the crawled site, else None."""
    parts = urlsplit(urljoin(base_url + "/", url))
    if parts.scheme not in ("http", "https"):
        return None
    if not _same_site(parts.netloc.lower(), urlsplit(base_url).netloc.lower()):
        return None
    match = CASE_STUDY_PATH.match(parts.path)
    return match.group(1).lower() if match else None


def node_id(url: str, base_url: str) -> int | None:
    """The Drupal node number when `url` is a `/node/N` alias on the crawled site."""
    parts = urlsplit(urljoin(base_url + "/", url))
    if not _same_site(parts.netloc.lower(), urlsplit(base_url).netloc.lower()):
        return None
    match = NODE_PATH.match(parts.path)
    return int(match.group(1)) if match else None


def canonical_case_study_url(slug: str, base_url: str) -> str:
    """`<base>/case-studies/<slug>`: the one URL a case study has in the dataset."""
    return f"{normalise_base_url(base_url)}/case-studies/{slug}"


def listing_url(
    base_url: str, page: int, order: str = "DESC", facets: dict[str, str] | None = None,
    **filters: str,
) -> str:  # fmt: skip
    """A listing URL as the site writes it (`keys`, `from`, `to`, `sort_by`, `sort_order`, `page`),
    with `facets` such as {"topic[2446]": "2446"} (written `topic%5B2446%5D=2446`)."""
    params = [
        ("keys", filters.get("keys", "")),
        ("from", filters.get("from", "")),
        ("to", filters.get("to", "")),
        ("sort_by", filters.get("sort_by", "created")),
        ("sort_order", order),
        *sorted((facets or {}).items()),
        ("page", str(page)),
    ]
    return f"{normalise_base_url(base_url)}/case-studies?{urlencode(params)}"


def facet_param(kind: str, option_id: int) -> dict[str, str]:
    """The query parameter of a topic or support-type filter: {"topic[ID]": "ID"}."""
    name = "topic" if kind == "topic" else "subject"
    return {f"{name}[{option_id}]": str(option_id)}


def listing_query(url: str) -> tuple[tuple[str, str], ...] | None:
    """The sorted query of a listing URL without `page`, or None for other URLs.

    Two listing links belong to the same walk when their queries match; the site
    writes the parameters in varying order, hence the sort.
    """
    parts = urlsplit(url)
    if not LISTING_PATH.match(parts.path):
        return None
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    return tuple(sorted((k, v) for k, v in pairs if k != "page"))


def listing_page_number(url: str) -> int:
    """The 0-based `page` parameter of a listing URL (0 when absent or malformed)."""
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key == "page":
            try:
                return max(int(value), 0)
            except ValueError:
                return 0
    return 0
