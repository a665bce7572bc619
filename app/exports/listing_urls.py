"""Live listing addresses pasted one per line: each line read, checked and matched to its
marketplace by the profiles' ``url_pattern`` (a regex over the whole address, any case).

Pure: no Flask, no database. Messages are lazy strings naming the line (1 = the first line
of the text as the form shows it back), so the officer finds the line at fault.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..onboarding.rules import URL_MAX, is_web_url
from ..text import clean

MAX_LINES = 200  # more than any product's variants × marketplaces


@dataclass(frozen=True)
class UrlLine:
    number: int  # 1-based, blank lines counted
    url: str
    marketplace: str


@dataclass(frozen=True)
class UrlProblem:
    number: int | None  # None: the text as a whole
    message: object


def marketplace_of(url: str, patterns: dict[str, re.Pattern]) -> str | None:
    """The first marketplace (in the patterns' order) whose pattern matches all of ``url``."""
    for marketplace, pattern in patterns.items():
        if pattern.fullmatch(url):
            return marketplace
    return None


def _line_problem(url: str, patterns: dict[str, re.Pattern]) -> object | None:
    if len(url) > URL_MAX:
        return _l("at most %(max)d characters.", max=URL_MAX)
    if not is_web_url(url):
        return _l("this is not a web address (it starts with https:// or http://).")
    if marketplace_of(url, patterns) is None:
        return _l(
            "no marketplace we know has addresses like this one: choose its marketplace "
            "in the form above instead."
        )
    return None


def parse_lines(
    text: str, patterns: dict[str, re.Pattern]
) -> tuple[list[UrlLine], list[UrlProblem]]:
    """(the addresses, every problem): blank lines are skipped; a line that is not a web
    address, matches no marketplace or repeats an earlier line is a problem at its number."""
    found: list[UrlLine] = []
    problems: list[UrlProblem] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        url = clean(raw)
        if not url:
            continue
        problem = _line_problem(url, patterns)
        if problem is None and url in first_seen:
            problem = _l("the same address as line %(line)d.", line=first_seen[url])
        if problem is not None:
            problems.append(UrlProblem(number, problem))
            continue
        first_seen[url] = number
        found.append(UrlLine(number, url, marketplace_of(url, patterns) or ""))
    if not found and not problems:
        problems.append(UrlProblem(None, _l("Paste at least one address, one per line.")))
    elif len(found) + len(problems) > MAX_LINES:
        problems = [UrlProblem(None, _l("At most %(max)d addresses at once.", max=MAX_LINES))]
    return found, problems


def line_message(problem: UrlProblem):
    """The problem as the form shows it: "Line 3: …"."""
    if problem.number is None:
        return problem.message
    return _l("Line %(line)d: %(problem)s", line=problem.number, problem=problem.message)
