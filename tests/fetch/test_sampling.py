"""The learning sample: spread over the listing, and blind to templates that alternate."""

from __future__ import annotations

import random

from casecrawl.fetch.spiders.sampling import spot_checked, spread
from casecrawl.testbed.fuzz import fuzz_seed


def slugs(n: int) -> list[str]:
    return [f"case-study-{i}" for i in range(n)]


def test_the_sample_takes_one_page_from_each_stretch_of_the_listing():
    items = slugs(400)
    place = {s: i for i, s in enumerate(items)}

    sample = spread(items, 40, key=place.__getitem__, name=str)

    assert [place[s] // 10 for s in sample] == list(range(40))


def test_the_sample_sees_both_forms_of_a_template_that_alternates_every_ten_pages():
    # 400 pages, 40 in the sample: evenly spaced picks would be pages 0, 10, 20... and see only
    # the form pages 0, 3, 6 and 9 of every ten use (as the classic replica's topics do).
    items = slugs(400)
    place = {s: i for i, s in enumerate(items)}
    old_form = {s for s in items if place[s] % 10 in (0, 3, 6, 9)}

    sample = spread(items, 40, key=place.__getitem__, name=str)

    shown_old = len([s for s in sample if s in old_form])
    assert 10 <= shown_old <= 30  # each form on at least a quarter of the sample
    assert len({place[s] % 10 for s in sample}) >= 8


def test_the_same_pages_make_the_same_sample_in_any_order():
    items = slugs(1000)
    place = {s: i for i, s in enumerate(items)}
    shuffled = random.Random(1).sample(items, len(items))

    first = spread(items, 40, key=place.__getitem__, name=str)

    assert spread(shuffled, 40, key=place.__getitem__, name=str) == first


def test_fewer_pages_than_the_sample_are_all_taken_in_order():
    items = slugs(5)
    place = {s: i for i, s in enumerate(items)}

    assert spread(list(reversed(items)), 40, key=place.__getitem__, name=str) == items


def test_a_site_whose_pages_alternate_templates_every_tenth_is_read_right():
    # The classic replica shows a topic as a bare label on four pages in ten (by node id) and
    # as a 'View all' link on the rest. At 400 case studies, one sample page in every ten
    # used to be every tenth page, all of one form: a quarter of the topics were read empty.
    result = fuzz_seed(0, size=400, generator="classic", sample_size=40)

    assert result.refused == [] and result.correct, result.examples


def test_spot_checks_take_one_page_in_n_of_either_form_of_an_alternating_template():
    # Pages answered in the walk's order: a spot check on every 20th would see only one of the
    # forms a template alternating every ten pages shows. Chosen by slug, both get some.
    items = slugs(4000)
    checked = [n for n, slug in enumerate(items) if spot_checked(slug, 20)]

    assert 150 <= len(checked) <= 250  # one in twenty
    assert len({n % 10 for n in checked}) == 10


def test_spot_checks_rotate_from_run_to_run_and_repeat_within_one():
    items = slugs(1000)
    first = {s for s in items if spot_checked(s, 20, offset=3)}

    assert first == {s for s in items if spot_checked(s, 20, offset=3)}
    assert first.isdisjoint({s for s in items if spot_checked(s, 20, offset=4)})
