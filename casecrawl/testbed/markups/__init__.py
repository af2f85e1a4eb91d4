"""Markup variants of the replica; they share no class name and no wrapper.

The named variants are modules; 'random' is a markup drawn from a seed (`RandomMarkup`),
'furnished' another, written from a checklist of real sites' furniture (`FurnishedMarkup`);
the 'broken-*' ones are made unreadable on purpose, for the crawl to refuse (`BrokenMarkup`).
"""

from casecrawl.testbed.markups import classic, flat, govuk, localgov, olivero, plain, wordpress
from casecrawl.testbed.markups.broken import KINDS as BROKEN
from casecrawl.testbed.markups.broken import BrokenMarkup
from casecrawl.testbed.markups.furnished import FurnishedMarkup
from casecrawl.testbed.markups.random import RandomMarkup

VARIANTS = {
    "classic": classic,
    "flat": flat,
    "plain": plain,
    "localgov": localgov,
    "govuk": govuk,
    "wordpress": wordpress,
    "olivero": olivero,
}
RANDOM = "random"
FURNISHED = "furnished"


def get_variant(name: str, markup_seed: int | None = None):
    """The markup called `name`, or a ValueError naming the known ones.

    `markup_seed` chooses the 'random' or 'furnished' markup (seed 0 when omitted); it is an
    error with a named variant, whose markup is fixed.
    """
    if name == RANDOM:
        return RandomMarkup(0 if markup_seed is None else markup_seed)
    if name == FURNISHED:
        return FurnishedMarkup(0 if markup_seed is None else markup_seed)
    if name in BROKEN and markup_seed is None:
        return BrokenMarkup(name)
    if name not in VARIANTS and name not in BROKEN:
        known = ", ".join([*sorted(VARIANTS), RANDOM, FURNISHED, *sorted(BROKEN)])
        raise ValueError(f"unknown replica variant {name!r}; known variants: {known}")
    if markup_seed is not None:
        raise ValueError(
            f"--markup-seed applies only to --variant random or furnished; variant {name!r} has a "
            "fixed markup"
        )
    return VARIANTS[name]
