"""The final round: its own (example) data through the same notebooks, the example mark everywhere while the
data are example data, and independence from the midterm round."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile

import pytest

from conftest import ROOT, copy_rendered, vvv
from vvvanalysis import indicators
from vvvanalysis.config import load_config
from vvvanalysis.data import validate_round
from vvvanalysis.errors import DataError
from vvvanalysis.render.subset import check_source
from vvvanalysis.sources import cited_statements

MARK = "Eksempeldata – ikke reelle tal"


# --- data and indicators ------------------------------------------------------------------------------------
def test_final_round_is_example_data_and_validates():
    cfg = load_config("final")
    assert cfg.example_data is True and cfg.extra["compare_with"] == "midterm"
    assert cfg.period_start == dt.date(2019, 1, 1) and cfg.period_end == dt.date(2022, 12, 31)
    assert len(validate_round("final")) >= 32
    assert "invented" in (ROOT / "data" / "final" / "README.md").read_text(encoding="utf-8").lower()


def test_indicators_take_the_years_from_the_data():
    d = indicators.deltagere("final")
    assert (d["basisaar"], d["aar"], d["deltagere"]) == (2018, 2022, 6874)
    assert d["kumuleret"] == 7173 + 926 + 966 + 1042 + 1187
    assert indicators.deltagere("midterm")["aar"] == 2020
    status = indicators.succeskriterier("final").set_index("criterion_id")
    assert status.loc["deltagere", "status_date"] == dt.date(2022, 12, 31)
    assert status.loc["kommuner", "status"] == 88 and status.loc["boligomraader", "status"] == 7
    assert status.loc["kurser", "status"] == 26


def test_press_statement_is_a_cited_statement_with_a_registered_source():
    (s,) = cited_statements("final")
    assert s["value"] == 10000 and s["since"] == 2016 and s["source"] == "presse_2023"
    assert s["source_label"].endswith("februar 2023")
    assert cited_statements("midterm") == []


@pytest.fixture
def final_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))   # a round is a name under data/ of the project
    for name in ("midterm", "final"):
        shutil.copytree(ROOT / "data" / name, tmp_path / "data" / name)
    return tmp_path / "data" / "final"


@pytest.mark.parametrize("old, new, message", [
    ("6.1-1,gennemført", "9.9-9,gennemført", "unknown recommendation id '9.9-9'"),
    ("6.1-1,gennemført", "6.1-1,færdig", "unknown category 'færdig'"),
])
def test_followup_rejects_unknown_ids_and_statuses(final_copy, old, new, message):
    path = final_copy / "opfoelgning.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(DataError) as err:
        validate_round(final_copy)
    assert message in err.value.render() and "opfoelgning.csv" in err.value.render()


def test_chapter_files_stay_inside_the_quarto_subset():
    for path in sorted(ROOT.glob("report/*/*.qmd")):
        check_source(path, path.read_text(encoding="utf-8"))


def test_missing_chapter_file_names_the_file_and_the_round(tmp_path):
    from conftest import copy_project, vvv

    project = copy_project(tmp_path)
    (project / "report" / "final" / "03-baggrund-og-formaal.qmd").unlink()
    proc = vvv(project, "validate", "--round", "final", check=False)
    assert proc.returncode == 2
    assert "round 'final'" in proc.stderr and "03-baggrund-og-formaal.qmd" in proc.stderr


def test_midterm_book_does_not_run_the_final_only_notebooks():
    from vvvanalysis.render.project import load_project

    assert "08-udvikling.ipynb" not in load_project(ROOT, "midterm").notebooks()
    final = load_project(ROOT, "final")
    assert {"08-udvikling.ipynb", "09-opfoelgning.ipynb"} <= final.notebooks()
    assert final.chapters[-2:] == [ROOT / "report/final/08-udvikling.qmd", ROOT / "report/final/09-opfoelgning.qmd"]


# --- rendered -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def renders(rendered_final, rendered_midterm, tmp_path_factory):
    """final (example data), midterm (the session's renders, in one project), then final again with a changed
    number and example_data: false, and midterm again."""
    project = copy_rendered(rendered_final, tmp_path_factory.mktemp("final-project") / "p", rendered_midterm)
    saved = project / "saved"
    shutil.copytree(project / "output", saved)
    data = project / "data" / "final"
    table = data / "deltagere_og_matches.csv"
    # across the target of 7.000: every place that states the criterion's status must change with it
    table.write_text(table.read_text(encoding="utf-8").replace("2022,deltagere_i_aaret,6874",
                                                               "2022,deltagere_i_aaret,7012"), encoding="utf-8")
    cfg = data / "round.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("example_data: true", "example_data: false"),
                   encoding="utf-8")
    vvv(project, "render", "--round", "final", "--engine", "builtin")
    vvv(project, "render", "--round", "midterm", "--engine", "builtin")
    return saved, project / "output"


def _pdf_pages(path):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def _docx_headers(path):
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("word/header"))


def test_example_mark_on_every_pdf_page(renders):
    saved, _ = renders
    pages = _pdf_pages(saved / "final" / "vvv-final.pdf")
    assert len(pages) > 10
    missing = [i + 1 for i, text in enumerate(pages) if "Eksempeldata" not in text]
    assert not missing, f"pages without the example mark: {missing}"


def test_example_mark_in_docx_header_and_html(renders):
    saved, _ = renders
    assert MARK in _docx_headers(saved / "final" / "vvv-final.docx")
    html = (saved / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert 'class="example-banner"' in html and f"<title>{MARK}" in html
    assert "Udvikling siden forrige evaluering" in html and "Opfølgning på anbefalingerne" in html
    assert "6.874" in html and "10.000" in html


def test_real_data_has_no_mark_and_midterm_has_none(renders):
    saved, out = renders
    assert not any("ikke reelle tal" in text for text in _pdf_pages(out / "final" / "vvv-final.pdf"))
    assert MARK not in _docx_headers(out / "final" / "vvv-final.docx")
    assert 'class="example-banner"' not in (out / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert 'class="example-banner"' not in (saved / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")


def test_a_changed_number_changes_final_and_nothing_in_midterm(renders):
    saved, out = renders
    html = (out / "final" / "vvv-final.html").read_text(encoding="utf-8")
    assert "7.012" in html and "6.874" not in html
    for path in sorted((saved / "midterm").rglob("*")):
        if path.is_file():
            same = path.read_bytes() == (out / "midterm" / path.relative_to(saved / "midterm")).read_bytes()
            assert same, path   # a bool: pytest's diff of two whole reports would take many minutes


def _text(html: str) -> str:
    import re
    from html import unescape

    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").split())


def test_a_count_across_its_target_changes_every_statement_of_its_status(renders):
    """The participants' count moved from 6.874 to 7.012 (target 7.000): text, table, box and summary said
    'ikke nået (126 mangler)' in the same places where they now say the criterion was met."""
    from vvvanalysis.keyfigures import maalopfyldelse

    saved, out = renders
    before = _text((saved / "final" / "vvv-final.html").read_text(encoding="utf-8"))
    after = _text((out / "final" / "vvv-final.html").read_text(encoding="utf-8"))
    chapters = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "report" / "final").glob("*.qmd")))
    places = chapters.count("v.mo_deltagere_slutstatus") + 1   # the chapters' references and Tabel 2.1
    assert before.count("ikke nået (126 mangler)") == places >= 5
    assert "126 mangler" not in after
    others = sum(before.count(maalopfyldelse.values("final")[f"mo_{c}_slutstatus"]) for c in
                 ("kommuner", "kurser", "boligomraader"))
    assert after.count("ikke nået (") == before.count("ikke nået (") - places   # nothing else moved
    assert others > 0
    assert "succeskriteriet var dermed nået" in after   # 6.2's sentence, now in the past tense and met


# --- the final round's own qualitative material --------------------------------------------------------------
ROLE_WORDS = {"deltager": "deltager", "frivillig": "frivillig", "boligsocial": "boligsocial_aktoer",
              "informant": None, "kommunal respondent": "kommune_respondent", "svar": "kommune_respondent"}


def quote_intros(text: str) -> list[tuple[str, str]]:
    """(quote id, the paragraph that introduces it) for each embedded quote of a chapter."""
    import re

    out = []
    blocks = re.split(r"\n\s*\n", text)
    for i, block in enumerate(blocks):
        match = re.search(r"#citat-([\w-]+) >\}\}", block)
        if match and i:   # the lead-in may stand inside an example div: drop its fence lines
            intro = [line for line in blocks[i - 1].splitlines() if not line.startswith(":::")]
            out.append((match.group(1), " ".join(" ".join(intro).split())))
    return out


def role_mismatches(intros: list[tuple[str, str]], roles: dict[str, str]) -> list[str]:
    """Quotes whose lead-in names a role ('En deltager fortæller:') that is not the speaker's."""
    import re

    bad = []
    for quote_id, intro in intros:
        last = re.split(r"(?<=[.!?])\s+", intro)[-1]   # the sentence that introduces the quote
        named = [role for word, role in ROLE_WORDS.items() if word in last.lower() and role]
        if named and roles[quote_id] not in named:
            bad.append(f"{quote_id}: {last.strip()} ({roles[quote_id]})")
    return bad


def test_the_role_check_catches_a_volunteer_introduced_as_participant():
    assert role_mismatches([("ole", "Deltagerne får træning i dansk. En deltager fortæller:")],
                           {"ole": "frivillig"}) == ["ole: En deltager fortæller: (frivillig)"]
    assert role_mismatches([("ole", "En frivillig fortæller:")], {"ole": "frivillig"}) == []


def test_every_final_quote_is_introduced_in_its_speakers_role():
    import yaml

    quotes = yaml.safe_load((ROOT / "data/final/citater.yaml").read_text(encoding="utf-8"))["citater"]
    roles = {q["id"]: q["role"] for q in quotes}
    intros = [pair for path in sorted((ROOT / "report" / "final").glob("*.qmd"))
              for pair in quote_intros(path.read_text(encoding="utf-8"))]
    assert len(intros) >= 15
    assert role_mismatches(intros, roles) == []


def test_no_earlier_quote_is_a_new_finding():
    """Every quote of the final round is either its own (an example quote until the real ones replace it) or
    carried over with the report it was said in, and then introduced as that report's."""
    import yaml

    final = yaml.safe_load((ROOT / "data/final/citater.yaml").read_text(encoding="utf-8"))["citater"]
    midterm = {" ".join(q["text"].split()) for q in
               yaml.safe_load((ROOT / "data/midterm/citater.yaml").read_text(encoding="utf-8"))["citater"]}
    chapters = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "report" / "final").glob("*.qmd")))
    intros = dict(quote_intros(chapters))
    for q in final:
        reused = " ".join(q["text"].split()) in midterm
        assert q.get("example") is True or q.get("from"), q["id"]
        assert reused == bool(q.get("from")), q["id"]           # reused exactly when it says where from
        if q.get("from"):
            assert "evalueringsnotatet (november 2021)" in intros[q["id"]], intros[q["id"]]


