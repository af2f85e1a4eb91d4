"""Topic labels as the site shows them: 'View all<Topic> articles' links or bare names."""

from __future__ import annotations

import re

VIEW_ALL = re.compile(r"^View all\s*(?P<topic>.+?)\s*articles$", re.IGNORECASE)


def view_all_topic(text: str) -> str | None:
    """The topic in a 'View all<Topic> articles' label, with no 'View all'/'articles' residue."""
    match = VIEW_ALL.match(text.strip())
    return match.group("topic").strip() if match else None


def is_bare_topic_label(text: str, vocabulary: frozenset[str]) -> bool:
    """True when the text is exactly a known topic name (older pages show topics bare)."""
    return text.strip().casefold() in {v.casefold() for v in vocabulary}
