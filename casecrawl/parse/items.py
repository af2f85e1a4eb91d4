"""The case-study item: what the spider hands to the pipelines."""

from __future__ import annotations

from datetime import datetime

from casecrawl.parse.detail import DetailPage
from casecrawl.parse.listing import Teaser


def case_study_item(
    slug: str,
    url: str,
    detail: DetailPage,
    teaser: Teaser,
    listing_position: int,
    crawled_at: datetime,
    source: str,
) -> dict:
    """One row-to-be; `listing_position` is the place in the walk's order, ranked at export."""
    return {
        "id": slug,
        "url": url,
        "title": detail.title,
        # The page's own text, never the teaser's: a page may show no summary.
        "summary": detail.summary,
        "topics": detail.topics,
        "published_date": detail.published_date,
        "published_date_raw": detail.published_date_raw,
        "body_text": detail.body_text,
        "sections": detail.sections,
        "links": detail.links,
        "listing_position": listing_position,
        "crawled_at": crawled_at,
        "source": source,
        # Not columns: what the cross-checks compare with the listing.
        "date_evidence": detail.date_evidence,
        "header_texts": detail.header_texts,
        "topic_hrefs": detail.topic_hrefs,
        "placed": detail.placed,  # field -> 'template' or 'per-page rules'
        "template_misses": detail.template_misses,
    }
