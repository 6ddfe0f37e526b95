"""Report-level consistency (issue 23, item 2): the report never disagrees with itself.

1. A registry of every quantity the midterm prints in more than one place – running text, table cell, figure
   label, caption – with the one inline key it comes from. Each text place must cite that key (not a second
   computation), and each table cell and figure label must print the key's value.
2. One key per fact: no two inline keys that the chapters use carry the same number unless the registry of
   distinct facts says they are different quantities that happen to be equal.
3. Cross-references resolve to another section than the one they stand in.
4. A caption names only columns its table has ('kolonnen Antal').

Every check is shown to fail on a planted contradiction."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from conftest import MIDTERM, ROOT

from vvvanalysis import danish
from vvvanalysis.keyfigures import keyfigures
from vvvanalysis.notebook import setup
from vvvanalysis.outputs import boligomraader, kurser, maalopfyldelse, projekt
from vvvanalysis.literal import plain

CHAPTERS = ROOT / "report" / "midterm"


@pytest.fixture(scope="module")
def ctx():
    return setup("midterm", str(MIDTERM))


@pytest.fixture(scope="module")
def values():
    return keyfigures("midterm")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- helpers: what a place prints ------------------------------------------------------------------------
def table_rows(markdown) -> list[list[str]]:
    lines = plain(markdown.data).strip().splitlines()[2:]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def cell(table, row_starts: str, column: int):
    def read(ctx):
        rows = table_rows(table(ctx))
        return next(r[column] for r in rows if r[0].startswith(row_starts))
    return read


def figure_texts(figure):
    def read(ctx):
        fig = figure(ctx)
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        texts += [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
        return " | ".join(texts)
    return read


def same(printed: str, value: str) -> bool:
    """The key's value in the place's form: '29 pct.' in text is '29 %' in a table; 'ni' is 9."""
    norm = lambda s: s.replace(danish.NBSP, " ").replace("pct.", "%")
    return norm(value) in norm(printed)


def section_text(path: Path, section_id: str) -> str:
    """The source of one section (its heading to the next heading of the same or a higher level)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if f"{{#{section_id}" in line and line.startswith("#"))
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")
                and len(lines[i]) - len(lines[i].lstrip("#")) <= level), len(lines))
    return "\n".join(lines[start:end])


def cites(text: str, key: str) -> bool:
    return bool(re.search(rf"\{{\{{< meta v\.{re.escape(key)}(?:_ord)? >\}}\}}", text))


# --- 1. the registry ---------------------------------------------------------------------------------------
@dataclass
class Fact:
    key: str
    text: list[tuple[str, str]] = field(default_factory=list)      # (chapter file, section id) citing the key
    printed: list[tuple[str, object]] = field(default_factory=list)  # (what, ctx -> printed string)


F02, F05, F06, F07 = ("02-fund-og-anbefalinger.qmd", "05-datagrundlag-og-metode.qmd", "06-status-programniveau.qmd",
                      "07-status-maalgruppeniveau.qmd")
