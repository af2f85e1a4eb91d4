"""A small site of our own for the template tests: its markup has what the issue that asked
for the template describes (a site-name h1 above the title, a photo credit between title and
summary, 'Last updated' before the publication date, JSON-LD, a download block and a feedback
widget on every page, topics in a side block headed 'Topics', a first section headed
'Background' and a closing 'Contact' on some pages). Every text is written for the tests."""

from __future__ import annotations

import json
from datetime import date

from casecrawl.parse.listing import Teaser
from casecrawl.parse.vocabulary import TopicVocabulary

BASE = "https://www.local.gov.uk"
TOPICS = ("Culture", "Housing", "Public health", "Climate change")
VOCABULARY = TopicVocabulary(frozenset(TOPICS))
WORDS = "oak ash elm yew fir pine beech birch cedar hazel larch maple rowan willow alder".split()


def case(n: int) -> dict:
    tree = WORDS[n % len(WORDS)]
    return {
        "slug": f"the-{tree}-project-{n}",
        "title": f"The {tree} project in ward {n}",
        "summary": f"How the council planted {tree} trees along {n + 3} streets with residents.",
        "topic": TOPICS[n % len(TOPICS)],
        "published": date(2021, 1 + n % 12, 1 + n),
        "updated": date(2023, 1 + n % 12, 2 + n),
        "contact": n % 3 == 0,
        "body": [
            ("h2", "Background"),
            ("p", f"The {tree} trees had been lost to disease in {2000 + n} and never replaced."),
            ("h2", "What we did"),
            ("p", f"Volunteers planted {n * 7 + 20} young {tree} trees over two winters."),
            ("p", f"Each street chose its own {tree} trees at a meeting in library {n}."),
        ],
    }


def page_html(c: dict) -> str:
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in c["body"])
    if c["contact"]:
        body += "<h2>Contact</h2><p>Write to the parks team at the town hall.</p>"
    ld = json.dumps(
        {"@type": "Article", "headline": c["title"], "datePublished": str(c["published"])}
    )
    return f"""<html><head><title>{c["title"]} | LGA</title>
<script type="application/ld+json">{ld}</script></head><body>
<header><h1 class="site-name">Local Government Association</h1></header>
<main><div class="page">
<div class="header"><h1 class="title">{c["title"]}</h1>
<figure><img src="/i.jpg"><figcaption>Photo: a volunteer in ward {c["slug"][-2:]}</figcaption></figure>
<p class="standfirst">{c["summary"]}</p>
<p class="stamp">Last updated {c["updated"]:%d %B %Y}</p><p class="stamp">Published {c["published"]:%d %B %Y}</p>
</div>
<div class="layout"><div class="content">{body}</div>
<aside class="side"><h3>Topics</h3><ul><li><a href="/topics/{c["topic"].lower()}">{c["topic"]}</a></li></ul></aside>
</div>
<div class="downloads"><p><a href="/files/{c["slug"]}.pdf">Download the full case study (PDF, {len(c["slug"])}KB)</a></p></div>
<div class="feedback"><p>Is this page useful?</p></div>
</div></main><footer><p>Local Government Association, 18 Smith Square</p></footer></body></html>"""


def teaser(c: dict) -> Teaser:
    return Teaser(
        c["slug"], f"{BASE}/case-studies/{c['slug']}", c["title"], c["summary"], c["topic"], 0
    )
