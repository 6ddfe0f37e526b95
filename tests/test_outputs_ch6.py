"""Chapter 6 outputs: figures draw the data, tables print the memo's numbers, prose numbers match the memo."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from conftest import MIDTERM, ROOT  # noqa: E402

from vvvanalysis import danish, indicators, uncertainty  # noqa: E402
from vvvanalysis.literal import plain  # noqa: E402  (outputs are escaped markdown)
from vvvanalysis.keyfigures import keyfigures  # noqa: E402
from vvvanalysis.notebook import setup  # noqa: E402
from vvvanalysis.outputs import boligomraader, frivillige, kommuner, kurser, matches  # noqa: E402

GROUND = ROOT / "tests" / "ground_truth"
CHAPTER = ROOT / "report" / "midterm" / "06-status-programniveau.qmd"
NOTEBOOKS = ["06-1-kommuner.ipynb", "06-2-3-matches-og-frivillige.ipynb", "06-4-5-kurser-og-boligomraader.ipynb"]


@pytest.fixture(scope="module")
def ctx():
    return setup("midterm", str(MIDTERM))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def solid_widths(ax) -> list[float]:
    """Widths of the filled bars (hatched 'ikke oplyst' bands have no face colour), top to bottom."""
    bars = [p for p in ax.patches if p.get_facecolor()[3] > 0 and not p.get_hatch()]
    return [p.get_width() for p in sorted(bars, key=lambda p: -p.get_y())]


def hatched(ax) -> list:
    return [p for p in ax.patches if p.get_hatch()]


def table_rows(markdown) -> list[list[str]]:
    lines = plain(markdown.data).strip().splitlines()[2:]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def pct(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "")


# --- Figures ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("func, frame", [
    (kommuner.fig_henvisning, indicators.fig1),
    (kommuner.fig_andet_samarbejde, indicators.fig4),
])
def test_single_choice_figures_draw_the_counts_and_the_unknown_rest(ctx, func, frame):
    data = frame(MIDTERM)
    ax = func(ctx).axes[0]
    n = int(data["n"].iloc[0])
    widths = [p.get_width() for p in sorted(ax.patches, key=lambda p: -p.get_y())]
    assert widths == [*data["count"], n - data["count"].sum()]
    assert len(hatched(ax)) == 1, "the unknown rest is one hatched bar"


def test_fig2_draws_known_categories_and_names_the_rest_without_a_band(ctx):
    ax = kommuner.fig_henvisningsrutiner(ctx).axes[0]
    assert solid_widths(ax) == list(indicators.fig2(MIDTERM)["count"])
    assert hatched(ax) == []                    # a band across the axis would be the largest mark
    assert "ikke oplyst" in ax.get_yticklabels()[-1].get_text()
    assert any(t.get_text() == "ikke oplyst" for t in ax.texts)


def test_ratings_without_a_distribution_are_a_table_not_a_chart(ctx):
    rows = table_rows(kommuner.tabel_vurdering_vvv(ctx))
    known = indicators.fig3(MIDTERM)
    known = known[known["topic"] == "vvv"]
    assert rows[0] == ["Særdeles dårligt", *[str(c) for c in known["count"]]]
    assert rows[1:] == [["Øvrige vurderinger", "ikke oplyst", "ikke oplyst"],
                        ["Antal besvarelser (n)", "ikke oplyst", "ikke oplyst"]]
    assert table_rows(kommuner.tabel_vurdering_oevrigt(ctx))[0] == ["Alle vurderinger", "ikke oplyst", "ikke oplyst"]


def test_the_midterm_draws_no_chart_of_a_distribution_it_does_not_have():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "#fig-vurdering-vvv" not in text and "#fig-vurdering-oevrigt" not in text
    # nor a table that shows only the one negative rating: the rating is a sentence with both sides
    assert "#tbl-vurdering-vvv" not in text
    rating = text[text.index("vurdere samarbejdet med Røde Kors"):]
    rating = rating[:rating.index("Kun få respondenter")]
    assert "»godt« eller\n»særdeles godt«" in rating and "v.fig3_saerdeles_daarligt_ord" in rating


FIGURES = [kommuner.fig_henvisning, kommuner.fig_henvisningsrutiner, kommuner.fig_andet_samarbejde,
           matches.fig_deltagere, kurser.fig_viden, kurser.fig_redskaber]


@pytest.mark.parametrize("func", FIGURES, ids=lambda f: f.__name__)
def test_a_hatched_ikke_oplyst_mark_is_never_the_dominant_mark(ctx, func):
    fig = func(ctx)
    for ax in fig.axes:
        size = lambda p: max(abs(p.get_width()), 0) * max(abs(p.get_height()), 0)  # noqa: E731
        unknown = [size(p) for p in ax.patches if p.get_hatch()]
        known = [size(p) for p in ax.patches if not p.get_hatch() and p.get_facecolor()[3] > 0]
        if unknown:
            assert known and max(unknown) < max(known), func.__name__


@pytest.mark.parametrize("func, frame", [(kurser.fig_viden, indicators.fig9), (kurser.fig_redskaber, indicators.fig10)])
def test_course_figures_draw_shares_with_wilson_error_bars(ctx, func, frame):
    data = frame(MIDTERM)
    ax = func(ctx).axes[0]
    assert solid_widths(ax) == pytest.approx(list(data["share"]))
    n = int(data["n"].iloc[0])
    segments = ax.collections[0].get_segments()
    for segment, count in zip(segments, data["count"]):
        (x0, _), (x1, _) = segment
        assert (x0, x1) == pytest.approx(uncertainty.wilson(int(count), n))


def test_participants_figure_keeps_each_measure_on_its_own_bar(ctx):
    fig = matches.fig_deltagere(ctx)
    frame = pd.read_csv(MIDTERM / "deltagere_og_matches.csv")
    heights = sorted(p.get_height() for ax in fig.axes for p in ax.patches if not p.get_hatch())
    assert heights == sorted(frame["count"])
    assert sum(len(hatched(ax)) for ax in fig.axes) == 0, "a missing year is a label, not a placeholder bar"
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert labels.count("ikke\noplyst") == 2, "2019 (participants) and 2018 (new matches) are not given"


def test_housing_area_figure_adds_up_to_the_target(ctx):
    b = indicators.boligomraader(MIDTERM)
    ax = boligomraader.fig_status(ctx).axes[0]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [b["etableret"], b["planlagt"], b["maal"] - b["etableret"] - b["planlagt"]]


# --- Tables -----------------------------------------------------------------------------------------
def test_tabel6_rows_counts_and_shares_equal_the_memo(ctx):
    memo = pd.read_csv(GROUND / "tabel6.csv")
    rows = table_rows(matches.tabel_reorganisering(ctx))
    assert [r[0] for r in rows] == list(memo["label"])
    assert [int(r[1]) for r in rows] == list(memo["antal"])
    assert [pct(r[2]) for r in rows] == list(memo["pct"])


def test_tabel7_rows_and_shares_equal_the_memo_table_with_total(ctx):
    memo = pd.read_csv(GROUND / "tabel7.csv")
    rows = table_rows(frivillige.tabel_frivilligkapacitet(ctx))
    labels = [r[0] if r[0] != "I alt" else "Total" for r in rows]
    assert labels == list(memo["label"])
    assert [pct(r[2]).rstrip("*") for r in rows] == list(memo["pct"])
    assert int(rows[-1][1]) == int(indicators.tabel7(MIDTERM)["n"].iloc[0])


@pytest.mark.parametrize("func, frame", [
    (matches.tabel_reorganisering, indicators.tabel6),
    (frivillige.tabel_frivilligkapacitet, indicators.tabel7),
])
def test_small_sample_tables_have_a_wilson_interval_column(ctx, func, frame):
    table = func(ctx)
    header = plain(table.data).splitlines()[0]
    assert "95\u00a0%-interval" in header
    data = frame(MIDTERM)
    assert uncertainty.needs_interval(int(data["n"].iloc[0]))
    rows = table_rows(table)
    for row, r in zip(rows, data.itertuples()):
        assert row[3] == uncertainty.interval_text(int(r.count), int(r.n))


def test_tabel8_lists_every_course_and_the_total(ctx):
    memo = pd.read_csv(GROUND / "tabel8.csv")
    rows = table_rows(kurser.tabel_kurser(ctx))
    assert len(rows) == len(memo) + 1
    participants = [int(r[2]) for r in rows[:-1]]
    assert participants == list(indicators.tabel8(MIDTERM)["participants"])
    assert rows[-1][2] == danish.number(sum(participants))


def test_lists_come_from_the_data_with_counts(ctx):
    text = plain(kommuner.forbedringsforslag(ctx).data)
    counts = [int(c) for c in re.findall(r"\((\d+) kommentar", text)]
    assert counts == list(indicators.forbedringsforslag(MIDTERM)["comments"])
    reasons = plain(kommuner.aarsager_nej(ctx).data).strip().splitlines()
    assert len(reasons) == len(indicators.aarsager(MIDTERM, "fig1_primaer_aarsag"))


# --- Inline numbers against the memo's own text --------------------------------------------------------
MEMO_KEYS = {
    "tilst_til_stede": "kommuner_til_stede", "tilst_kommuner_i_alt": "kommuner_i_alt",
    "tilst_ikke_til_stede": "kommuner_ikke_til_stede", "tilst_planlagt": "kommuner_planlagt_opstart",
    "tilst_uden_planer": "kommuner_uden_planer", "tilst_mangler": "kommuner_mangler",
    "kilde_podio_maaned": "kommuner_opgoerelse",
    "tilst_forrige_dato": "kommuner_forrige_opgoerelse", "tilst_maal": "maal_kommuner",
    "fig1_ja": "fig1_ja", "fig1_nej": "fig1_nej", "fig2_faste": "fig2_faste_rutiner",
    "fig2_ingen": "fig2_ingen_faste_rutiner", "fig2_n": "fig2_n", "fig3_saerdeles_daarligt": "fig3_saerdeles_daarligt",
    "fig4_ja_pct": "fig4_ja", "fig4_nej_pct": "fig4_nej",
    "match_aktive_foer": "deltagere_2018", "match_matchede_foerste": "matchet_2019",
    "match_matchede_sidste": "matchet_2020", "match_kumuleret": "deltagere_kumuleret",
    "match_deltagere": "deltagere_2020", "deltagere_maal": "maal_deltagere",
    "nedgang_ja": "nedgang_kommuner", "nedgang_pct": "nedgang_pct", "tabel6_n": "tabel6_n",
    "henvisning_jobcenter": "henvisning_jobcenter", "henvisning_boligsociale": "henvisning_boligsociale",
    "friv_maal_ledere": "maal_frivilligledere_kapacitet", "friv_maal_kommuner": "maal_kommuner_tilbydes_ven",
    "friv_lg_aar": "lg_insight_aar", "friv_lg_aarsag": "lg_insight_aarsag", "friv_lg_udfordring": "lg_insight_udfordring",
    "tabel7_n": "tabel7_n", "friv_rk_mangel_pct": "frivilligledere_mangel_pct",
    "friv_rk_mangler_flygtninge_pct": "frivilligledere_mangler_flygtninge_pct",
    "kursus_maal_andel": "maal_kursister_rustet", "kursus_maal_antal": "maal_kurser",
    "kursus_maal_afbrudte": "maal_afbrudte_forloeb", "kursus_aarligt": "kurser_aarligt",
    "kursus_kurser": "kurser_afholdt", "kursus_workshops": "workshops_afholdt", "kursus_deltagere": "kursusdeltagere",
    "kursus_fysiske": "fysiske_kurser", "kursus_fysiske_workshops": "fysiske_workshops", "kursus_webinarer": "webinarer",
    "bg_kursusevaluering_besvarelser": "kursusevaluering_besvarelser",
    "bg_kursusevaluering_kurser": "kursusevaluering_kurser",
    "bg_kursusevaluering_workshop_besvarelser": "kursusevaluering_workshop_besvarelser",
    "fig9_hoej_pct": "fig9_hoej_grad", "fig9_nogen_pct": "fig9_nogen_grad", "fig9_slet_ikke_pct": "fig9_slet_ikke",
    "fig10_hoej_pct": "fig10_hoej_grad", "fig10_nogen_pct": "fig10_nogen_grad",
    "fig10_slet_ikke_pct": "fig10_slet_ikke", "fig10_n": "fig10_n",
    "workshop_ny_viden": "workshop_ny_viden", "workshop_foerstehjaelp": "workshop_foerstehjaelp",
    "workshop_nye_mennesker": "workshop_nye_mennesker", "workshop_n": "workshop_n",
    "bolig_maal": "maal_boligomraader", "bolig_etableret": "boligomraader_etableret",
    "bolig_mangler": "boligomraader_mangler", "bolig_materiale_sprog": "informationsmateriale_sprog",
    "bg_interview_boligsociale": "interview_boligsociale", "bg_interview_kommunale": "interview_kommunale",
}


@pytest.fixture(scope="module")
def values():
    return keyfigures(MIDTERM)


@pytest.fixture(scope="module")
def memo():
    return yaml.safe_load((GROUND / "tekst_tal.yaml").read_text(encoding="utf-8"))["tal"]


@pytest.mark.parametrize("key, memo_key", sorted(MEMO_KEYS.items()))
def test_inline_numbers_equal_the_memo(values, memo, key, memo_key):
    assert pct(values[key].replace("pct.", "%")) == pct(memo[memo_key])


def test_composite_inline_numbers_equal_the_memo(values, memo):
    triple = ", ".join(values[k] for k in ("aftale_ja", "aftale_nej", "aftale_ved_ikke"))
    assert triple == memo["samarbejdsaftale_ja_nej_vedikke"]
    triple = ", ".join(values[k] for k in ("aarsag_ressourcer", "aarsag_andre_tilbud", "aarsag_frivillige"))
    assert triple == memo["aarsager_ressourcer_andre_tilbud_frivillige"]
    assert f"{values['friv_rk_mangel']} ud af {values['friv_rk_n']}" == memo["frivilligledere_mangel"]
    assert f"{values['workshop_tilfreds']} ud af {values['workshop_n']}" == memo["workshop_tilfreds"]
    assert values["bolig_etablerede_kommuner"].replace(" og ", ", ") == memo["boligomraader_etablerede"]
    assert values["bolig_planlagte_kommuner"].replace(" og ", ", ") == memo["boligomraader_planlagte"]


# --- Chapter and notebooks ----------------------------------------------------------------------------
def test_chapter_embeds_only_existing_labelled_cells_and_every_figure_has_alt_text():
    text = CHAPTER.read_text(encoding="utf-8")
    embeds = set(re.findall(r"\{\{< embed _executed/([^#]+)#([^ ]+) >\}\}", text))
    labels = set()
    for name in NOTEBOOKS:
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        for cell in nb.cells:
            label = re.search(r"^#\| label: (\S+)", cell.source, re.M) if cell.cell_type == "code" else None
            if label:
                labels.add((name, label.group(1)))
                if label.group(1).startswith("figur-"):
                    assert "#| fig-alt:" in cell.source, f"{name}#{label.group(1)} has no alt text"
    assert embeds <= labels, f"embeds without a cell: {embeds - labels}"
    assert not (ROOT / "notebooks" / "06-2-matches.ipynb").exists()


def test_no_digits_typed_into_the_chapter_prose():
    text = CHAPTER.read_text(encoding="utf-8")
    # allowed: memo figure numbers, the disease's name, the interval's level, '100 %' in multiple-choice notes,
    # citation keys (@statusnotat2020 names a bibliography entry; the reader sees the formatted reference)
    prose = re.sub(r"\{\{<[^>]*>\}\}|\{#[^}]*\}|notatets (Fig\.|Tabel) \d+|[Cc]ovid-19|95 %-interval|100 %"
                   r"|@[\w-]+", "", text)
    assert re.findall(r"\d", prose) == []


def test_footnote_source_dates_come_from_kilder_and_equal_the_memo(values):
    from conftest import MEMO

    memo = " ".join(MEMO.read_text(encoding="utf-8").split())
    assert f"statusnotat ({values['kilde_statusnotat_maaned']})" in memo
    assert f"fald fra {values['kilde_lg_fra']}-{values['kilde_lg_til'][-2:]} i andelen" in memo
    assert f"Fra {values['kilde_status_rk_naeste']} forventes spørgsmål i status" in memo
    text = CHAPTER.read_text(encoding="utf-8")
    for key in ("kilde_statusnotat_maaned", "kilde_lg_fra", "kilde_lg_til", "kilde_status_rk_naeste"):
        assert f"{{{{< meta v.{key} >}}}}" in text, key
