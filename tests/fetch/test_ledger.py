"""RunLedger: a forked worker's page tallies start empty and add up into the run's."""

from __future__ import annotations

from casecrawl.fetch.ledger import RunLedger


def test_a_workers_tallies_add_to_the_runs_and_the_rest_stays():
    run = RunLedger("https://www.local.gov.uk", page_size=10, reported_totals=[30])
    run.detail_pages = 5
    run.cue_failed("title", "https://www.local.gov.uk/case-studies/a")
    run.extraction_timings["second_opinions_s"] = 1.0
    worker = run.tallies_cleared()
    assert worker.detail_pages == 0 and worker.cue_failures == {}
    assert worker.page_size == 10 and worker.reported_totals == [30]
    worker.detail_pages += 3
    worker.cue_failed("title", "https://www.local.gov.uk/case-studies/b")
    worker.cue_failed("date", "https://www.local.gov.uk/case-studies/c")
    worker.gone.append("https://www.local.gov.uk/case-studies/d")
    worker.failed["https://www.local.gov.uk/case-studies/e"] = "HTTP 500"
    worker.extraction_timings["second_opinions_s"] += 0.5
    run.absorb(worker)
    assert run.detail_pages == 8
    assert run.cue_failures == {
        "title": [
            "https://www.local.gov.uk/case-studies/a",
            "https://www.local.gov.uk/case-studies/b",
        ],
        "date": ["https://www.local.gov.uk/case-studies/c"],
    }
    assert run.gone == ["https://www.local.gov.uk/case-studies/d"]
    assert run.failed == {"https://www.local.gov.uk/case-studies/e": "HTTP 500"}
    assert run.extraction_timings["second_opinions_s"] == 1.5
    assert run.reported_totals == [30]  # not a tally: not added twice
