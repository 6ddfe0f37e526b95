"""docs/house-style.md, the parts a machine can check, for both rounds: on the rendered HTML (what the reader
sees) and on the chapter sources plus the inline values (our own text, where verbatim data text cannot
interfere)."""

from __future__ import annotations

import functools

import html
import re
import sys

import pytest
from conftest import ROOT

from vvvanalysis.keyfigures import keyfigures

sys.path.insert(0, str(ROOT / "tools"))
from guillemets import QUOTED  # noqa: E402

ROUNDS = ("midterm", "final")
CHAPTERS = [p for r in ROUNDS for p in sorted((ROOT / "report" / r).glob("*.qmd"))]
CHAPTER_ID = lambda p: f"{p.parent.name}/{p.name}"  # noqa: E731
# Nouns of the report after which a digit 1-12 reads as a typed-in count ("3 kommuner" -> "tre kommuner").
NOUNS = ("kommuner|kommune|interviews|interview|kurser|boligområder|boligområde|matchpar|respondenter|år|"
         "samarbejder|kategorier|webinarer|sprog|besvarelser|scenarier|kriterier")
SMALL_COUNT = re.compile(r"(?<![\d.,–-])\b([1-9]|1[0-2])\s(?:" + NOUNS + r")\b")
# Targets are quoted as the criterion states them ('målet om 12 boligområder'), like the evaluation manual.
TARGET_BEFORE = re.compile(r"(målet om|succeskriteriet om|mindst|målet på)\s$", re.I)


def running_text(page: str) -> list[str]:
    """Sentences of paragraphs and list items, outside tables, figures and verbatim block quotes."""
    body = re.sub(r"<(script|style|table|figure|blockquote)\b.*?</\1>", "", page, flags=re.S)
    sentences = []
    for _, inner in re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", body, flags=re.S):
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", inner))).strip()
        sentences += re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ»])", text)
    return sentences


def lone_small_counts(sentences: list[str]) -> list[str]:
    """Sentences with a digit 1-12 before a noun and no other number to compare it with (a sentence like
    '11 kurser og 1 workshop' or '3 af 11 interviews' keeps digits so the numbers read side by side)."""
    found = []
    for sentence in sentences:
        hits = [m for m in SMALL_COUNT.finditer(sentence) if not TARGET_BEFORE.search(sentence[:m.start()])]
        numbers = re.findall(r"\d+", sentence)
        if hits and len(numbers) == len(list(SMALL_COUNT.finditer(sentence))):
            found.append(sentence)
    return found