def test_a_cited_statement_is_held_against_the_reports_own_count(final_copy):
    """'More than 10.000 since 2016' agrees with the report's own 11.294; a statement the count contradicts is
    never printed as if it agreed: the text names the difference."""
    from vvvanalysis.keyfigures import ch08_udvikling

    key = "udv_presse_10000_venner_sammenholdt"
    agrees = ch08_udvikling.values(final_copy)[key]
    assert agrees.startswith("Udsagnet stemmer med") and "11.294" in agrees
    path = final_copy / "kontekst.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 10000", "value: 12000"), encoding="utf-8")
    differs = ch08_udvikling.values(final_copy)[key]
    assert differs.startswith("Udsagnet stemmer ikke") and "forskellen på 706" in differs


def test_the_improvement_comments_in_the_text_are_the_surveys_counts():
    """The final's list of improvement wishes (kontekst) counts what its own survey table counts; the
    midterm's 1/2/1/2 are not carried into 2022."""
    import yaml

    items = yaml.safe_load((ROOT / "data/final/kontekst.yaml").read_text(encoding="utf-8"))[
        "forbedringsoensker_samarbejde"]["items"]
    table = [int(line.split(",")[1]) for line in
             (ROOT / "data/final/kommunesurvey_forbedringsforslag.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert [i["count"] for i in items] == table


def test_the_reasons_listed_in_the_text_are_the_surveys_counts():
    import yaml

    items = yaml.safe_load((ROOT / "data/final/kontekst.yaml").read_text(encoding="utf-8"))[
        "aarsager_ikke_henvisning"]["items"]
    rows = [line.split(",") for line in
            (ROOT / "data/final/kommunesurvey_aarsager.csv").read_text(encoding="utf-8").splitlines()[1:]]
    primary = [int(r[2]) for r in rows if r[0] == "fig1_primaer_aarsag" and int(r[2])]
    assert [i["count"] for i in items] == primary
    assert sum(primary) == int(indicators.fig1("final").set_index("label").loc["Nej", "count"])
