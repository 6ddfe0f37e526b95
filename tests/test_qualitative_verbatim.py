"""Verbatim and completeness checks for the qualitative midterm data (data/midterm/*.yaml).

Every transcribed text must occur in the memo's extracted text after both sides are normalised
the same way: stray page-number lines dropped, words split by line-end hyphenation ("-\\n")
re-joined, all whitespace collapsed to single spaces. Counts are pinned so that deleting a
record fails a test.

Memo: env VVV_MEMO, else the project's own copy data/midterm/kilde/evalueringsnotat-2021.txt.
Structural tests run without the memo; verbatim tests are skipped if it is absent.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "midterm"
DEFAULT_MEMO = ROOT / "data" / "midterm" / "kilde" / "evalueringsnotat-2021.txt"

PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")
# Footnotes 2 and 3 of the memo are printed (page break) inside the first chapter-2 recommendation
# on matches ("… registreringspraksisser [footnotes] overvejes …"); they are cut out of the memo
# text before matching. Each must be present in the memo, so this cannot silently do nothing.
FOOTNOTE_INTERRUPTIONS = (
    "2 LG Insight (2019): Evaluering af Venner Viser Vej. 3 Antallet af matchede opgøres ved hjælp "
    "af Venner Viser Vejs årlige status, hvori de frivillige ledere spørges om, hvor mange deltagere, "
    "der blev matchet med en frivillig ven eller -familie i indeværende år.",
)


def normalise(text: str) -> str:
    # The edition's editorial marks are not the memo's words: '[sic]' after a slip kept as printed, and a
    # word in brackets the memo left out ('henvender sig [til]').
    text = re.sub(r" ?\[sic\]", "", text)
    text = re.sub(r" ?\[[a-zæøå ]+\]", "", text)
    # one kind of quotation marks (»…«, house style) for the memo's ’…’, ”…” and “…”
    text = re.sub("[»«”“’‘\"]", '"', text)
    lines = [ln for ln in text.split("\n") if not PAGE_NUMBER_LINE.match(ln)]
    s = "\n".join(lines)
    s = re.sub(r"(\w)-\n[ \t]*(\w)", r"\1\2", s)  # line-end hyphenation
    return re.sub(r"\s+", " ", s).strip()


def load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


ANB = load("anbefalinger.yaml")
CIT = load("citater.yaml")
SUC = load("succeskriterier.yaml")
FT = load("forandringsteori.yaml")
ORG = load("organisation.yaml")
KON = load("kontekst.yaml")


@pytest.fixture(scope="module")
def memo() -> str:
    path = Path(os.environ.get("VVV_MEMO") or DEFAULT_MEMO)
    if not path.is_file():
        pytest.fail(f"memo text not found at {path} (set VVV_MEMO to the extracted memo text)")
    norm = normalise(path.read_text(encoding="utf-8"))
    for fn in FOOTNOTE_INTERRUPTIONS:
        assert fn in norm, f"expected footnote block not found in memo: {fn[:60]}…"
        norm = norm.replace(fn, " ")
    return re.sub(r"\s+", " ", norm)


# ----------------------------------------------------------------------------- verbatim strings
def _verbatim_items():
    out = []
    for r in ANB["anbefalinger"]:
        out.append((f"anbefalinger:{r['id']}:text", r["text"]))
        if r["chapter2_text"] is not None:
            out.append((f"anbefalinger:{r['id']}:chapter2_text", r["chapter2_text"]))
    for c in CIT["citater"]:
        out.append((f"citater:{c['id']}", c["text"]))
    for s in SUC["succeskriterier"]:
        out.append((f"succeskriterier:{s['id']}:objective", s["objective"]))
        out.append((f"succeskriterier:{s['id']}:criterion", s["criterion"]))
    for group in ("activities", "outcomes", "impact"):
        for it in FT[group]:
            out.append((f"forandringsteori:{group}:{it['id']}", it["text"]))
    for lv in ORG["levels"]:
        out.append((f"organisation:{lv['id']}:name", lv["name"]))
        for i, x in enumerate(lv["actors"] + lv["tasks"]):
            out.append((f"organisation:{lv['id']}:{i}", x))
    for key, val in KON.items():
        if key == "source":
            continue
        if "text" in val:
            out.append((f"kontekst:{key}", val["text"]))
        for i, it in enumerate(val.get("items", [])):
            out.append((f"kontekst:{key}:{i}", it["text"]))
    return out


VERBATIM = _verbatim_items()


@pytest.mark.parametrize("label,text", VERBATIM, ids=[v[0] for v in VERBATIM])
def test_text_is_verbatim_in_memo(memo, label, text):
    assert isinstance(text, str) and text == text.strip() and "\n" not in text, label
    assert normalise(text) in memo, f"{label} not found verbatim in memo: {text[:80]}…"


def test_verbatim_inventory_size():
    # 18 texts + 15 chapter-2 texts + 20 quotes + 16 criteria fields + 30 ToC items
    # + 3 level names + 12 actors/tasks + 57 kontekst texts/items (10 texts, 47 items)
    assert len(VERBATIM) == 18 + 15 + 20 + 16 + 30 + 3 + 12 + 57


# ----------------------------------------------------------------------------- anbefalinger
ANB_KEYS = ["id", "section", "box", "theme", "text", "in_chapter2", "chapter2_text", "chapter2_difference"]
BOX_COUNTS = {"6.1": 4, "6.2": 2, "6.3": 1, "6.4": 3, "6.5": 3, "7": 1}
BOX_NAMES = {"6.1": "Evaluator anbefaler", "6.2": "Evaluator anbefaler", "6.3": "Evaluator anbefaler",
             "6.4": "Evaluator anbefaler", "6.5": "Det anbefales", "7": "Det anbefales"}
THEMES = {"6.1": "tilstedevaerelse", "6.2": "matches", "6.3": "frivilligkapacitet",
          "6.4": "kompetenceudvikling", "6.5": "boligomraader", "7": "deltagere"}
RUNNING_TEXT_IDS = ["6.1.1-tekst-1", "6.1.1-tekst-2", "6.1.4-tekst-1"]


def _boxed(section):
    return [r for r in ANB["anbefalinger"] if r["section"] == section and r["box"] != "løbende tekst"]


def test_anbefalinger_structure():
    recs = ANB["anbefalinger"]
    assert isinstance(ANB["source"], str) and "Als Research" in ANB["source"]
    assert len(recs) == 18
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert [k for k in r if k != "chapter2_bullet"] == ANB_KEYS, r["id"]
        assert ("chapter2_bullet" in r) == r["in_chapter2"], r["id"]
        assert isinstance(r["in_chapter2"], bool)
        assert r["theme"] in set(THEMES.values())
        assert isinstance(r["chapter2_difference"], str) and r["chapter2_difference"]
        if r["in_chapter2"]:
            assert isinstance(r["chapter2_text"], str)
        else:
            assert r["chapter2_text"] is None
    for sec, n in BOX_COUNTS.items():
        boxed = _boxed(sec)
        assert [r["id"] for r in boxed] == [f"{sec}-{i}" for i in range(1, n + 1)]
        assert {r["box"] for r in boxed} == {BOX_NAMES[sec]}
        assert {r["theme"] for r in boxed} == {THEMES[sec]}
    running = [r for r in recs if r["box"] == "løbende tekst"]
    assert [r["id"] for r in running] == RUNNING_TEXT_IDS
    ch2_only = [r for r in recs if r["section"] == "2.2"]
    assert [r["id"] for r in ch2_only] == ["2.2-1"]
    assert sum(r["in_chapter2"] for r in recs) == 15
    identical = {r["id"] for r in recs if r["chapter2_difference"] == "identisk"}
    assert identical == {"6.3-1", "6.4-1"}
    for r in recs:
        if r["id"] in identical:
            assert r["text"] == r["chapter2_text"]
        elif r["in_chapter2"] and r["section"] != "2.2":
            assert r["text"] != r["chapter2_text"], r["id"]


def test_boxes_are_complete_and_in_order(memo):
    """Header + all bullets of each box, in order, contiguous; no further bullet after the last."""
    for sec in BOX_COUNTS:
        texts = [r["text"] for r in _boxed(sec)]
        block = f"{BOX_NAMES[sec]}: • " + " • ".join(normalise(t) for t in texts)
        pos = memo.find(block)
        assert pos >= 0, f"box {sec} not found as a contiguous block"
        rest = memo[pos + len(block):].lstrip()
        assert not rest.startswith("•"), f"box {sec} has more bullets than transcribed"


def test_chapter2_lists_are_covered(memo):
    start = memo.index("2.2 FORELØBIGE FUND OG ANBEFALINGER")
    end = memo.index("3 BAGGRUND OG FORMÅL", start)
    region = memo[start:end]
    assert region.count("Det anbefales:") == 6
    bullets = [b.strip() for b in region.split("•")[1:]]
    assert len(bullets) == 14
    ch2_texts = [normalise(r["chapter2_text"]) for r in ANB["anbefalinger"] if r["in_chapter2"]]
    for b in bullets:
        assert any(b.startswith(t[:60]) for t in ch2_texts), f"chapter-2 bullet not transcribed: {b[:60]}…"
    for t in ch2_texts:
        assert t in region, f"chapter2_text not in section 2.2: {t[:60]}…"


# ----------------------------------------------------------------------------- citater
ROLES = {"deltager", "frivillig", "boligsocial_aktoer", "kommune_respondent"}


def test_citater_structure():
    cit = CIT["citater"]
    assert len(cit) == 20
    assert len({c["id"] for c in cit}) == len(cit)
    for c in cit:
        assert set(c) - {"note"} == {"id", "text", "speaker", "age", "role", "section"}, c["id"]
        assert c["role"] in ROLES
        assert c["age"] is None or (isinstance(c["age"], int) and not isinstance(c["age"], bool))
        assert re.fullmatch(r"\d(\.\d){0,2}", c["section"])
    speakers = Counter(c["speaker"] for c in cit if c["speaker"])
    assert speakers == Counter({"Kirsten": 1, "Burhan": 1, "Ajda": 1, "Mursal": 1, "Leif": 1, "Ole": 1,
                                "Conny": 1, "Samir": 2, "Solveig": 1, "Boligsocial aktør": 2})
    by_speaker = {c["speaker"]: c for c in cit if c["speaker"]}
    assert {s: by_speaker[s]["age"] for s in ("Burhan", "Ajda", "Mursal", "Samir")} == \
        {"Burhan": 41, "Ajda": 26, "Mursal": 20, "Samir": 28}
    assert {s for s, c in by_speaker.items() if c["role"] == "frivillig"} == \
        {"Kirsten", "Leif", "Ole", "Conny", "Solveig"}
    assert Counter(c["role"] for c in cit)["kommune_respondent"] == 4
    assert "i starten). [sic] bliver" in by_speaker["Kirsten"]["text"] and by_speaker["Kirsten"].get("note")
    assert "(…)" in by_speaker["Mursal"]["text"] and "[Vennen]" in by_speaker["Burhan"]["text"]


def test_named_quotes_are_attributed_in_memo(memo):
    """Each named quote is followed in the memo by '- <speaker>[, <age> år]'."""
    for c in CIT["citater"]:
        if not c["speaker"]:
            continue
        tail = f"- {c['speaker']}" + (f", {c['age']} år" if c["age"] is not None else "")
        pos = memo.find(normalise(c["text"]))
        after = memo[pos + len(normalise(c["text"])):pos + len(normalise(c["text"])) + 40]
        assert tail in after, f"{c['id']}: attribution '{tail}' not right after quote (got {after!r})"


# ----------------------------------------------------------------------------- succeskriterier
def test_succeskriterier():
    suc = SUC["succeskriterier"]
    expected = {
        "kommuner": (90, ">="), "deltagere": (7000, ">="), "frivilligledere_kapacitet": (0.75, ">="),
        "kommuner_tilbydes_ven": (0.75, ">="), "kursister_rustet": (0.75, ">="), "kurser": (30, ">="),
        "afbrudte_forloeb": (0.15, "<"), "boligomraader": (12, ">="),
    }
    assert [s["id"] for s in suc] == list(expected)
    for s in suc:
        assert list(s) == ["id", "section", "objective", "criterion", "target", "unit", "comparator",
                           "objective_short", "criterion_short"]
        assert (s["target"], s["comparator"]) == expected[s["id"]], s["id"]
        assert isinstance(s["unit"], str) and s["unit"]
        assert s["section"].startswith("6.")


# ----------------------------------------------------------------------------- forandringsteori
def test_forandringsteori(memo):
    assert FT["section"] == "4.2"
    acts = [a for a in FT["activities"] if a["section"] == "7.1"]
    assert [a["id"] for a in acts] == [f"a{i:02d}" for i in range(1, 11)]
    block = "følgende: • " + " • ".join(normalise(a["text"]) for a in acts) + " Det første punkt"
    assert block in memo, "the 10 activities of 7.1 are not complete/in order"
    assert len(FT["activities"]) == 17 and len(FT["outcomes"]) == 9 and len(FT["impact"]) == 4
    for group in ("activities", "outcomes", "impact"):
        ids = [it["id"] for it in FT[group]]
        assert len(set(ids)) == len(ids)
        for it in FT[group]:
            assert list(it) == ["id", "text", "section"]
    assert {it["section"] for it in FT["impact"]} == {"4.1"}


# ----------------------------------------------------------------------------- organisation
def test_organisation():
    assert ORG["section"] == "4"
    assert [lv["id"] for lv in ORG["levels"]] == ["national", "regional", "lokal"]
    for lv in ORG["levels"]:
        assert list(lv) == ["id", "name", "actors", "tasks", "summary"]   # summary: the table's noun phrases
        assert lv["actors"] and lv["tasks"]
    assert [len(lv["tasks"]) for lv in ORG["levels"]] == [2, 2, 3]


# ----------------------------------------------------------------------------- kontekst
def test_kontekst():
    keys = [k for k in KON if k != "source"]
    assert len(keys) == 23
    for k in keys:
        v = KON[k]
        assert ("text" in v) != ("items" in v), k
        assert set(v) <= {"text", "items", "section"} and "section" in v, k
    assert KON["vvv1_periode"]["text"] == "2016-2018"
    assert KON["vvv2_periode"]["text"] == "2019-2022"
    assert KON["evalueringsperiode"]["text"] == "april 2020 – november 2021"
    assert [i["text"] for i in KON["evaluatorer"]["items"]][:2] == ["Mia Kathrine Jensen", "Ida Kvist Sommer"]
    assert len(KON["evalueringens_formaal"]["items"]) == 4
    assert len(KON["maalgruppe_inkluderer"]["items"]) == 2
    assert [i["text"] for i in KON["oevrige_samarbejdsaktiviteter"]["items"]][0] == \
        "Lektiehjælpere / lektiecafé / sprogcafé"
    assert len(KON["oevrige_samarbejdsaktiviteter"]["items"]) == 7
    assert [i["count"] for i in KON["forbedringsoensker_samarbejde"]["items"]] == [1, 2, 1, 2]
    assert sum(i["count"] for i in KON["aarsager_ikke_henvisning"]["items"]) == 7  # "De 7 kommuner"
    assert len(KON["frivilliges_udfordringer"]["items"]) == 4
    assert len(KON["laeringspunkter_boligomraader"]["items"]) == 3
