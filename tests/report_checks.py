"""Report-level checks a funder's reader would make, over the built-in engine's rendered HTML: the house style
(small counts in words, no 'pct..'), no developer words in the text, no exhibit dominated by »ikke oplyst«, the
example mark while the data are example data. Used on the final round and on a round scaffolded from it
(test_scaffold); each check is shown to catch a planted fault in test_report_checks_catch_planted_faults."""

from __future__ import annotations

import re
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_house_style import lone_small_counts, running_text  # noqa: E402

# Words of the machinery, not of an evaluation report: the round, configuration, keys, file and field names,
# the engine. 'nøglepersoner' (key persons) is Danish, so only the bare noun counts.
DEVELOPER = re.compile(
    r"\b(?:runde[nrs]?|rundens|rundernes|eksempelrunde\w*|slutrunde\w*|midtvejsrunde\w*|konfiguration\w*|"
    r"nøgle(?:n|r|rne)?|datafil\w*|gengivet automatisk|motor(?:en)?|[a-z]+_[a-z_]+)\b", re.I)
NOT_GIVEN = "ikke oplyst"
MARK = "Eksempeldata – ikke reelle tal"


class _Tables(HTMLParser):
    """Every table's body cells (th/td outside thead) and the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[str]] = []
        self._cell, self._head, self._skip = None, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "thead":
            self._head += 1
        elif tag in ("td", "th") and not self._head and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "thead":
            self._head -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def without_provenance(page: str) -> str:
    """The page without the reviewers' look-up of data (report/_filters/kilde-data.lua): the "Data" disclosure
    under a table or figure (the data rows as they are: column names, raw values, folded away) and the data
    files a figure's Kilde line names. Neither is the report's text."""
    page = re.sub(r'<details class="kilde-data">.*?</details>', " ", page, flags=re.S)
    return re.sub(r'<span class="kilde-filer">.*?</span>', "", page, flags=re.S)


def visible_text(page: str) -> str:
    page = without_provenance(page)
    page = re.sub(r"<(script|style|code)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ").split())


def developer_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in DEVELOPER.finditer(text)})


def not_given_exhibits(page: str) -> list[list[str]]:
    """Tables where »ikke oplyst« is at least half of the value cells (the first cell of a row is its label)."""
    parser = _Tables()
    parser.feed(page)
    bad = []
    for cells in parser.tables:
        values = [c for c in cells if c]
        given_not = sum(1 for c in values if c == NOT_GIVEN)
        if given_not and given_not * 2 >= len(values) - given_not:   # labels are about a third of the cells
            bad.append(cells)
    return bad


def not_given_cells(page: str) -> int:
    """How many table cells read »ikke oplyst« (a round with complete data has none)."""
    parser = _Tables()
    parser.feed(page)
    return sum(1 for cells in parser.tables for c in cells if c == NOT_GIVEN)


def report_problems(html_path: Path, *, example_data: bool = True) -> dict[str, list]:
    """Every report-level problem of one rendered HTML report, by check (empty lists = passes)."""
    page = html_path.read_text(encoding="utf-8")
    text = visible_text(page)
    return {
        "small counts as digits": lone_small_counts(running_text(page)),
        "doubled pct.": ["pct.."] if "pct.." in text else [],
        "developer words": developer_words(text),
        "exhibits of »ikke oplyst«": not_given_exhibits(page),
        "example mark missing": [] if not example_data or MARK in page else [MARK],
    }


def assert_reads_as_a_report(html_path: Path, *, example_data: bool = True) -> None:
    problems = {k: v for k, v in report_problems(html_path, example_data=example_data).items() if v}
    assert not problems, problems
