"""A topic link is known by its text ('View all' label or the name) or by its target."""

from __future__ import annotations

from casecrawl.parse.vocabulary import TopicVocabulary

BASE = "https://www.local.gov.uk"


def vocabulary() -> TopicVocabulary:
    return TopicVocabulary(
        frozenset({"Culture", "Libraries"}), {2446: "Culture", 2449: "Libraries"}
    )


def test_by_its_text():
    topics = vocabulary()
    assert topics.name_of_link(f"{BASE}/x", "View allCulture articles") == "Culture"
    assert topics.name_of_link(f"{BASE}/x", "libraries") == "Libraries"
    assert topics.name_of_link(f"{BASE}/x", "Read more") is None


def test_by_a_filtered_listing_target():
    topics = vocabulary()
    assert topics.name_of_link(f"{BASE}/case-studies?topic%5B2449%5D=2449", "Books") == "Libraries"


def test_by_a_target_another_link_named():
    topics = vocabulary()
    topics.learn_target("/topics/culture", "Culture", BASE)
    assert topics.name_of_link(f"{BASE}/topics/culture/", "More on this") == "Culture"
    assert topics.name_of_link(f"{BASE}/topics/housing", "More on this") is None
