"""Report-wide content checks (issue 4), run on the midterm report rendered in a throw-away copy.

1. Every recommendation of anbefalinger.yaml appears verbatim in the HTML (box text; chapter 2's wording
   for the records of section 2.2).
2. Prose numbers: every number a reader sees in the prose of chapters 1–7 (and the cover) is present in,
   or computed from, data/midterm. "Prose" = paragraphs, list items, definition lists, figure captions
   and table captions (captions are included, n and all); not table cells, headings or the table of
   contents. Verbatim texts from the data (quotes, recommendations, theory-of-change items) are removed
   first: they are the memo's words and checked by test_qualitative_verbatim.py. Names with a number
   ("Covid-19") are not numbers. The allowed set is built from the inline values
   (vvvanalysis.keyfigures), every numeric cell of every CSV and every numeric YAML scalar formatted with
   `danish` (numbers, percentages of shares, dates), the memo's section/figure/table numbers in the
   data (memo_ref, section), the round config's dates, the rendered section numbers, the rendered
   figure/table numbers, and the confidence level of vvvanalysis.uncertainty (a method constant).
3. Every heading of the memo's chapters 1–7 is present (repaired numbering).
4. As many "Figur C.N" / "Tabel C.N" captions (numbered per chapter C, as Quarto books do) as fig/tbl divs
   in the sources; every caption states n.

Every check must pass for every chapter; exhibits that describe no sample are listed in NOT_A_SAMPLE with
the reason they carry no n.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from vvvanalysis import danish, uncertainty
from vvvanalysis.config import load_config
from vvvanalysis.data import load_table, load_yaml
from vvvanalysis.keyfigures import keyfigures

ROOT = Path(__file__).resolve().parents[1]
ROUND = "midterm"
DATA = ROOT / "data" / ROUND
CHAPTERS = ["0", "1", "2", "3", "4", "5", "6", "7"]   # "0" = cover and front matter


def _chapter_param(chapter: str):
    return pytest.param(chapter, id=f"kapitel-{chapter}")


def normalise(text: str) -> str:
    text = html.unescape(text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# --- Reading the rendered HTML ------------------------------------------------------------------------
BLOCKS = {"p", "li", "figcaption", "caption", "dt", "dd"}
SKIP = {"nav", "script", "style", "thead", "tbody", "tr", "td", "th", "colgroup"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
VOID = {"img", "br", "hr", "col", "meta", "link", "input", "source"}


class ReportParser(HTMLParser):
    """Headings (chapter, level, number, title), prose blocks per chapter and all text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chapter = "0"
        self.headings: list[dict] = []
        self.blocks: list[tuple[str, str, str]] = []     # (chapter, tag, text)
        self.strong_leads: list[tuple[str, str]] = []    # (chapter, bold text at the start of a block)
        self.text: list[str] = []
        self._stack: list[str] = []
        self._buffers: list[list] = []
        self._skip = 0
        self._heading: dict | None = None
        self._in_number = False
        self._strong: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self._stack.append(tag)
        cls = dict(attrs).get("class") or ""
        if tag in SKIP:
            self._skip += 1
        elif tag in HEADINGS:
            self._heading = {"level": int(tag[1]), "number": "", "title": []}
        elif tag == "span" and "header-section-number" in cls and self._heading is not None:
            self._in_number = True
        elif tag in BLOCKS and not self._skip:
            self._buffers.append([tag, []])
        elif tag in ("strong", "b") and self._buffers and not "".join(self._buffers[-1][1]).strip():
            self._strong = []
        if tag not in ("a", "span", "em", "strong", "b", "i", "code", "sup", "sub"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID or not self._stack:
            return
        while self._stack and self._stack[-1] != tag:   # tolerate unclosed tags
            self._stack.pop()
        if self._stack:
            self._stack.pop()
        if tag in SKIP:
            self._skip -= 1
        elif tag in HEADINGS and self._heading is not None:
            h = self._heading
            title = normalise("".join(h["title"]))
            number = normalise(h["number"])
            self.headings.append({"level": h["level"], "number": number, "title": title, "chapter": self.chapter})
            if h["level"] == 1:
                self.chapter = number.removeprefix("Bilag ").strip() if number else "0"
                if number.startswith("Bilag"):
                    self.chapter = "bilag-" + self.chapter
                self.headings[-1]["chapter"] = self.chapter
            self._heading = None
        elif tag == "span" and self._in_number:
            self._in_number = False
        elif tag in ("strong", "b") and self._strong is not None:
            self.strong_leads.append((self.chapter, normalise("".join(self._strong))))
            self._strong = None
        elif tag in BLOCKS and self._buffers and self._buffers[-1][0] == tag:
            _, parts = self._buffers.pop()
            text = normalise("".join(parts))
            if text:
                self.blocks.append((self.chapter, tag, text))
        if tag not in ("a", "span", "em", "strong", "b", "i", "code", "sup", "sub"):
            self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            (self._heading.__setitem__("number", self._heading["number"] + data) if self._in_number
             else self._heading["title"].append(data))
            return
        if self._strong is not None:
            self._strong.append(data)
        if self._buffers and not self._skip:
            self._buffers[-1][1].append(data)


@pytest.fixture(scope="module")
def report(rendered_midterm):
    source = (rendered_midterm / "output" / ROUND / f"vvv-{ROUND}.html").read_text(encoding="utf-8")
    body = source[source.find("<body"):]
    # A footnote mark is not a number of the prose ("2018.¹⁰" must read as 2018); the notes' texts follow
    # the last appendix and are read there.
    body = re.sub(r'<a [^>]*class="footnote-ref"[^>]*>.*?</a>', "", body, flags=re.S)
    parser = ReportParser()
    parser.feed(body)
    parser.close()
    parser.full_text = normalise("".join(parser.text))
    parser.html = body
    return parser


# --- 1. Recommendations verbatim ----------------------------------------------------------------------
def _recommendation_checks():
    params = []
    for r in load_yaml(ROUND, "anbefalinger")["anbefalinger"]:
        params.append(pytest.param(r["text"], id=f"{r['id']}-text"))
        if r.get("chapter2_text"):
            params.append(pytest.param(r["chapter2_text"], id=f"{r['id']}-chapter2_text"))
    return params


@pytest.mark.parametrize("text", _recommendation_checks())
def test_recommendation_appears_verbatim(report, text):
    assert normalise(text) in report.full_text, f"recommendation not found verbatim in the report: {text[:90]}…"


# --- 2. Prose numbers -----------------------------------------------------------------------------------
NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+(?![.\d])(?:,\d+)?|\d+(?:\.\d+)+|\d+(?:,\d+)?)(?![\w])")
NAME_WITH_NUMBER = re.compile(r"\b[A-Za-zÆØÅæøå]+-\d+\b")      # Covid-19
DATE_NAMES = ("memo_ref", "section")


