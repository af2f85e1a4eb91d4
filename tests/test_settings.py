"""The live-site defaults are polite: robots.txt, delay, concurrency, AutoThrottle, User-Agent."""

from __future__ import annotations

from casecrawl.run.crawl import crawl_settings


def test_live_defaults_are_polite():
    settings = crawl_settings()
    assert settings.get("CASECRAWL_BASE_URL") == "https://www.local.gov.uk"
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.getint("CONCURRENT_REQUESTS") <= 2
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1.0
    assert settings.getfloat("AUTOTHROTTLE_START_DELAY") >= 1.0
    assert settings.getfloat("DOWNLOAD_DELAY_JITTER") == 0  # never below the delay
    user_agent = settings.get("USER_AGENT")
    assert "casecrawl" in user_agent
    assert "https://github.com/" in user_agent


def test_command_line_overrides_apply_and_bad_values_are_named():
    settings = crawl_settings(concurrency=8, delay=0)
    assert settings.getint("CONCURRENT_REQUESTS") == 8
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is False
    import pytest

    with pytest.raises(ValueError, match="--concurrency"):
        crawl_settings(concurrency=0)
    with pytest.raises(ValueError, match="--delay"):
        crawl_settings(delay=-1)
    with pytest.raises(ValueError, match="--log-level"):
        crawl_settings(log_level="LOUD")
    assert crawl_settings(log_level="debug").get("LOG_LEVEL") == "DEBUG"


def test_scrapy_cfg_points_at_the_same_settings():
    import configparser
    from pathlib import Path

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[1] / "scrapy.cfg")
    assert config["settings"]["default"] == "casecrawl.settings"
