"""Councils: the official register (mySociety, CC BY 4.0) and the name matcher."""

from casecrawl.councils.matcher import CouncilMatcher, match_councils
from casecrawl.councils.register import CouncilRegister, RegisterUnavailable, locate_register

__all__ = [
    "CouncilMatcher",
    "CouncilRegister",
    "RegisterUnavailable",
    "locate_register",
    "match_councils",
]
