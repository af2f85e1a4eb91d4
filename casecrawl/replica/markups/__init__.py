"""Markup variants of the replica; they share no class name and no wrapper."""

from casecrawl.replica.markups import classic, flat, plain

VARIANTS = {"classic": classic, "flat": flat, "plain": plain}


def get_variant(name: str):
    """The markup module called `name`, or a ValueError naming the known ones."""
    try:
        return VARIANTS[name]
    except KeyError:
        known = ", ".join(sorted(VARIANTS))
        raise ValueError(f"unknown replica variant {name!r}; known variants: {known}") from None
