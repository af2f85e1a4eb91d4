"""What a page says of itself in structured data: JSON-LD, microdata, OpenGraph and meta tags.

Read with extruct, a well-kept library that knows the formats' corners (`@graph`,
`itemprop` values in `content` attributes, OpenGraph namespaces). The values are a
second opinion on the title, summary and dates, and the publication date of a page that
shows it nowhere else; never the only source of a field the page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from parsel import Selector

from casecrawl.parse.blocks import normalise_text
from casecrawl.parse.dates import parse_date

ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "Report", "CreativeWork", "WebPage")
# Meta tags naming a publication date, most specific first.
DATE_META = (
    "article:published_time",
    "og:published_time",
    "dcterms.date",
    "dcterms.created",
    "dc.date",
    "date",
    "citation_publication_date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "dcterms.modified")


@dataclass
class StructuredData:
    """The fields structured data gives, each with where it came from ('json-ld', ...)."""

    headline: str | None = None
    description: str | None = None
    published: date | None = None
    modified: date | None = None
    published_raw: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> source

    def set(self, name: str, value, source: str) -> None:
        if value and getattr(self, name) is None:
            setattr(self, name, value)
            self.sources[name] = source


def _types(item: dict) -> list[str]:
    kind = item.get("@type") or item.get("type") or []
    kinds = kind if isinstance(kind, list) else [kind]
    return [str(k).rsplit("/", 1)[-1] for k in kinds]


def _json_ld_items(root) -> list[dict]:
    items: list[dict] = []
    try:
        found = JsonLdExtractor().extract_items(root)
    except (ValueError, TypeError, json.JSONDecodeError):
        return items  # a broken script block says nothing
    for item in found:
        for one in item if isinstance(item, list) else [item]:
            if isinstance(one, dict):
                graph = one.get("@graph")
                items += (
                    [g for g in graph if isinstance(g, dict)] if isinstance(graph, list) else []
                )
                items.append(one)
    return items


def _text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    return normalise_text(str(value)) if value else None


def _ranked(items: list[dict]) -> list[dict]:
    """Article-like items first (their headline is the page's), web pages last."""

    def rank(item: dict) -> int:
        kinds = _types(item)
        return min((ARTICLE_TYPES.index(k) for k in kinds if k in ARTICLE_TYPES), default=99)

    return sorted((i for i in items if rank(i) < 99), key=rank)


def read_structured_data(page: str | Selector, url: str) -> StructuredData:
    """Every structured statement of the page's headline, description and dates."""
    selector = page if isinstance(page, Selector) else Selector(text=page)
    root = selector.root
    data = StructuredData()
    for item in _ranked(_json_ld_items(root)):
        _take(data, item, "json-ld")
    try:
        microdata = MicrodataExtractor().extract_items(root, url)
    except (ValueError, TypeError, AttributeError):
        microdata = []
    for item in _ranked([m for m in microdata if isinstance(m, dict)]):
        _take(data, item.get("properties") or {}, "microdata")
    meta = _meta(selector)
    for name in DATE_META:
        if meta.get(name):
            data.set("published_raw", meta[name], f"meta {name}")
            data.set("published", parse_date(meta[name]), f"meta {name}")
    for name in MODIFIED_META:
        if meta.get(name):
            data.set("modified", parse_date(meta[name]), f"meta {name}")
    data.set("headline", _text(meta.get("og:title")), "opengraph")
    data.set("description", _text(meta.get("og:description")), "opengraph")
    data.set("description", _text(meta.get("description")), "meta description")
    return data


def _take(data: StructuredData, item: dict, source: str) -> None:
    data.set("headline", _text(item.get("headline") or item.get("name")), source)
    data.set("description", _text(item.get("description")), source)
    published = _text(item.get("datePublished") or item.get("dateCreated"))
    if published:
        data.set("published_raw", published, source)
        data.set("published", parse_date(published), source)
    modified = _text(item.get("dateModified"))
    if modified:
        data.set("modified", parse_date(modified), source)


def _meta(selector: Selector) -> dict[str, str]:
    """Meta tags by lower-cased name or property (the first of each), OpenGraph included."""
    found: dict[str, str] = {}
    for element in selector.root.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = element.get("content")
        if key and value and key not in found:
            found[key] = value.strip()
    try:
        for item in OpenGraphExtractor().extract_items(selector.root):
            for key, value in item.get("properties", []):
                found.setdefault(key.lower(), value)
    except (ValueError, TypeError, AttributeError):
        pass
    return found
