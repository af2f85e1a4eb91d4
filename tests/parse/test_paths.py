"""Element paths learned from a few pages: the classes every example shares, the fewest levels
that pick the right element on every page, and nothing where a page shows none."""

from __future__ import annotations

from parsel import Selector

from casecrawl.parse.paths import ElementPath, Example, PathChoice, chains_of, learn_path


def example(html: str, right_text: str | None) -> Example:
    root = Selector(text=html).root
    candidates = [e for e in root.iter("p", "h1", "div") if (e.text or "").strip()]
    right = [e for e in candidates if right_text and (e.text or "").strip() == right_text]
    return Example(candidates, right, chains_of(candidates), shows=right_text is not None)


PAGE = """<html><body><div class="header"><p class="lead node-{n}">Summary {n}</p></div>
<div class="body"><p>First paragraph {n}</p><p>Second paragraph {n}</p></div></body></html>"""


def test_a_path_keeps_the_classes_every_page_shares_and_drops_the_rest():
    examples = [example(PAGE.format(n=n), f"Summary {n}") for n in range(5)]
    choice = learn_path(examples)
    assert choice is not None and choice.agreement == 1.0
    assert choice.path.css == "p.lead"  # node-0 ... node-4 differ from page to page
    assert choice.pick == "only"


def test_a_page_without_the_field_is_a_page_where_the_path_must_pick_nothing():
    with_summary = [example(PAGE.format(n=n), f"Summary {n}") for n in range(4)]
    # A page with no summary element: a path as loose as 'p' would pick a body paragraph.
    bare = example(
        "<html><body><div class='body'><p>First paragraph 9</p></div></body></html>", None
    )
    choice = learn_path([*with_summary, bare])
    assert choice.agreement == 1.0
    assert choice.select(bare.candidates, bare.chains) == []


def test_no_example_of_the_field_learns_nothing():
    assert learn_path([example(PAGE.format(n=1), None)]) is None


def test_a_path_goes_to_json_and_back_unchanged():
    choice = learn_path([example(PAGE.format(n=n), f"Summary {n}") for n in range(3)])
    again = PathChoice.from_json(choice.to_json())
    assert again.path == choice.path and again.pick == choice.pick
    assert again.agreement == choice.agreement
    assert ElementPath.from_json(choice.path.to_json()) == choice.path
