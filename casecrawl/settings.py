"""The one place for configuration: Scrapy settings and the CASECRAWL_* settings.

Defaults are the polite ones for the live site; the demo and the tests override
concurrency and delay for the local replica only.
"""

from casecrawl import __version__

BOT_NAME = "casecrawl"
SPIDER_MODULES = ["casecrawl.fetch.spiders"]
NEWSPIDER_MODULE = "casecrawl.fetch.spiders"

PROJECT_REPOSITORY = "https://github.com/casecrawl/casecrawl"
USER_AGENT = f"casecrawl/{__version__} (+{PROJECT_REPOSITORY})"

# Politeness: robots.txt obeyed, at most 2 requests in flight, at least 1 s apart,
# and AutoThrottle backing off further when the server slows down.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0  # exactly DOWNLOAD_DELAY between requests, never less
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
# 404/410 on a detail page is an answer we record (the case study was withdrawn), not an error.
# A page larger than this is refused (listed in the manifest with the reason), not read.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# A re-check answered 304 (unchanged) is an answer too.
HTTPERROR_ALLOWED_CODES = [304, 404, 410]

ITEM_PIPELINES = {
    "pipelines.validate.ValidationPipeline": 100,
    "pipelines.dedupe.DedupePipeline": 200,
    "pipelines.topics.TopicPipeline": 300,
    "pipelines.councils.CouncilPipeline": 400,
    "pipelines.publish.SnapshotPipeline": 900,
    # After the snapshot: Scrapy closes pipelines in reverse order, and the cross-checks
    # (which need every listing title) must be done before the snapshot is written.
    "pipelines.crosscheck.CrossCheckPipeline": 950,
}

# Every response goes into the run's WARC archive; a run started again after a kill replays
# the case-study pages it had received.
DOWNLOADER_MIDDLEWARES = {
    # First of all: nothing off the crawled site is ever sent (a redirect elsewhere included),
    # and what is dropped fails visibly (casecrawl/fetch/middlewares/onsite.py says why not
    # Scrapy's OffsiteMiddleware).
    "casecrawl.fetch.middlewares.onsite.OnSiteMiddleware": 50,
    # Before RetryMiddleware (550) sees a 429/503: a rate-limited request is sent again after
    # the pause without spending its retry budget.
    "casecrawl.fetch.middlewares.ratelimit.RateLimitMiddleware": 560,
    "casecrawl.fetch.middlewares.archive.ArchiveMiddleware": 950,
    "casecrawl.fetch.middlewares.resume.ResumeMiddleware": 960,
}

# Every request is sent through a gate that holds it while its host's Retry-After lasts
# (casecrawl/fetch/retry_after.py): queued requests and retries included.
DOWNLOAD_HANDLERS = {
    "http": "casecrawl.fetch.retry_after.RetryAfterDownloadHandler",
    "https": "casecrawl.fetch.retry_after.RetryAfterDownloadHandler",
}

# Pages done of total, the rate and an ETA on the console (casecrawl/fetch/extensions/progress.py): off unless
# CASECRAWL_PROGRESS says otherwise, as the `casecrawl` command does.
EXTENSIONS = {"casecrawl.fetch.extensions.progress.CrawlProgress": 500}

# --- casecrawl's own settings -------------------------------------------------
CASECRAWL_BASE_URL = "https://www.local.gov.uk"
CASECRAWL_OUT_DIR = "data"
# ASC appends a case study published mid-crawl at the end instead of shifting every page.
CASECRAWL_LISTING_ORDER = "ASC"
# A local copy of the council register (tests, CI); empty: download and cache in <out>/reference.
CASECRAWL_REGISTER_DIR = ""
# Cross-checks: a cue on which more than this share of detail pages disagree with the
# listing blocks publication; `--allow-disagreement CUE=SHARE` raises it for one cue.
CASECRAWL_ALLOW_DISAGREEMENT: dict[str, float] = {}
# Keep every response in pages.warc.gz (in the snapshot once published).
CASECRAWL_ARCHIVE = True
# What this run is: crawl, refresh or reparse (the manifest's `kind`).
CASECRAWL_RUN_KIND = "crawl"
# A reparse: the archives it reads every page from (the network is never used).
CASECRAWL_REPLAY: list[str] = []
# A reparse reads its case-study pages in this many processes (`reparse --jobs N`).
CASECRAWL_REPARSE_JOBS = 1
# The snapshot a run builds on (history, changes; for a refresh, what it already knows):
# "auto" is <CASECRAWL_OUT_DIR>/latest when there is one; "" is none.
CASECRAWL_PREVIOUS = "auto"
# A refresh re-checks known pages: "due" (last fetched more than CASECRAWL_RECHECK_DAYS ago,
# spread so that each run takes an equal share), "all" or "none".
CASECRAWL_RECHECK = "due"
CASECRAWL_RECHECK_DAYS = 28
# A reparse: the snapshot it rebuilds, whose time and walk it keeps.
CASECRAWL_REPARSE_SOURCE = ""
CASECRAWL_SNAPSHOT_TIME = ""
CASECRAWL_WALK = ""
# Walk every topic's and support type's filtered listing (the taxonomy's IDs and counts)
# and the from/to date ranges (created months): listing pages only. A refresh does not.
CASECRAWL_FACETS = True
# Crawl one filtered listing only: {"topic[2446]": "2446"}, {"subject[2603]": "2603"} or
# {"keys": "Transformation"}, into <out>/filtered/<filter>/.
CASECRAWL_FILTER: dict[str, str] = {}
# Rate limits: a Retry-After longer than this stops the crawl (it says so); after a pause the
# host is asked at least this many seconds apart, falling back slowly to DOWNLOAD_DELAY.
CASECRAWL_MAX_PAUSE = 600
CASECRAWL_RESUME_DELAY = 1.0
# A request rate limited this many times in a row fails instead of waiting again; a host that
# rate-limits for ever cannot hold a crawl for ever. Rate limits are not ignored unless
# CASECRAWL_HONOUR_RATE_LIMITS is False (tests only).
CASECRAWL_MAX_RATE_LIMITED = 10
CASECRAWL_HONOUR_RATE_LIMITS = True
# The learning sample: this many case-study pages, spread across the listing, are fetched
# first and the site's template learned from them (casecrawl/parse/template/); 0 reads
# every page by per-page rules. Every sample page and one in CASECRAWL_SPOT_CHECK_EVERY of
# the others (chosen by slug) get the libraries' second opinions (trafilatura, htmldate,
# extruct).
CASECRAWL_SAMPLE_SIZE = 40
CASECRAWL_SPOT_CHECK_EVERY = 20
# Case-study pages wait in the spider, in the walk's order, and go to Scrapy's scheduler as
# answers come in: at most this many requests out at once (0: all at once), so that memory
# holds a window of requests, not one for every case study of the site.
CASECRAWL_FEED_WINDOW = 64
# How many example URLs to keep per failed extraction cue in the manifest.
CASECRAWL_CUE_EXAMPLES = 20
# Progress on stderr: "auto" (a line updated in place on a terminal, else a plain line every
# CASECRAWL_PROGRESS_INTERVAL seconds), "live", "lines" or "off". `casecrawl` sets "auto";
# `scrapy crawl case_studies` keeps Scrapy's own console log, without progress.
CASECRAWL_PROGRESS = "off"
CASECRAWL_PROGRESS_INTERVAL = 60
# The run's log file (LOG_FILE too), moved into the snapshot folder as crawl.log when the
# snapshot is written; `casecrawl` sets both to a file in <out>/logs/.
CASECRAWL_RUN_LOG = ""
