"""Each teaser's parts, packed until the site's template reads them.

A teaser's parts (every block of it: path, text, links) are what the teaser template learns
from and reads, once. The walk meets every case study's teaser before the template is learned,
and as Python objects the parts are two thirds of a teaser: about 2 KB each, memory that would
grow with the site. Packed (pickled, then zlib), they take about 400 bytes until then.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib


class TeaserParts:
    """slug -> its teaser's parts, packed; taken (and forgotten) when the template reads them."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}
        self._wanted = True

    def __len__(self) -> int:
        return len(self._packed)

    def keep(self, teaser):
        """The teaser without its parts; the parts kept, packed."""
        if not teaser.parts:
            return teaser
        if self._wanted:
            self._packed[teaser.slug] = zlib.compress(pickle.dumps(teaser.parts, protocol=5), 1)
        return dataclasses.replace(teaser, parts=())

    def restored(self, teaser):
        """The teaser with its parts back (they stay kept), for the learning sample."""
        packed = self._packed.get(teaser.slug) if teaser is not None else None
        if packed is None:
            return teaser
        return dataclasses.replace(teaser, parts=pickle.loads(zlib.decompress(packed)))

    def taken(self, teaser):
        """The teaser with its parts back, which are forgotten: it is read once."""
        restored = self.restored(teaser)
        if restored is not teaser:
            del self._packed[teaser.slug]
        return restored

    def clear(self) -> None:
        self._packed.clear()

    def forget_all(self) -> None:
        """No template will read them (none learned, or none to learn): none kept from now."""
        self._packed.clear()
        self._wanted = False
