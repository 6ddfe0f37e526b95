"""Every number says where it comes from (vvvanalysis.trace): the rows measured for each key, data-kilde in the
HTML of the rendered report, nothing in the PDF and DOCX, the catalogue (`vvv keys`, docs/noegletal.md), and the
perturbation test: change the row a number names and the number changes; change another row and it does not."""

from __future__ import annotations

import csv
import html
import re
import zipfile
from pathlib import Path

import pytest

from vvvanalysis.trace import catalogue

ROOT = Path(__file__).resolve().parents[1]
SPAN = re.compile(r'<span class="kilde" data-kilde="([^"]*)" data-forklaring="([^"]*)" tabindex="0">(.*?)</span>',
                  re.S)


def _spans(page: Path) -> list[tuple[str, str, str]]:
    return [(html.unescape(k), html.unescape(f), re.sub(r"<[^>]+>", "", v))
            for k, f, v in SPAN.findall(page.read_text(encoding="utf-8"))]


def _rows(kilde: str) -> list[tuple[str, int]]:
    out = []
    for part in kilde.split(";"):
        file, rows = part.rsplit(":", 1)
        out += [(file, int(r)) for r in rows.split(",")]
    return out


# --- the measured rows ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("key, rows", [
    ("match_deltagere", [("data/midterm/deltagere_og_matches.csv", 5)]),             # 6.063 deltagere i 2020
    ("match_aktive_foer", [("data/midterm/deltagere_og_matches.csv", 2)]),           # 7.173 aktive i 2018
    ("tilst_til_stede", [("data/midterm/kommune_tilstedevaerelse.csv", 3)]),   # 83 …
    ("tilst_kommuner_i_alt", [("data/midterm/kommune_tilstedevaerelse.csv", 2)]),       # … af 98
])
def test_the_facts_point_to_their_file_and_row(key, rows):
    assert catalogue.measured_rows("midterm")[key] == rows
    path, row = rows[0]
    line = (ROOT / path).read_text(encoding="utf-8").splitlines()[row - 1]
    value = catalogue.catalogue("midterm", ROOT)
    printed = next(e.value for e in value if e.key == key)
    assert printed.replace(".", "") in line.replace(".", ""), (printed, line)


# Fixed values of the code, not of data: the confidence level and the sample-size example of the uncertainty box.
FIXED = {"us_niveau", "us_graense_n", "us_halvbredde", "us_n_5_point", "k7_interval_niveau"}
# From data, but not measured: none (the outlook's lower bound, once a known gap, is measured since
# test_a_year_several_files_agree_on_is_measured_by_changing_them_together).
NOT_MEASURED: set[str] = set()


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_every_printed_number_has_measured_rows_or_is_a_fixed_value(round_name):
    """A key a chapter prints has data rows, unless it is a fixed value of the code or a known gap (both listed
    above by name), so a new key without rows fails this test, naming the key (vvv keys --round R --measure)."""
    entries = catalogue.catalogue(round_name, ROOT)
    missing = [e.key for e in entries if e.uses and not e.rows and e.key.removesuffix("_ord") not in FIXED | NOT_MEASURED]
    assert not missing, f"printed by a chapter without measured data rows: {missing}"


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_every_key_is_measured(round_name):
    """The stored measurement covers the keys of today's code (a key added since is named here)."""
    from vvvanalysis.keyfigures import keyfigures

    measured = catalogue.measured_rows(round_name)
    missing = [k for k in keyfigures(round_name) if k not in measured and k.removesuffix("_ord") not in measured]
    assert not missing, f"not measured: {missing} (run: vvv keys --round {round_name} --measure)"


