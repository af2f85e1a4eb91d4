"""Topic labels as the site shows them: 'View all<Topic> articles' links or bare names.

Labels are read one link at a time, so two links standing inline in one container
give two topics, never one merged string. Bare names (older pages) are recognised
only as names of the listing's topic filter, alone or several in a row.
"""

from __future__ import annotations

import re

from casecrawl.parse.blocks import Block, normalise_text

VIEW_ALL = re.compile(r"^View all\s*(?P<topic>.+?)\s*articles$", re.IGNORECASE)
# What may stand between labels written inline: whitespace, commas, bars, bullets, slashes.
SEPARATORS = re.compile(r"^[\s,;|/•·–-]*$")
LABEL_WORDS = re.compile(
    r"^(?:related\s+)?(?:topics?|themes?|tags?|subjects?|categor(?:y|ies)|filed under)\s*:?$",
    re.IGNORECASE,
)


def view_all_topic(text: str) -> str | None:
    """The topic in a 'View all<Topic> articles' label, with no 'View all'/'articles' residue."""
    match = VIEW_ALL.match(text.strip())
    return match.group("topic").strip() if match else None


def is_bare_topic_label(text: str, vocabulary: frozenset[str]) -> bool:
    """True when the text is exactly a known topic name (older pages show topics bare)."""
    return text.strip().casefold() in {v.casefold() for v in vocabulary}


def is_topic_label_word(text: str) -> bool:
    """'Topics', 'Themes:', 'Filed under': a label announcing topic names."""
    return bool(LABEL_WORDS.match(text.strip()))


def link_topics(block: Block) -> list[str]:
    """The topics of a block's 'View all' links, one per link, in order."""
    return [t for _, text in block.links if (t := view_all_topic(text))]


def only_topic_links(block: Block) -> bool:
    """True when the block holds topic links and nothing else (but separators or a label)."""
    topics_text = [text for _, text in block.links if view_all_topic(text)]
    if not topics_text:
        return False
    rest = block.text
    for text in topics_text:
        rest = rest.replace(text, " ", 1)
    rest = normalise_text(rest)
    return bool(SEPARATORS.match(rest)) or is_topic_label_word(rest)


def bare_topics(text: str, vocabulary: frozenset[str]) -> list[str] | None:
    """The names of a text made only of topic names (and separators), else None.

    'Children and young people, Early Years' and 'Culture Libraries' both read as two
    names when both are in the vocabulary; the longest name is tried first.
    """
    text = normalise_text(text)
    label, _, rest = text.partition(":")
    if rest and is_topic_label_word(label):
        text = rest.strip()
    if not text or not vocabulary:
        return None
    names = sorted(vocabulary, key=len, reverse=True)
    folded = [(n.casefold(), n) for n in names]
    found: list[str] = []
    position, lowered = 0, text.casefold()
    while position < len(text):
        skip = re.match(r"[\s,;|/•·–-]+", text[position:])
        if skip:
            position += skip.end()
            continue
        for key, name in folded:
            end = position + len(key)
            if lowered.startswith(key, position) and (end == len(text) or not text[end].isalnum()):
                found.append(name)
                position = end
                break
        else:
            return None
    return found or None


def normalise_topics(topics: list[str], vocabulary: frozenset[str]) -> tuple[list[str], list[str]]:
    """(topics in page order without repeats, names not in the vocabulary)."""
    canonical = {v.casefold(): v for v in vocabulary}
    out: list[str] = []
    unknown: list[str] = []
    for topic in topics:
        name = normalise_text(topic)
        if not name:
            continue
        known = canonical.get(name.casefold())
        if known is None and vocabulary:
            unknown.append(name)
        name = known or name
        if name not in out:
            out.append(name)
    return out, unknown
