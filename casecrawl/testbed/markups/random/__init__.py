"""Variant 'random': the replica's site in a markup drawn from a seed, standing for unseen markup.

`RandomMarkup(seed)` picks one value for each dimension in `choices.DIMENSIONS` (wrappers and
landmarks, heading levels, class names, where and how each field is written, the related block,
the listing's teasers, count, pager and filters) and renders every page of the site in that one
template. Only what site-notes leaves open varies: the ground truth (title in the h1, summary,
topics, date shown or not, body blocks, series line) is the same in every markup, so
`ReplicaSite.expected_rows` holds whatever the seed. The same seed always gives the same HTML.
"""

from __future__ import annotations

from casecrawl.testbed.markups.random import detail, listing
from casecrawl.testbed.markups.random.choices import DIMENSIONS, Choices, draw
from casecrawl.testbed.markups.random.page import Kit
from casecrawl.testbed.views import DetailView, ListingView

__all__ = ["DIMENSIONS", "Choices", "RandomMarkup"]


class RandomMarkup:
    """A markup variant with the interface of the named ones, its template drawn from `seed`."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.choices = draw(seed)
        self.kit = Kit(self.choices)

    def describe(self) -> dict:
        """The seed and the value chosen for every dimension."""
        return self.choices.describe()

    def render_listing(self, view: ListingView) -> str:
        return listing.render_listing(self.kit, view)

    def render_detail(self, view: DetailView) -> str:
        return detail.render_detail(self.kit, view)

    def render_not_found(self, base_url: str, banner: str, status: int) -> str:
        message = "This page has been removed" if status == 410 else "Page not found"
        content = (
            f"<h1{self.kit.cls('page-title')}>{message}</h1>\n<p>Sorry, we could not find that "
            'page. <a href="/case-studies">Browse all case studies</a>.</p>'
        )
        return self.kit.page(message, banner, content, [])

    def __repr__(self) -> str:
        return f"RandomMarkup({self.seed})"