def test_method_phrases():
    rows = [("data/midterm/deltagere_og_matches.csv", 5)]
    assert catalogue.method("6.063", rows, ROOT).startswith("værdien i række 5 i deltagere_og_matches.csv")
    three = [("data/midterm/deltagere_og_matches.csv", r) for r in (2, 3, 4)]
    assert catalogue.method("9.065", three, ROOT).startswith("sum af række 2–4")
    assert catalogue.method("over 9.000", three, ROOT).startswith("9.065 afrundet til 1.000 («over»); sum af række 2–4")
    share = [("data/midterm/frivilligleder_status.csv", 2)]
    assert catalogue.method("46 pct.", share, ROOT).startswith("andel = 27 af 59")
    assert catalogue.method("95 pct.", [], ROOT).startswith("fast værdi")
    two = [("data/midterm/deltagere_og_matches.csv", 4), ("data/midterm/deltagere_og_matches.csv", 5)]
    assert catalogue.method("15,9 pct.", two, ROOT).startswith("andel = 966 af 6.063 (række 4–5")
    assert catalogue.method("16,0 pct.", two, ROOT).startswith("beregnet af række 4–5")   # no two cells give it


# --- the catalogue --------------------------------------------------------------------------------------------
def test_noegletal_md_is_current():
    from vvvanalysis.trace.commands import noegletal_markdown

    assert (ROOT / "docs" / "noegletal.md").read_text(encoding="utf-8") == noegletal_markdown(ROOT), \
        "docs/noegletal.md is out of date: run 'vvv keys --markdown'"


def test_vvv_keys_lists_every_key_once_with_its_rows(capsys):
    from vvvanalysis.keyfigures import keyfigures
    from vvvanalysis.trace.commands import keys

    assert keys("midterm") == 0
    out = capsys.readouterr().out
    listed = re.findall(r"^(\w+) = ", out, re.M)
    assert sorted(listed) == sorted(keyfigures("midterm"))
    block = out[out.index("match_deltagere = 6.063"):].split("\n\n")[0]
    assert "data: data/midterm/deltagere_og_matches.csv:5" in block
    assert "report/midterm/02-fund-og-anbefalinger.qmd:" in block


def test_a_key_no_chapter_uses_is_found():
    """The check behind 'a key no chapter of any round uses': shown to catch a planted unused key."""
    used = set()
    for round_name in ("midterm", "final"):
        used |= set(catalogue.uses(round_name, ROOT)) | catalogue.notebook_keys(ROOT)
    planted = {"match_deltagere": "6.063", "planted_unused_key": "1"}
    assert [k for k in planted if k not in used and k.removesuffix("_ord") not in used] == ["planted_unused_key"]


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_every_printed_key_has_a_description_and_a_source(round_name):
    """Every key a chapter prints says what it is in a reader's words (not a quoted chapter sentence) and names
    its source (kilder.csv: owner, date), so the render's check (catalogue.check_complete) passes."""
    entries = catalogue.catalogue(round_name, ROOT)
    assert catalogue.incomplete(entries) == []
    for e in entries:
        if e.uses:
            assert not e.description.startswith("Tallet i") and "…" not in e.description, (e.key, e.description)


def test_a_template_description_is_filled_from_the_datas_labels():
    labels = {"kriterium": {"kommuner": "kommuner", "deltagere": "aktive deltagere"}}
    written = {"mo_{kriterium}_slutstatus": "Slutstatus for succeskriteriet om {kriterium}"}
    assert catalogue.describe("mo_deltagere_slutstatus", written, labels) == \
        "Slutstatus for succeskriteriet om aktive deltagere"
    assert catalogue.describe("mo_ukendt_slutstatus", written, labels) == ""   # an id the data does not know


def test_a_criterion_is_described_in_its_own_words_not_its_unit():
    """A share criterion's unit is 'andel' for four criteria: the description names what each asks instead."""
    labels = catalogue._labels("final", ROOT)["kriterium"]
    assert labels["deltagere"] == "der er mindst 7.000 aktive deltagere ved projektets afslutning"
    assert labels["kommuner"] == "tilstedeværelse i 90 kommuner"
    assert "andel" not in labels.values() and len(set(labels.values())) == len(labels)