REGISTRY = {
    "deltagere ved seneste status (6.063)": Fact(
        "match_deltagere",
        text=[(F02, "sec-maalopfyldelse"), (F02, "sec-fremskrivning"), (F06, "sec-status-matches")],
        printed=[("Tabel 2.1, status", cell(maalopfyldelse.tabel_maalopfyldelse, "Aktive deltagere", 2)),
                 ("Figur 2.2, opgjort punkt", figure_texts(maalopfyldelse.figur_fremskrivning))]),
    "manglende samarbejder i udsatte boligområder": Fact(
        "bolig_mangler",
        text=[(F02, "sec-fund-boligomraader"), (F06, "sec-status-boligomraader")],
        printed=[("Figur 6.7, mangler", figure_texts(boligomraader.fig_status))]),
    "kommuner med VVV": Fact(
        "tilst_til_stede",
        text=[(F02, "sec-fund-tilstedevaerelse"), (F02, "sec-maalopfyldelse"), (F06, "sec-status-tilstedevaerelse")],
        printed=[("Tabel 2.1, status", cell(maalopfyldelse.tabel_maalopfyldelse, "Tilstedeværelse i kommuner", 2))]),
    "afholdte kurser og workshops": Fact(
        "kursus_i_alt",
        text=[(F02, "sec-maalopfyldelse")],
        printed=[("Tabel 2.1, status", cell(maalopfyldelse.tabel_maalopfyldelse, "Afholdte kurser", 2))]),
    "kursusoversigtens opgørelsestidspunkt": Fact(
        "kursus_dato",
        text=[(F06, "sec-status-kompetenceudvikling")],
        printed=[("Tabel 2.1, opgjort", cell(maalopfyldelse.tabel_maalopfyldelse, "Afholdte kurser", 3))]),
    "kursister, der i høj grad har fået viden": Fact(
        "fig9_hoej_pct",
        text=[(F02, "sec-maalopfyldelse"), (F06, "sec-status-kompetenceudvikling")],
        printed=[("Figur 6.5", figure_texts(kurser.fig_viden))]),
    "kursister, der i nogen grad har fået viden": Fact(
        "fig9_nogen_pct",
        text=[(F02, "sec-maalopfyldelse"), (F06, "sec-status-kompetenceudvikling")],
        printed=[("Figur 6.5", figure_texts(kurser.fig_viden))]),
    "interviewede matchpar (frivillige)": Fact(
        "bg_interview_matchpar_frivillige",
        text=[(F05, "sec-datagrundlag-metode"), (F07, "sec-maalgruppeniveau")],
        printed=[("Tabel 5.1", cell(projekt.tabel_datagrundlag, "Interview med frivillige i matchpar", 1))]),
    "mindste ophørsandel, data tillader": Fact(
        "fs_graense",
        text=[(F02, "sec-fremskrivning")],
        printed=[("Tabel 2.3, ophør", cell(maalopfyldelse.tabel_fremskrivning, "Mindste", 2)),
                 ("Figur 2.2, forklaring", figure_texts(maalopfyldelse.figur_fremskrivning))]),
    "deltagere i alt siden første projektperiode": Fact(
        "match_kumuleret", text=[(F06, "sec-status-matches")]),
}


def registry_faults(registry, chapters: Path, values: dict, ctx) -> list[str]:
    faults = []
    for name, fact in registry.items():
        for file, section in fact.text:
            if not cites(section_text(chapters / file, section), fact.key):
                faults.append(f"{name}: {file} #{section} does not print it from v.{fact.key}")
        for what, read in fact.printed:
            printed = read(ctx)
            if not same(printed, values[fact.key]):
                faults.append(f"{name}: {what} prints {printed!r}, not {values[fact.key]!r}")
    return faults


def test_every_place_prints_the_registered_key(values, ctx):
    assert registry_faults(REGISTRY, CHAPTERS, values, ctx) == []


def test_the_registry_check_catches_a_second_computation(values, ctx, tmp_path):
    # a figure that counts the missing collaborations after the planned start-ups (the first edition's 6)
    def six_missing(_ctx):
        return "Mangler i forhold til målet (6)"
    planted = {"mangler": Fact("bolig_mangler", printed=[("Figur 6.7", six_missing)])}
    assert registry_faults(planted, CHAPTERS, values, ctx) == [
        "mangler: Figur 6.7 prints 'Mangler i forhold til målet (6)', not '9'"]
    # a chapter that types the number, or cites another key for it
    chapter = tmp_path / F02
    source = (CHAPTERS / F02).read_text(encoding="utf-8")
    chapter.write_text(source.replace("v.bolig_mangler_ord", "v.tilst_planlagt_ord"), encoding="utf-8")
    planted = {"mangler": Fact("bolig_mangler", text=[(F02, "sec-fund-boligomraader")])}
    assert registry_faults(planted, tmp_path, values, ctx) == [
        f"mangler: {F02} #sec-fund-boligomraader does not print it from v.bolig_mangler"]


# --- 2. one key per fact -------------------------------------------------------------------------------------
# Keys the chapters use that carry equal values but are different facts (a coincidence of the data).
DISTINCT = [
    {"bg_vvv1_slut_aar", "match_aktive_aar", "friv_lg_aar", "kilde_lg_til"},   # years, not one quantity
    {"bg_vvv2_start_aar", "match_foerste_aar", "fs_graense_foer_aar"},
    {"match_deltagere_aar", "match_sidste_aar"},
    {"friv_maal_ledere", "friv_maal_kommuner", "kursus_maal_andel"},            # three targets of 75 %
    {"tabel7_ventetid_pct", "k7_udbytte_bund_andel"},
    {"tabel7_for_faa_pct", "fig9_hoej_pct"},
    {"fig4_ja_pct", "friv_lg_udfordring"},
    {"fig4_nej_pct", "tabel6_nedlagt_pct"},
    {"rund_fig1_ja", "rund_samarbejdsaftale_ja", "rund_workshop_nye_mennesker"},
    # the n of different survey questions, equal because everyone asked answered
    {"bg_kommunesurvey_besvarelser", "fig1_n", "fig4_n", "tabel7_n", "nedgang_n"},
    {"aftale_n", "fig2_n", "fig1_ja", "bg_interview_matchpar"},   # asked of the kommuner that refer (fig1_ja)
    {"fig9_n", "fig10_n"},
    {"nedgang_ja", "tabel6_n", "mo_fig10_redskaber_antal"},       # Tabel 6 asked of those with a decline
    # different quantities that happen to be equal in the midterm's data
    {"k7_tabel11_n", "us_fig9_bredde"}, {"fig1_ukendt", "fig2_faste"}, {"friv_rk_mangel", "k7_udbytte_top_ja"},
]


