"""Variant 'furnished': a random markup drawn from a seed, built from a checklist of the furniture
real websites carry around an article (docs/markup-checklist.md), independently of the parsers.

`FurnishedMarkup(seed)` draws every checklist item as a toggle from `random.Random(f"furnished:{seed}")`
(choices.DIMENSIONS); the same seed always gives the same HTML for the same view. `describe()`
gives the seed and every toggle's value (`casecrawl replica serve --variant furnished
--markup-seed N` prints it).

Modules: choices (the toggles and the furniture's words), dates (the date forms), frame (class
names, landmarks, head, header, footer, shared blocks), detail and listing (the pages).
"""

from __future__ import annotations

from casecrawl.testbed.markups.furnished.choices import DIMENSIONS, draw
from casecrawl.testbed.markups.furnished.detail import render_detail as _render_detail
from casecrawl.testbed.markups.furnished.detail import render_not_found as _render_not_found
from casecrawl.testbed.markups.furnished.frame import Theme
from casecrawl.testbed.markups.furnished.listing import render_listing as _render_listing
from casecrawl.testbed.views import DetailView, ListingView

__all__ = ["DIMENSIONS", "FurnishedMarkup"]


class FurnishedMarkup:
    """One furnished markup: the seed's toggles and the three pages rendered with them."""

    def __init__(self, seed: int):
        self.seed = seed
        self.choices = draw(seed)
        self.theme = Theme(seed, self.choices)

    def describe(self) -> dict:
        """The seed and every toggle's value (JSON-serialisable)."""
        return {"variant": "furnished", "seed": self.seed, **self.choices}

    def render_listing(self, view: ListingView) -> str:
        return _render_listing(self.theme, view)

    def render_detail(self, view: DetailView) -> str:
        return _render_detail(self.theme, view)

    def render_not_found(self, base_url: str, banner: str, status: int) -> str:
        return _render_not_found(self.theme, banner, status)