def test_a_key_without_a_description_or_source_is_named(tmp_path, monkeypatch):
    """The check behind the render's stop, on a planted key a chapter prints but nothing describes."""
    from conftest import copy_project

    from vvvanalysis.errors import ConfigError
    from vvvanalysis.keyfigures import keyfigures

    project = copy_project(tmp_path / "p")
    chapter = project / "report" / "midterm" / "02-fund-og-anbefalinger.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nPlantet: {{< meta v.plantet_noegle >}}.\n",
                       encoding="utf-8")
    real = keyfigures("midterm")
    catalogue.check_complete("midterm", ROOT, real)   # the real chapters pass
    monkeypatch.setenv("VVV_ROOT", str(project))
    values = {**real, "plantet_noegle": "17"}
    with pytest.raises(ConfigError, match=r"'plantet_noegle' has no description in the catalogue") as caught:
        catalogue.check_complete("midterm", project, values)
    assert "02-fund-og-anbefalinger.qmd:" in str(caught.value) and "\n" not in str(caught.value)
    # a source comes from measured rows, which a new round lacks until measured: the suite, not the render,
    # requires it of the committed rounds (test_every_printed_key_has_a_description_and_a_source)
    assert [lacks for e, lacks in catalogue.incomplete(catalogue.catalogue("midterm", project, values))
            if e.key == "plantet_noegle"] == ["description or source"]


def test_the_render_stops_on_a_key_without_a_description(rendered_midterm, tmp_path):
    """End to end: a chapter prints a key the catalogue cannot describe (one of the generated keys no chapter
    prints today): one line naming it, exit non-zero, no traceback, the last good report untouched."""
    from conftest import copy_rendered, vvv

    project = copy_rendered(rendered_midterm, tmp_path / "p")
    undescribed = next(e.key for e in catalogue.catalogue("midterm", ROOT)
                       if not e.uses and not e.description and not e.key.endswith("_ord"))
    chapter = project / "report" / "midterm" / "02-fund-og-anbefalinger.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nPlantet: {{{{< meta v.{undescribed} >}}}}.\n",
                       encoding="utf-8")
    published = project / "output" / "midterm" / "vvv-midterm.html"
    before = published.read_bytes()
    proc = vvv(project, "render", "--round", "midterm", "--engine", "builtin", check=False)
    assert proc.returncode != 0
    assert f"'{undescribed}'" in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
    assert len([line for line in proc.stderr.splitlines() if undescribed in line]) == 1
    assert published.read_bytes() == before


# --- the rendered report ------------------------------------------------------------------------------------
def _html(project: Path, round_name: str) -> Path:
    return project / "output" / round_name / f"vvv-{round_name}.html"


@pytest.mark.parametrize("fixture", ["rendered_midterm", "rendered_final"])
def test_every_number_span_names_existing_rows(fixture, request):
    project = request.getfixturevalue(fixture)
    round_name = "midterm" if fixture == "rendered_midterm" else "final"
    spans = _spans(_html(project, round_name))
    assert len(spans) > 100
    for kilde, forklaring, _value in spans:
        for file, row in _rows(kilde):
            # a round's own data, or the earlier round's it is compared with (the final's development chapter)
            assert file.startswith("data/") and (project / file).is_file(), kilde
            lines = (project / file).read_text(encoding="utf-8").splitlines()
            assert 1 < row <= len(lines) or file.endswith((".yaml", ".yml")) and 0 < row <= len(lines), (file, row)
        assert "Data: " in forklaring and "Beregning: " in forklaring


def test_the_facts_in_the_html(rendered_midterm):
    spans = _spans(_html(rendered_midterm, "midterm"))
    by_value: dict[str, set[str]] = {}
    for kilde, _f, value in spans:
        by_value.setdefault(value, set()).add(kilde)
    assert "data/midterm/deltagere_og_matches.csv:5" in by_value["6.063"]
    assert "data/midterm/deltagere_og_matches.csv:2" in by_value["7.173"]
    assert "data/midterm/kommune_tilstedevaerelse.csv:3" in by_value["83"]
    assert "data/midterm/kommune_tilstedevaerelse.csv:2" in by_value["98"]
    page = _html(rendered_midterm, "midterm").read_text(encoding="utf-8")
    assert "kilde-forklaring" in page and "Escape" in page   # the script that shows and dismisses it
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)=\"https?:", page)