# The final's example data: equal values of different facts (the same survey's n, years, and coincidences of
# invented numbers). Its development chapter prints today's counts with the chapters' keys (match_deltagere,
# tilst_til_stede, kursus_i_alt, bolig_etableret), never a second key of its own.
DISTINCT_FINAL = [
    {"bg_vvv2_slut_aar", "match_deltagere_aar", "match_sidste_aar"},               # years
    {"bg_start_aar", "citat_presse_10000_venner_siden"},                          # a cited statement's year
    {"aftale_n", "fig2_n", "fig1_ja", "friv_rk_mangel", "k7_udbytte_top_ja"},      # asked of those that refer
    {"bg_kursusevaluering_besvarelser", "fig9_n", "fig10_n"},                     # answers, not questions
    {"bg_interview_matchpar_flygtninge", "bg_interview_matchpar_frivillige", "k7_matchpar", "workshop_n"},
    {"nedgang_ja", "tabel6_n", "kursus_maal_antal"},                              # Tabel 6 asked of those with a decline
    {"kilde_podio_maaned", "kursus_dato"},                                        # two sources of one month
    # different quantities that happen to be equal in the invented data
    {"mo_tabel7_matchet_antal", "us_fig9_antal", "us_fig9_bredde"}, {"mo_deltagere_andel", "mo_kommuner_andel"},
    {"fig10_nogen_pct", "fig9_hoej_pct"}, {"aftale_ja", "henvisning_boligsociale"},
    {"fig4_nej_pct", "tabel7_for_faa_pct"},
]


def used_keys(chapters=("midterm",)) -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for r in chapters for p in (ROOT / "report" / r).glob("*.qmd"))
    return {k.removesuffix("_ord") for k in re.findall(r"meta v\.([a-z0-9_]+)", text)}


def duplicate_keys(values: dict, used: set[str], distinct=DISTINCT) -> list[set[str]]:
    """Groups of used keys with one value (numbers, dates, shares; not small counts 0-12 or words)."""
    groups: dict[str, set[str]] = {}
    for key in used:
        value = values.get(key, "")
        if not re.search(r"\d", value) or (value.isdigit() and int(value) <= 12):
            continue
        groups.setdefault(value, set()).add(key)
    allowed = [set(d) for d in distinct]
    return [keys for keys in groups.values() if len(keys) > 1 and not any(keys <= a for a in allowed)]


def test_one_key_per_fact(values):
    assert duplicate_keys(values, used_keys()) == []


def test_one_key_per_fact_in_the_final():
    # the midterm's distinctions hold in the same survey design; the final adds its own
    assert duplicate_keys(keyfigures("final"), used_keys(("final",)), DISTINCT + DISTINCT_FINAL) == []


def test_no_key_is_named_after_a_year(values):
    assert [k for k in values if re.search(r"_(19|20)\d\d(_|$)", k)] == []


def test_the_one_key_check_catches_an_alias(values):
    planted = {**values, "deltagere_2020": values["match_deltagere"]}
    assert duplicate_keys(planted, used_keys() | {"deltagere_2020"}) == [{"match_deltagere", "deltagere_2020"}]


# --- 3. cross-references point elsewhere ------------------------------------------------------------------------
def self_references(text: str) -> list[str]:
    """'@sec-x' standing inside section x itself (the innermost section with an id)."""
    found, current = [], None
    for line in text.splitlines():
        heading = re.match(r"#+ .*\{#(sec-[\w-]+)", line)
        if heading:
            current = heading.group(1)
            continue
        found += [ref for ref in re.findall(r"@(sec-[\w-]+)", line) if ref == current]
    return found


