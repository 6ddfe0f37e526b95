"""Done-when of issue 11: every digit-bearing fact of the memo, including its verbal roundings, is in the
rendered midterm HTML, written as the memo writes it (tests/ground_truth/memo_fakta.yaml, transcribed from the
memo), after one mapping to the report's house style (docs/house-style.md)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from vvvanalysis import danish

FACTS = yaml.safe_load((Path(__file__).parent / "ground_truth" / "memo_fakta.yaml").read_text(encoding="utf-8"))
WORDS = {danish.count_word(n): n for n in range(2, 13)} | {"én": 1, "en": 1, "et": 1}
RANGE = re.compile(r"(\d+\.?)\s*[-–]\s*(\d+)")


def forms(fact: str) -> list[str]:
    """MEMO_TO_REPORT, the one mapping from the memo's way of writing to the report's:
    - '59 %' is '59 pct.' in running text and stays '59 %' in tables and figures;
    - '7000' gets its thousands separator ('7.000'), a year (1900-2099) does not;
    - a range '1.-25.' / '2017 – 2020' may be written with an en dash, with or without spaces;
    - 'x ud af n' may be 'x af n' (the memo's '9 ud 11' is '9 ud af 11');
    - a count 1-12 may be a digit or a word ('fire interviews' / '4 interviews', 'Tre' / 'tre')."""
    base = re.sub(r"\b(\d)(\d{3})\b", lambda m: m.group(0) if 1900 <= int(m.group(0)) <= 2099 else
                  f"{m.group(1)}.{m.group(2)}", fact)   # a year keeps its four digits
    base = base.replace(" ud 11", " ud af 11")
    variants = {base}
    variants |= {v.replace(" %", " pct.") for v in variants}
    variants |= {RANGE.sub(lambda m: f"{m.group(1)}{dash}{m.group(2)}", v) for v in variants
                 for dash in ("–", " – ", "-")}
    variants |= {v.replace(" ud af ", " af ") for v in variants}
    for v in list(variants):
        first, _, rest = v.partition(" ")
        if first.lower() in WORDS and rest:
            variants.add(f"{WORDS[first.lower()]} {rest}")
        if first.isdigit() and 1 <= int(first) <= 12 and rest:
            variants.add(f"{danish.count_word(int(first))} {rest}")
    return sorted(variants)


def page_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).lower()


def missing(text: str, fact: str) -> bool:
    return not any(re.search(r"(?<![\w.,])" + re.escape(f.lower()) + r"(?!\w|[.,]\d)", text) for f in forms(fact))


@pytest.fixture(scope="module")
def text(rendered_midterm) -> str:
    return page_text((rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("fact", FACTS["facts"], ids=lambda f: f"{f['section']}:{f['fact']}")
def test_memo_fact_is_in_the_report(text, fact):
    assert not missing(text, fact["fact"]), f"{fact['fact']} ({fact['section']}) is not in the HTML: {forms(fact['fact'])}"


@pytest.mark.parametrize("fact", FACTS["corrected"], ids=lambda f: f["fact"])
def test_corrected_facts_have_their_data_note(fact):
    notes = yaml.safe_load((Path(__file__).parents[1] / "data" / "midterm" / "datanoter.yaml").read_text("utf-8"))
    note = next(n for n in notes["datanoter"] if n["id"] == fact["note"])
    assert any(fact["fact"] in str(v["value"]) for v in note["values"])


def test_the_mapping_and_the_check_can_fail():
    assert "59 pct." in forms("59 %") and "7.000" in forms("over 7000")[0] or "over 7.000" in forms("over 7000")
    assert "4 interviews" in forms("fire interviews") and "1.–25. juni 2021" in forms("1.-25. juni 2021")
    assert missing(page_text("<p>Der er 6.0631 deltagere.</p>"), "6.063")
    assert missing(page_text("<p>Der er 6.063,5 deltagere.</p>"), "6.063")
    assert not missing(page_text("<p>De syv kommuner, der svarer.</p>"), "7 kommuner")
    assert missing(page_text("<p>I alt 59 pct. svarede.</p>"), "5 %")
    assert not missing(page_text("<p>I alt 59&nbsp;pct. svarede.</p>"), "59 %")