def test_pdf_and_docx_carry_no_markup(rendered_midterm):
    typ = rendered_midterm / "_build" / "midterm" / "render" / "vvv-midterm.typ"
    if typ.exists():
        text = typ.read_text(encoding="utf-8")
        assert "data-kilde" not in text and ".kilde" not in text and "kilde-forklaring" not in text
        assert "<details" not in text and "Datarækkerne" not in text   # the tables' and figures' Data disclosure
        assert "· Data: " not in text and "deltagere_og_matches.csv" not in text   # the funder's PDF: no file names
    with zipfile.ZipFile(rendered_midterm / "output" / "midterm" / "vvv-midterm.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "data-kilde" not in body and "{.kilde" not in body and "6.063" in body
    assert "Datarækkerne" not in body and "kilde-data" not in body
    # a figure's Kilde line names its data files for reviewers (the file name is a code run of its own)
    assert "· Data: " in body and "data/midterm/deltagere_og_matches.csv" in body


# --- perturbation: the rows named are the rows used -------------------------------------------------------------
PERTURBED = ["match_deltagere", "match_aktive_foer", "tilst_til_stede", "tilst_kommuner_i_alt",
             "friv_rk_mangel_pct", "match_kumuleret", "nedgang_ja", "tabel6_n", "henvisning_jobcenter",
             "workshop_tilfreds"]


def _bump(path: Path, row: int, step: int = 1) -> bool:
    """Add `step` to every whole number of one CSV row (header = row 1); False when the row has none."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = next(csv.reader([lines[row - 1]]))
    changed = [str(int(c) + step) if re.fullmatch(r"\d+", c) and not re.fullmatch(r"(19|20)\d\d", c) else c
               for c in cells]
    if changed == cells:
        return False
    out = []
    csv.writer(_Collect(out), lineterminator=lines[row - 1][len(lines[row - 1].rstrip("\r\n")):]).writerow(changed)
    lines[row - 1] = out[0]
    path.write_text("".join(lines), encoding="utf-8")
    return True


class _Collect:
    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.append(text)


def test_changing_the_named_row_changes_the_number_and_no_other_row_does(rendered_midterm, round_copy):
    """Ten numbers of the rendered HTML: the row data-kilde names changes the number, another row does not.
    Recomputed in-process on a copied round (no new render)."""
    from vvvanalysis.keyfigures import keyfigures

    spans = _spans(_html(rendered_midterm, "midterm"))
    kilde_of = {}
    for kilde, _f, value in spans:
        kilde_of.setdefault(value, kilde)
    base = keyfigures("midterm")
    measured = catalogue.measured_rows("midterm")
    for key in PERTURBED:
        named = measured[key]
        # what the HTML says is what the catalogue says
        assert catalogue.Entry(key, "", "", named, "").kilde in {k for k, _f, v in spans if v == base[key]}, key
        file = named[0][0]
        path = round_copy / Path(file).name
        original = path.read_text(encoding="utf-8")
        csv_rows = [r for f, r in named if f == file]
        assert any(_bump(path, r) for r in csv_rows), f"{key}: no number in the named rows of {file}"
        assert keyfigures("midterm")[key] != base[key], f"{key}: changing {file}:{csv_rows} did not change it"
        path.write_text(original, encoding="utf-8")
        others = [r for r in range(2, len(original.splitlines()) + 1) if r not in csv_rows]
        for other in others:
            if _bump(path, other):
                try:
                    after = keyfigures("midterm")[key]
                except Exception:   # a changed row the data checks refuse: no statement about this key
                    after = base[key]
                assert after == base[key], f"{key}: changing {file}:{other} (not named) changed it"
                path.write_text(original, encoding="utf-8")
                break


def test_no_key_is_unused_by_every_round():
    """Issue 23/26: the per-criterion and per-indicator families (mo_<criterion>_*, udv_<indicator>_*) are made
    on demand (keyfigures.on_demand), and no other key is defined that nothing prints."""
    assert catalogue.unused_keys(ROOT) == []


def test_a_key_family_makes_only_the_members_a_chapter_prints(tmp_path, monkeypatch):
    """on_demand is what keeps the families from growing unused keys: shown on a planted chapter that starts
    printing one member, and on the family member that then disappears again when no chapter prints it."""
    from vvvanalysis.keyfigures import on_demand

    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    family = {"mo_a_andel": "50 pct.", "mo_b_andel": "20 pct.", "mo_c_antal": "4"}
    assert on_demand(family) == family   # a data-only copy has no chapters to decide: every member is made
    for part in ("report/x", "notebooks"):
        (tmp_path / part).mkdir(parents=True)
    assert on_demand(family) == {}
    (tmp_path / "report/x/01.qmd").write_text("{{< meta v.mo_a_andel >}} og {{< meta v.mo_c_antal_ord >}}\n")
    assert on_demand(family) == {"mo_a_andel": "50 pct.", "mo_c_antal": "4"}


def test_a_new_description_renews_the_metadata(tmp_path, monkeypatch):
    """The HTML's explanations are in the round's metadata: editing beskrivelser.csv must not leave a cached
    metadata.yml with the old text (its key covers the catalogue's files, not only data and code)."""
    from vvvanalysis.pipeline.run import metadata_key

    folder = ROOT / "data" / "midterm"
    before = metadata_key(folder)
    edited = tmp_path / "beskrivelser.csv"
    edited.write_text(catalogue.DESCRIPTIONS.read_text(encoding="utf-8").replace(
        "Antal kommuner i landet", "Antal kommuner i Danmark"), encoding="utf-8")
    monkeypatch.setattr(catalogue, "DESCRIPTIONS", edited)
    assert metadata_key(folder) != before


def test_the_smaller_of_two_equal_counts_is_measured_by_lowering_one(monkeypatch):
    """min() of two equal counts does not move when either is raised; the second pass lowers each number by one
    and finds both rows (k7_matchpar: volunteers and refugees interviewed, 11 each in the midterm)."""
    from vvvanalysis import indicators
    from vvvanalysis.trace.rows import dependencies

    monkeypatch.setenv("VVV_ROOT", str(ROOT))

    def counts():
        grundlag = indicators.datagrundlag("midterm")
        return grundlag["interview_matchpar_frivillige"], grundlag["interview_matchpar_flygtninge"]

    def pairs():
        return {"pairs": str(min(counts()))}

    frivillige, flygtninge = counts()
    assert frivillige == flygtninge   # the case the second pass is for
    deps = dependencies("midterm", {"pairs": pairs})
    assert sorted((r.file.name, r.row) for r in deps.rows["pairs"]) == [("datagrundlag.csv", 2), ("datagrundlag.csv", 3)]


def test_a_year_several_files_agree_on_is_measured_by_changing_them_together(monkeypatch):
    """The outlook's lower bound, 966 of 6.063 = 15,9 pct. in 2020: every change of a whole row moves its year out
    of the series (refused), and +-1 does not move a share rounded to one decimal, so each number is changed alone
    with larger steps. The year before the fall (2019) comes from the fall year in noegletal.csv and the year of
    that year's counts, which must agree: no row can change alone, so they are raised together and narrowed to
    the rows the key needs (not noegletal.csv's other 2020, the end of the municipal survey's period)."""
    from vvvanalysis.keyfigures import maalopfyldelse
    from vvvanalysis.trace.rows import dependencies

    monkeypatch.setenv("VVV_ROOT", str(ROOT))

    def outlook():   # the outlook's part of the module alone: the goal overview's files would triple the time
        values = maalopfyldelse._fremskrivning("midterm")
        return {key: values[key] for key in ("fs_graense", "fs_graense_foer_aar")}

    deps = dependencies("midterm", {"outlook": outlook})
    rows = {key: sorted((r.file.name, r.row) for r in found) for key, found in deps.rows.items()}
    counts = [("deltagere_og_matches.csv", 4), ("deltagere_og_matches.csv", 5)]   # 966 matched, 6.063 in 2020
    assert rows["fs_graense"] == counts
    assert rows["fs_graense_foer_aar"] == counts + [("noegletal.csv", 9)]          # deltagere_fald_aar, 2020
