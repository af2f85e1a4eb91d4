"""casecrawl: the reference open dataset of the LGA's case studies."""

__version__ = "0.1.0"
