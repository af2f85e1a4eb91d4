"""Chrome is what recurs across pages, counted where it stands, whatever it says."""

from __future__ import annotations

from casecrawl.parse.blocks import Block
from casecrawl.parse.chrome import RepeatedTexts, chrome_key, label_keys


def block(text: str, place: str = "div > p") -> Block:
    return Block("p", text, element=None, place=place)


def test_figures_and_date_words_are_folded_before_counting():
    assert chrome_key("Download the case study (PDF, 1.2MB)") == chrome_key(
        "Download the case study (PDF, 583 KB)"
    )
    assert chrome_key("Last updated 3 March 2021") == chrome_key("Last updated 14 June 2022")
    assert chrome_key("The challenge") != chrome_key("The solution")


def test_a_text_is_chrome_where_it_recurs_not_where_it_stands_once():
    words = "ash beech cedar elm fir hazel larch oak pine yew".split()
    pages = [
        [block("Share this page"), block("Contact", "footer > li"), block(f"Body of {w}")]
        for w in words[:9]
    ]
    pages.append([block("Contact", "div.body > h2"), block("Body of yew")])
    repeated = RepeatedTexts(pages)
    assert repeated.share(block("Share this page")) == 0.9
    assert repeated.share(block("Contact", "footer > li")) == 0.9
    assert repeated.share(block("Contact", "div.body > h2")) == 0.1  # the body's own heading
    assert repeated.share(block("Body of elm")) == 0.1


def test_too_few_pages_tell_no_chrome():
    repeated = RepeatedTexts([[block("Share")], [block("Share")]])
    assert repeated.share(block("Share")) == 0.0


def test_labels_of_label_value_lines_are_counted_apart_from_their_values():
    assert label_keys("Type: Case study | Audience: Officers") == {"label type", "label audience"}
    assert label_keys("A sentence: it goes on and on " + "x" * 200) == set()
    pages = [[block(f"Audience: group {n}")] for n in range(4)] + [[block("Nothing")]]
    assert RepeatedTexts(pages).label_share("Audience: someone else") == 0.8


def test_the_recorded_shares_read_pages_again():
    pages = [[block("Share this page")] for _ in range(4)] + [[block("Other")]]
    common = RepeatedTexts(pages).common()
    again = RepeatedTexts.from_shares(common, 5)
    assert again.share(block("Share this page")) == 0.8