@pytest.fixture(scope="module", params=ROUNDS)
def page(request) -> str:
    project = request.getfixturevalue(f"rendered_{request.param}")
    return (project / "output" / request.param / f"vvv-{request.param}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sentences(page) -> list[str]:
    return running_text(page)


def test_pct_is_never_doubled(page):
    assert "pct.." not in html.unescape(re.sub(r"<[^>]+>", "", page))


def test_one_spelling_of_covid_19(sentences):
    wrong = [s for s in sentences if re.search(r"COVID|covid-19|\bcorona(?!-)", s)]
    assert wrong == []


def test_one_name_for_the_uncertainty_interval(sentences):
    wrong = [s for s in sentences if re.search(r"konfidensinterval|\bsikkerhedsinterval|fejlmargin", s, re.I)]
    assert wrong == []


PERCENT_SIGN = re.compile(r"\d[\s\u00a0]?%")


def test_running_text_writes_pct(sentences):
    """'29 pct.' in running text; '29 %' only in tables, figures and their captions."""
    assert [s for s in sentences if PERCENT_SIGN.search(s)] == []


def test_the_pct_check_can_fail():
    planted = running_text("<p>Metoden fungerer ved andele tæt på 0 eller 100 %.</p><p>Her 29 pct. i alt.</p>"
                           "<table><tr><td>29 %</td></tr></table><figure><figcaption>100 %</figcaption></figure>")
    assert [s for s in planted if PERCENT_SIGN.search(s)] == ["Metoden fungerer ved andele tæt på 0 eller 100 %."]


def test_small_counts_in_running_text_are_words(sentences):
    assert lone_small_counts(sentences) == []


def test_the_small_count_check_can_fail():
    flagged = running_text("<p>Der er gennemført 4 interviews med kommuner. Der er gennemført fire interviews.</p>"
                           "<p>Målet om 12 boligområder står fast. Der er 11 kurser og 1 workshop.</p>"
                           "<table><tr><td>3 kommuner</td></tr></table>")
    assert lone_small_counts(flagged) == ["Der er gennemført 4 interviews med kommuner."]


def _own_prose(path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{\{<.*?>\}\}", "", text)              # shortcodes: their values are checked below
    text = re.sub(r"\{[#.][^}]*\}|title=\"[^\"]*\"", "", text)  # ids, classes and callout titles' syntax
    return re.sub(r"```.*?```", "", text, flags=re.S)


@pytest.mark.parametrize("path", CHAPTERS, ids=CHAPTER_ID)
def test_chapters_use_one_kind_of_quotation_marks(path):
    prose = _own_prose(path)
    assert [m.group(0) for m in QUOTED.finditer(prose)] == []      # 'godt' -> »godt« (tools/guillemets.py)
    assert re.findall(r"[\"“”„]", prose) == []


@functools.cache
def round_values(round_name: str) -> dict[str, str]:
    """The round's inline values, computed once for this module's chapter tests (they only read the project)."""
    return keyfigures(round_name)


@pytest.mark.parametrize("path", CHAPTERS, ids=CHAPTER_ID)
def test_no_value_ending_in_a_full_stop_closes_a_sentence(path):
    """'{{< meta v.x >}}.' with x = '59 pct.' prints 'pct..' in both engines: the sentence must go on."""
    values = round_values(path.parent.name)
    text = path.read_text(encoding="utf-8")
    doubled = [key for key in re.findall(r"\{\{< meta v\.(\w+) >\}\}\.", text) if values.get(key, "").endswith(".")]
    assert doubled == []


@pytest.mark.parametrize("round_name", ROUNDS)
def test_inline_values_use_guillemets_only(round_name):
    values = round_values(round_name)
    wrong = {k: v for k, v in values.items() if QUOTED.search(v) or re.search(r"[\"“”„]", v)}
    assert wrong == {}


# --- Funder's language (docs/house-style.md, 'Sprog til læseren') ------------------------------------------
# Words of the machinery or of an analyst talking to himself; a ministry reader cannot act on them.
DEVELOPER_WORDS = re.compile(
    r"\brunde[nsr]*\b|konfiguration|\bnøgle(?!person)|\.(?:ya?ml|csv|qmd|ipynb|py)\b|evalueringens egen (?:metode|"
    r"sammenstilling)|\bved ingen\b|trækker væk|gættes ikke|står åbent|Kun den sidste oplysning", re.I)


def developer_words(text: str) -> list[str]:
    return [m.group(0) for m in DEVELOPER_WORDS.finditer(text)]


@pytest.mark.parametrize("path", CHAPTERS, ids=CHAPTER_ID)
def test_chapters_speak_the_funders_language(path):
    assert developer_words(" ".join(_own_prose(path).split())) == []


def test_rendered_report_speaks_the_funders_language(sentences):
    assert [s for s in sentences if developer_words(s)] == []


def test_the_funders_language_check_can_fail():
    assert developer_words("Antagelserne står i rundens konfiguration.") == ["rundens", "konfiguration"]
    assert developer_words("Som evalueringens egen metode supplerer dette afsnit; hvor stor, ved ingen.") == \
        ["evalueringens egen metode", "ved ingen"]
    assert developer_words("Det trækker væk fra målet (se round.yml).") == ["trækker væk", ".yml"]
    assert developer_words("Nøglepersoner i kommunen") == []


# --- 'jf.', 'afsnit', one interval name -----------------------------------------------------------------
WRONG_JF = re.compile(r"\b(?:[Jj]vf|[Jj]fr)\.(?! \[sic\])")
SECTION_CAPITAL = re.compile(r"(?:(?<=[a-zæøå0-9,;:] )|(?<=\())Afsnit \d")
INTERVAL_NAMES = re.compile(r"usikkerhedsinterval|Wilson-interval|\(Wilson\)|95 %-interval", re.I)


def test_jf_is_the_one_abbreviation(page):
    assert WRONG_JF.findall(html.unescape(re.sub(r"<[^>]+>", " ", page))) == []
    assert WRONG_JF.findall("Jvf. evalueringsmanualen") == ["Jvf."]
    assert WRONG_JF.findall("Jvf. [sic] evalueringsmanualen") == []


def test_afsnit_is_lower_case_mid_sentence(sentences):
    assert [s for s in sentences if SECTION_CAPITAL.search(s)] == []
    assert SECTION_CAPITAL.search("her går intervallet fra 38–67 pct. (Afsnit 5.1.1).")
    assert not SECTION_CAPITAL.search("Se afsnit 6.1.")


def test_running_text_names_the_interval_one_way(sentences):
    """'95 pct.-interval' in running text ('95 %-interval' only in table heads and captions)."""
    assert [s for s in sentences if INTERVAL_NAMES.search(s)] == []
    assert INTERVAL_NAMES.search("vist med usikkerhedsintervaller") and INTERVAL_NAMES.search("95 %-intervallet")


DATA_TEXTS = ("anbefalinger", "citater", "kontekst", "forandringsteori", "organisation", "succeskriterier")
OTHER_QUOTES = re.compile(r"(?<![A-Za-zÆØÅæøå])[’‘][A-Za-zÆØÅæøå][^’]*’|[”“„][^”“]*[”“]")


def _text_fields(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("note", "source", "chapter2_difference"):
                yield from _text_fields(value)
    elif isinstance(node, list):
        for value in node:
            yield from _text_fields(value)


@pytest.mark.parametrize("round_name", ROUNDS)
@pytest.mark.parametrize("name", DATA_TEXTS)
def test_data_texts_use_guillemets(name, round_name):
    """The memo's ’…’, ”…” and “…” are printed as »…« like the rest of the report (one kind of quotation
    marks); the verbatim check compares them as the same mark."""
    import yaml

    data = yaml.safe_load((ROOT / "data" / round_name / f"{name}.yaml").read_text(encoding="utf-8"))
    assert [m.group(0) for t in _text_fields(data) for m in OTHER_QUOTES.finditer(t)] == []
    assert OTHER_QUOTES.findall("nytilkomne såvel som ’herboende’ i Røde Kors’ regi") == ["’herboende’"]
