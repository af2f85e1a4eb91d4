"""The site's chrome, found by repetition: what many case-study pages show alike is not content.

No phrase lists: a banner, a consent notice, a share bar, a newsletter form, a feedback
widget, a download block or the heading of a related block is chrome because its text
recurs on a large share of the sample's pages, whatever it says. Numbers and date words
are folded before counting, so 'Download the case study (PDF, 1.2MB)' and 'Last updated
3 March 2021' recur although their figures differ from page to page.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from casecrawl.parse.dates import DATE_IN_TEXT, MONTHS, WEEKDAYS

# Figures with a unit ('1.3MB', '583 KB', '4 min read'): sizes and times that differ from
# page to page in the same chrome. Other digits stay: 'Body of case 12' is its page's own.
FIGURES = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:kb|mb|gb|bytes|pages?|mins?|minutes?|hours?)\b", re.IGNORECASE
)
YEAR = re.compile(r"(?<=D )(?:19|20)\d{2}\b")  # the year of a month folded before it
DATE_WORDS = re.compile(rf"\b(?:{MONTHS}|{WEEKDAYS})(?=\W|$)", re.IGNORECASE)
# A text on this share of the sample's pages is chrome wherever it stands outside the body;
# inside the body's run of blocks only at CHROME_IN_BODY (section headings like "The
# challenge" recur on many pages and are content).
CHROME_SHARE = 0.5
CHROME_IN_BODY = 0.8
MIN_PAGES = 3  # fewer sample pages cannot tell chrome from chance


@lru_cache(maxsize=4096)  # chrome recurs on every page: each of its texts is folded once
def chrome_key(text: str) -> str:
    """A text with its dates, figures and date words folded, for counting repetitions."""
    folded = DATE_IN_TEXT.sub("D", text.casefold())
    folded = DATE_WORDS.sub("D", FIGURES.sub("0", folded))
    folded = YEAR.sub("D", folded)
    return " ".join(folded.split())


LABEL = re.compile(r"(?:^|[|•·]\s*)([^:|•·]{1,30}):\s*\S")
SHORT_LINE = 120


def label_keys(text: str) -> set[str]:
    """The labels of a short 'Label: value' line ('Type: Case study | Audience: Officers')."""
    if len(text) > SHORT_LINE:
        return set()
    return {"label " + chrome_key(m.group(1)) for m in LABEL.finditer(text)}


class RepeatedTexts:
    """On how many of the sample's pages each (folded) text stands in each kind of block, and
    each line label. A text counts where it stands: 'Contact' as a footer link recurs on
    every page, 'Contact' as the body's last heading on some."""

    def __init__(self, pages: list[list]):
        self.pages = len(pages)
        self.counts: Counter[str] = Counter()
        for blocks in pages:
            keys = {_key(b.text, b.place) for b in blocks}
            for block in blocks:
                keys |= label_keys(block.text)
            self.counts.update(keys)

    def share(self, block) -> float:
        if self.pages < MIN_PAGES:
            return 0.0
        return self.counts[_key(block.text, block.place)] / self.pages

    def label_share(self, text: str) -> float:
        """How often the most frequent label of a 'Label: value' line recurs."""
        if self.pages < MIN_PAGES:
            return 0.0
        return max((self.counts[k] / self.pages for k in label_keys(text)), default=0.0)

    def common(self, share: float = CHROME_SHARE) -> dict[str, float]:
        """The folded texts (with where they stand) on at least `share` of the pages."""
        if self.pages < MIN_PAGES:
            return {}
        return {
            key: round(n / self.pages, 3)
            for key, n in self.counts.most_common()
            if n / self.pages >= share
        }

    @classmethod
    def from_shares(cls, shares: dict[str, float], pages: int) -> RepeatedTexts:
        """The repetitions a template recorded (its common texts), to read pages with again."""
        repeated = cls([])
        repeated.pages = pages
        repeated.counts = Counter({key: round(share * pages) for key, share in shares.items()})
        return repeated


def _key(text: str, place: str) -> str:
    return f"{chrome_key(text)} @ {place}" if place else chrome_key(text)
