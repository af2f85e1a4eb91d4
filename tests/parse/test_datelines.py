"""Every date a page shows, with its label: an update's date is never the publication date."""

from __future__ import annotations

from datetime import date

from casecrawl.parse.blocks import page_blocks
from casecrawl.parse.datelines import date_lines


def lines(html: str):
    return date_lines(page_blocks(f"<html><body>{html}</body></html>", "https://x.test/a"))


def test_labels_tell_publication_from_update_in_either_order():
    found = lines("<p>Last updated: 14 June 2022</p><p>Published 3 March 2021</p>")
    assert [(d.value, d.is_update) for d in found] == [
        (date(2022, 6, 14), True),
        (date(2021, 3, 3), False),
    ]


def test_two_dates_on_one_line_take_the_words_before_each():
    (published, reviewed) = lines("<p>Published: 3 March 2021 | Reviewed: 4/5/2022</p>")
    assert (published.value, published.is_update) == (date(2021, 3, 3), False)
    assert (reviewed.value, reviewed.label, reviewed.is_update) == (
        date(2022, 5, 4),
        "Reviewed",
        True,
    )


def test_a_label_standing_in_the_block_before_its_date():
    (found,) = lines("<dl><dt>Page last reviewed</dt><dd>3 March 2021</dd></dl>")
    assert found.label == "Page last reviewed" and found.is_update


def test_the_machine_form_of_a_time_element_is_read():
    (found,) = lines('<p>Posted <time datetime="2021-03-03">Spring</time> on Wednesday</p>')
    assert (found.value, found.machine) == (date(2021, 3, 3), True)


def test_a_container_does_not_own_its_childrens_dates():
    found = lines("<header>Intro text<div>Posted 3 March 2021</div></header>")
    assert [d.block.text for d in found] == ["Posted 3 March 2021"]


def test_an_updates_date_shown_again_without_its_label_is_still_an_update():
    found = lines("<p>Last updated 14 June 2022</p><ul><li>14 June 2022</li></ul>")
    assert all(d.is_update for d in found)


def test_a_day_is_not_read_from_a_time_that_shows_a_longer_day():
    # GOV.UK's published-dates block: '1 February' must not take the <time> of '11 February'.
    found = lines(
        "<div>Published 1 February 2012<br>Last updated 11 February 2012<br>"
        '<time datetime="2012-02-11">11 February 2012</time> Reviewed.<br>'
        '<time datetime="2012-02-01">1 February 2012</time> First published.</div>'
    )
    assert (found[0].value, found[0].label) == (date(2012, 2, 1), "Published")
    assert (found[1].value, found[1].is_update) == (date(2012, 2, 11), True)
