"""The site's template, learned from the site's own evidence: where each field lives on its
case-study pages, and what on them is chrome.

page.py     a case-study page as the template reads it (blocks, paths, dates, topic mentions)
teasers.py  the listing's teaser parts told apart against the pages they lead to
site.py     the learned template and its JSON form (template.json)
read.py     a page read by the template
learn.py    the template learned from a sample of pages and their teasers
"""

from casecrawl.parse.template.learn import Sample, learn_site_template, learn_template
from casecrawl.parse.template.page import (
    FIELDS,
    QUOTES,
    TemplatePage,
    same_text,
    summary_matches,
    topic_mentions,
)
from casecrawl.parse.template.read import TemplateReading, read_case_study
from casecrawl.parse.template.site import SiteTemplate
from casecrawl.parse.template.teasers import TeaserTemplate, learn_teaser_template

__all__ = [
    "FIELDS",
    "QUOTES",
    "Sample",
    "SiteTemplate",
    "TeaserTemplate",
    "TemplatePage",
    "TemplateReading",
    "learn_site_template",
    "learn_teaser_template",
    "learn_template",
    "read_case_study",
    "same_text",
    "summary_matches",
    "topic_mentions",
]