@pytest.mark.parametrize("path", sorted(CHAPTERS.glob("*.qmd")) + sorted((ROOT / "report" / "final").glob("*.qmd")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cross_references_point_to_another_section(path):
    assert self_references(path.read_text(encoding="utf-8")) == []


def test_the_cross_reference_check_can_fail():
    planted = "### Usikkerhed {#sec-usikkerhed}\n\nher går intervallet fra 38–67 pct. (@sec-usikkerhed).\n"
    assert self_references(planted) == ["sec-usikkerhed"]
    assert self_references(planted.replace("(@sec-usikkerhed)", "(@fig-henvisning)")) == []


# --- 4. captions name only columns their table has ---------------------------------------------------------------
def caption_faults(page: str) -> list[str]:
    faults = []
    for table_id, caption, head in re.findall(
            r'<table id="(tbl-[\w-]+)"[^>]*>\s*<caption>(.*?)</caption>.*?<thead>(.*?)</thead>', page, re.S):
        columns = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<th\b.*?</th>", head, re.S)]
        caption = " ".join(html.unescape(re.sub(r"<[^>]+>", "", caption)).split())
        named_columns = re.findall(r"kolonne(?:n|rne)? »?([A-ZÆØÅ][\wæøå %.-]*?)«?(?=[;,.)]| og | er | står|$)",
                                   caption)
        for named in named_columns:
            if named.strip() not in columns:
                faults.append(f"{table_id}: the caption names the column {named.strip()!r}; the table has {columns}")
    return faults


def test_captions_name_only_columns_their_table_has(rendered_midterm):
    page = (rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")
    assert re.search(r'<table id="tbl-', page), "the check reads the tables of the rendered page"
    assert caption_faults(page) == []


def test_the_caption_check_can_fail():
    page = ('<table id="tbl-indikatorer"><caption>Tabel 2.2: Indikatorer (n står i kolonnen Antal; kilder).'
            '</caption><colgroup></colgroup><thead><tr><th>Succeskriterium</th><th>Andel (antal af n)</th></tr>'
            '</thead><tbody></tbody></table>')
    assert caption_faults(page) == ["tbl-indikatorer: the caption names the column 'Antal'; the table has "
                                    "['Succeskriterium', 'Andel (antal af n)']"]
    assert caption_faults(page.replace("kolonnen Antal", "kolonnen Andel (antal af n)")) == []


# --- 5. the registry of every repeated quantity, found automatically (tests/registry_check.py) ----------------
@pytest.fixture(scope="module", params=["midterm", "final"])
def round_registry(request):
    from registry_check import exhibits, text_places

    name = request.param
    return name, keyfigures(name), text_places(name), exhibits(name)


def test_every_repeated_quantity_is_in_the_registry_and_prints_its_key(round_registry):
    """Every number a chapter prints from a key and that stands in another section or in a table cell or figure
    text of the round is registered with each place; a place that prints it differently, a section that takes
    it from another key, or a new place is named here (tests/registry_check.py says how to review it)."""
    from registry_check import build, committed, differences

    name, values, places, printed = round_registry
    registry = build(values, places, printed)
    assert len(registry) > 50 and any(":" in p for e in registry.values() for p in e["places"])
    assert differences(committed(name), registry) == []


@pytest.mark.parametrize("round_registry", ["midterm"], indirect=True)
def test_the_automatic_registry_catches_a_planted_contradiction(round_registry, tmp_path):
    from registry_check import build, committed, differences

    name, values, places, printed = round_registry
    # a table that counts the participants a second way: 6.026 (a scenario's end) in Tabel 2.1's status cell
    table = "02-maalopfyldelse#tabel-maalopfyldelse"
    planted = {**printed, table: [(slot, "6.026" if text == "6.063" else text) for slot, text in printed[table]]}
    faults = differences(committed(name), build(values, places, planted))
    assert ("match_deltagere: 02-maalopfyldelse#tabel-maalopfyldelse: række »Aktive deltagere«, kolonne »Status« "
            "no longer prints '6.063'") in faults
    # a section that prints the participants from another key (a copy with the same value)
    chapter = tmp_path / F06
    chapter.write_text((CHAPTERS / F06).read_text(encoding="utf-8").replace("v.match_deltagere >", "v.kopi >"),
                       encoding="utf-8")
    from registry_check import text_places

    moved = {**places, **{k: v for k, v in text_places(name, tmp_path).items() if k == "kopi"}}
    moved["match_deltagere"] = {p for p in places["match_deltagere"] if not p.startswith(F06)}
    faults = differences(committed(name), build({**values, "kopi": values["match_deltagere"]}, moved, printed))
    assert f"match_deltagere: {F06}#sec-status-matches no longer prints '6.063'" in faults
    assert any(f.startswith("kopi: ") and "not in the registry" in f for f in faults)
