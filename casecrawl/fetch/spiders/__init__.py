"""Spiders decide what to fetch next; parsing lives in casecrawl.parse."""
