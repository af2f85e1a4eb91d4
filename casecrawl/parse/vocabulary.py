"""The site's topics: the filter form's names and IDs, and the links that lead to each topic.

A topic link is known by its text ('View all<Topic> articles', or the topic's name) or by
its target: a listing filtered on the topic (`topic[ID]=ID`), or a page another link with
the topic's name already led to (learned as pages are read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from casecrawl.parse.filters import BRACKETED
from casecrawl.parse.topics import view_all_topic


def _target(href: str) -> str:
    """A link's target without host, query order, fragment or trailing slash."""
    parts = urlsplit(href)
    query = "&".join(
        f"{k}={v}" for k, v in sorted(parse_qsl(parts.query)) if k.startswith(("topic", "subject"))
    )
    return parts.path.rstrip("/") + ("?" + query if query else "")


@dataclass
class TopicVocabulary:
    """Topic names (the filter's, and the listing's labels), IDs, and known link targets."""

    names: frozenset[str] = frozenset()
    ids: dict[int, str] = field(default_factory=dict)  # topic filter ID -> name
    targets: dict[str, str] = field(default_factory=dict)  # link target -> name

    def __post_init__(self) -> None:
        self._folded = {n.casefold(): n for n in self.names}

    def canonical(self, name: str | None) -> str | None:
        """The vocabulary's spelling of a name, or the name as given when it is not known."""
        if not name:
            return None
        return self._folded.get(name.strip().casefold(), name.strip())

    def known(self, name: str) -> bool:
        return name.strip().casefold() in self._folded

    def name_of_link(self, href: str, text: str) -> str | None:
        """The topic a link leads to, by its text or its target; None for any other link."""
        label = view_all_topic(text)
        if label:
            return self.canonical(label)
        if text and self.known(text):
            return self.canonical(text)
        target = _target(href)
        if target in self.targets:
            return self.targets[target]
        for key, value in parse_qsl(urlsplit(href).query):
            match = BRACKETED.match(key)
            if match and match[1] == "topic" and value.isdigit() and int(value) in self.ids:
                return self.ids[int(value)]
        return None

    def learn_target(self, href: str, name: str, base_url: str) -> None:
        """Remember where a link with a topic's name leads, to know other links to it."""
        self.targets.setdefault(_target(urljoin(base_url + "/", href)), name)