def number_tokens(text: str) -> list[str]:
    return [m.group(0) for m in NUMBER.finditer(NAME_WITH_NUMBER.sub(" ", normalise(text)))]


def _formatted(value) -> set[str]:
    """Every way `danish` may print a data value."""
    out: set[str] = set()
    if isinstance(value, bool) or value is None or (not isinstance(value, (str, list, dict)) and pd.isna(value)):
        return out
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
        return {danish.date(day), danish.month(day), str(day.year)}
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return _formatted(dt.date.fromisoformat(value))
        return out
    if isinstance(value, (int, float)):
        out.add(danish.number(value))
        if isinstance(value, float) and not value.is_integer():
            out.add(danish.number(value, 1))
        if 0 <= value <= 1:
            out |= {danish.percent(value), danish.percent(value, 1)}
    return out


def _yaml_values(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _yaml_values(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _yaml_values(v, key)
    else:
        yield key, node


def _verbatim_texts() -> list[str]:
    """Texts the report prints verbatim from YAML data (long enough to be unambiguous), longest first."""
    texts = set()
    for path in DATA.glob("*.yaml"):
        for key, value in _yaml_values(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if isinstance(value, str) and len(value) >= 20 and key not in DATE_NAMES:
                texts.add(normalise(value))
    return sorted(texts, key=len, reverse=True)


def build_allowed(report) -> set[str]:
    allowed: list[str] = []
    allowed += keyfigures(ROUND).values()
    config = load_config(ROUND)
    for value in vars(config).values() if hasattr(config, "__dict__") else []:
        allowed += _formatted(value)
    for path in DATA.glob("*.yml"):
        for _key, value in _yaml_values(yaml.safe_load(path.read_text(encoding="utf-8"))):
            allowed += _formatted(value)
    for path in sorted(DATA.glob("*.csv")):
        frame = load_table(ROUND, path.stem)
        for column in frame.columns:
            for value in frame[column]:
                if column in DATE_NAMES and isinstance(value, str):
                    allowed.append(value)          # the memo's section/figure/table numbers
                else:
                    allowed += _formatted(value)
    for path in DATA.glob("*.yaml"):
        for key, value in _yaml_values(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if key in DATE_NAMES and isinstance(value, str):
                allowed.append(value)
            else:
                allowed += _formatted(value)
    for heading in report.headings:                 # section numbers as rendered and cross-referenced
        allowed.append(heading["number"])
    # figure/table numbers as captioned and cross-referenced: chapter-prefixed, "6.1", "A.1"
    allowed += re.findall(r"<figcaption>Figur\s([\dA-Z]+\.\d+)", report.html)
    allowed += re.findall(r"<caption>Tabel\s([\dA-Z]+\.\d+)", report.html)
    allowed.append(danish.percent(uncertainty.LEVEL))
    tokens = set()
    for text in allowed:
        tokens.update(number_tokens(str(text)))
    return tokens


@pytest.fixture(scope="module")
def allowed_numbers(report) -> set[str]:
    return build_allowed(report)


def offending_numbers(report, allowed: set[str], chapter: str) -> list[str]:
    verbatim = _verbatim_texts()
    offending = []
    for block_chapter, _tag, text in report.blocks:
        if block_chapter != chapter:
            continue
        for quoted in verbatim:
            if quoted in text:
                text = text.replace(quoted, " ")
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ(»])", text):
            for token in number_tokens(sentence):
                if token not in allowed:
                    offending.append(f"{token!r} in: {sentence}")
    return offending


@pytest.mark.parametrize("chapter", [_chapter_param(c) for c in CHAPTERS])
def test_prose_numbers_come_from_data(report, allowed_numbers, chapter):
    offending = offending_numbers(report, allowed_numbers, chapter)
    assert not offending, "numbers in the prose that data/midterm does not supply:\n" + "\n".join(offending)


def test_prose_number_check_flags_a_typed_number():
    class Fake:
        blocks = [("7", "p", "Der var 4.321 deltagere, 29 pct. af dem i Afsnit 7.1."),
                  ("7", "caption", "Tabel 2: Udbytte (n = 29).")]
    offending = offending_numbers(Fake(), {"29", "7.1", "2"}, "7")
    assert offending == ["'4.321' in: Der var 4.321 deltagere, 29 pct. af dem i Afsnit 7.1."]


def test_number_tokens_read_danish_formats():
    assert number_tokens("6.063 deltagere, 29 pct., 2,5 år og 16–45 %") == ["6.063", "29", "2,5", "16", "45"]
    assert number_tokens("se Afsnit 6.1.2 om Covid-19 den 30. november 2021.") == ["6.1.2", "30", "2021"]


# --- 3. The memo's headings -----------------------------------------------------------------------------
# (number or None, title) per chapter; numbering repaired (the memo's second 6.1.1 is 6.1.2). Unnumbered
# headings of the memo may be a heading at any level or a bold lead-in.
MEMO_HEADINGS = {
    "1": [("1", "Forord")],
    "2": [("2", "Foreløbige fund og anbefalinger"), ("2.1", "Indledning"),
          ("2.2", "Foreløbige fund og anbefalinger")],
    "3": [("3", "Baggrund og formål"), ("3.1", "Baggrund"), ("3.2", "Evalueringens formål"),
          ("3.3", "Rapportens opbygning")],
    "4": [("4", "Om Venner Viser Vej"), ("4.1", "Indsatsens formål og målgruppe"), ("4.2", "Forandringsteori")],
    "5": [("5", "Datagrundlag og metode samt kontekst"), ("5.1", "Datagrundlag og metode"),
          ("5.2", "Metodiske overvejelser og kontekst")],
    "6": [("6", "Status i relation til målsætninger på programniveau"),
          ("6.1", "Venner Viser Vejs tilstedeværelse i landets kommuner"),
          ("6.1.1", "Status på VVVs tilstedeværelse i landets kommuner"),
          ("6.1.2", "Organisering og vurdering af samarbejdet mellem VVV og kommunerne"),
          ("6.1.3", "Kommunernes vurdering af samarbejdet med DRC / RK i øvrigt"),
          ("6.1.4", "Styrket kommunikation om Venner Viser Vej"),
          ("6.2", "Etablering af matches mellem frivillige og flygtninge"),
          ("6.2.1", "Status på etablering af matches"),
          (None, "Rekruttering blandt den 'nye' målgruppe"), (None, "Reorganisering i kommunerne"),
          ("6.3", "Frivilligkapaciteten i kommunerne"), ("6.3.1", "Status på frivilligkapaciteten i kommunerne"),
          ("6.4", "Frivillige er godt rustede til at varetage opgaven"),
          ("6.4.1", "Status på kompetenceudviklingen i relation til de kvantitative succeskriterier"),
          ("6.4.2", "Perspektiver på de frivillige kompetencer"),
          ("6.5", "Nye samarbejder med aktører i udsatte boligområder"),
          ("6.5.1", "Status på etablering af samarbejder"),
          ("6.5.2", "Læringspunkter fra VVVs pilotforsøg i udsatte boligområder"),
          ("6.5.3", "Informanternes perspektiver på initiativet – Relevans og udfordringer")],
    "7": [("7", "Status i relation til målsætninger på målgruppeniveau"),
          ("7.1", "Aktiviteter i matchparrene"),
          (None, "Hjælp til at håndtere praktiske hverdagsudfordringer"), (None, "Samtaler på dansk"),
          (None, "Socialt samvær og psykosocial støtte"), (None, "Børn i relationerne"),
          (None, "Introduktion til den frivilliges netværk"), (None, "Særligt ifm. Covid-19"),
          ("7.2", "Oplevet udbytte"),
          (None, "Beskæftigelse"), (None, "Sprogtræning"), (None, "Kultur- og samfundsforståelse"),
          (None, "Hverdagsmestring"), (None, "Netværk & deltagelse"),
          ("7.3", "Virksomme mekanismer & moderatorer"),
          (None, "Det gode match"), (None, "De menneskelige egenskaber"), (None, "Forventningsafstemning"),
          ("7.4", "Udfordringer og forbedringspotentialer")],
}


def heading_key(title: str) -> str:
    title = normalise(title).casefold().replace("&", "og").replace(" ml. ", " mellem ")
    return re.sub(r"[’‘'\"»«”“]", "'", title)


@pytest.mark.parametrize("chapter", [_chapter_param(c) for c in MEMO_HEADINGS])
def test_memo_headings_are_present(report, chapter):
    numbered = {(h["number"], heading_key(h["title"])) for h in report.headings}
    titles = {heading_key(h["title"]) for h in report.headings}
    titles |= {heading_key(t) for c, t in report.strong_leads if c == chapter}
    missing = [f"{n or '(unnumbered)'} {t}" for n, t in MEMO_HEADINGS[chapter]
               if ((n, heading_key(t)) not in numbered if n else heading_key(t) not in titles)]
    assert not missing, "memo headings missing from the report:\n" + "\n".join(missing)


# --- 4. Figure and table captions -----------------------------------------------------------------------
def _source_divs(kind: str) -> int:
    from vvvanalysis.render.project import load_project

    sources = load_project(ROOT, "midterm").sources()   # the midterm's chapter files and what they include
    return sum(len(re.findall(rf"^:::+\s*\{{#{kind}-", p.read_text(encoding="utf-8"), flags=re.M))
               for p in sources)


def expected_numbers(kind: str) -> list[str]:
    """Quarto's book numbering, from the sources: per chapter, prefixed by the chapter's number ("6.1",
    "6.2", …) or the appendix letter ("A.1"); unnumbered chapters (the home page) number no chapter."""
    from vvvanalysis.render.project import load_project

    project = load_project(ROOT, "midterm")
    out, number = [], 0
    for index, chapter in enumerate([*project.chapters, *project.appendices]):
        appendix = index >= len(project.chapters)
        if appendix and index == len(project.chapters):
            number = 0
        files: list[Path] = []
        project._collect(chapter, files)
        text = "\n".join(p.read_text(encoding="utf-8") for p in files)
        title = re.search(r"^# .*$", text, flags=re.M).group(0)
        if ".unnumbered" in title:
            continue
        number += 1
        prefix = chr(64 + number) if appendix else str(number)
        divs = len(re.findall(rf"^:::+\s*\{{#{kind}-", text, flags=re.M))
        out += [f"{prefix}.{k}" for k in range(1, divs + 1)]
    return out


def test_every_figure_and_table_div_gets_a_chapter_numbered_caption(report):
    figures = re.findall(r"<figcaption>Figur\s([\dA-Z]+\.\d+)", report.html)
    tables = re.findall(r"<caption>Tabel\s([\dA-Z]+\.\d+)", report.html)
    assert len(figures) == _source_divs("fig")
    assert len(tables) == _source_divs("tbl")
    assert figures == expected_numbers("fig")
    assert tables == expected_numbers("tbl")
    assert "6.1" in figures and any(n.startswith("A.") or n.startswith("B.") for n in tables)


# Exhibits that describe no sample: registers, compilations, models and texts. Their captions name their
# source instead of n. Every other figure or table states n, or says plainly that the memo gives none.
NOT_A_SAMPLE = {
    "fig-maalopfyldelse": "compiles the latest status of eight criteria from several sources",
    "tbl-maalopfyldelse": "compiles the latest status of eight criteria from several sources",
    "tbl-indikatorer": "n is given per row in the table itself",
    "fig-fremskrivning": "a model scenario, not a sample",
    "tbl-fremskrivning": "a model scenario, not a sample",
    "tbl-organisering": "text: the organisation's levels",
    "fig-forandringsteori": "text: the theory of change",
    "tbl-datagrundlag": "lists the n of every data source",
    "fig-deltagere": "register counts (Status, LG Insight), not a sample",
    "tbl-kurser": "register of courses held, not a sample",
    "fig-boligomraader": "register of cooperations (Podio), not a sample",
    "tbl-datakilder": "text: the source register",
    "tbl-succeskriterier": "text: the success criteria",
    "tbl-konkordans": "text: first edition's numbers -> this edition's (corrections appendix)",
}
CAPTION = re.compile(r'<(?:figure|table) id="((?:fig|tbl)-[^"]+)".*?<(?:figcaption|caption)[^>]*>(.*?)</(?:figcaption|caption)>',
                     re.S)


def test_every_caption_of_a_sample_states_n(report):
    captions = {ident: normalise(re.sub(r"<[^>]+>", "", text)) for ident, text in CAPTION.findall(report.html)}
    assert len(captions) == _source_divs("fig") + _source_divs("tbl")
    lacking = [f"{ident}: {text[:120]}" for ident, text in captions.items()
               if ident not in NOT_A_SAMPLE and not re.search(r"\bn (=|ikke oplyst)", text)]
    assert not lacking, "captions without 'n = ' (or 'n ikke oplyst'):\n" + "\n".join(lacking)


def test_exemptions_from_n_are_real_exhibits(report):
    for ident in NOT_A_SAMPLE:
        assert f'id="{ident}"' in report.html, f"{ident} is exempt from n but no longer in the report"
