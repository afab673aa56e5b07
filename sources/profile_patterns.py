"""The regular expressions a profile declares (captions, sections, card labels), compiled
once and searched with a time limit.

A profile is data anyone may write, and a pattern such as `(a|aa)+$` makes a
backtracking engine take longer than the age of the universe on a caption of sixty
characters; Python's `re` cannot be stopped from outside. The `regex` package (same
syntax) takes a `timeout`, so each search ends within `VISION_PATTERN_SECONDS`
(sources/input_limits.py) and a pattern that needs longer fails with one line naming the
profile, the pattern and the text, instead of holding a refresh for ever.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from sources.input_limits import InputLimits, input_limit
from sources.profile_reader import ProfileError

PATTERN_SECONDS_ENV = InputLimits.env_name("pattern_seconds")


class PatternTooSlow(ProfileError):
    """A profile pattern did not finish one search within the time limit."""


@functools.lru_cache(maxsize=1024)
def compiled(pattern: str) -> Any:
    """`pattern` compiled (regex.error when it is not a regular expression)."""
    return regex.compile(pattern)


def _profile_name() -> str:
    from sources.profile import selected_profile_name  # the profile imports this module

    return selected_profile_name()


def _run(method: str, pattern: str, text: str) -> Any:
    seconds = input_limit("pattern_seconds")
    try:
        return getattr(compiled(pattern), method)(text, timeout=seconds)
    except TimeoutError:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise PatternTooSlow(
            f"profile {_profile_name()}: pattern {pattern!r} did not finish within "
            f"{seconds:g} s on {shown!r}; simplify it (nested repetition such as (a+)+ or "
            f"(a|aa)+ backtracks without end) or raise {PATTERN_SECONDS_ENV}"
        ) from None


def search(pattern: str, text: str) -> Any:
    """`re.search(pattern, text)`, ended after the time limit (PatternTooSlow)."""
    return _run("search", pattern, text)


def match(pattern: str, text: str) -> Any:
    """`re.match(pattern, text)`, ended after the time limit (PatternTooSlow)."""
    return _run("match", pattern, text)
