"""Compares what indicators.py computes from a round folder with the memo as printed (tests/ground_truth).

check(round_path) returns a list of mismatch descriptions (empty = the data reproduce the memo). It is a
plain function so the mutation test can run it on altered copies of the round without spawning pytest.
"""

from __future__ import annotations

import calendar
import csv
from functools import lru_cache
from pathlib import Path

import yaml

from vvvanalysis import danish
from vvvanalysis import indicators as ind

GROUND_TRUTH = Path(__file__).parent / "ground_truth"


def _norm(text) -> str:
    return "".join(str(text).split())  # the memo prints '94%', house style is '94 %'


@lru_cache(maxsize=None)
def _text_numbers() -> dict:
    return yaml.safe_load((GROUND_TRUTH / "tekst_tal.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _csv(name: str) -> list[dict]:
    with open(GROUND_TRUTH / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _same(values) -> str:
    """The one value every row shares (e.g. n), formatted, or a marker that they differ."""
    values = {int(v) for v in values}
    return danish.number(values.pop()) if len(values) == 1 else f"uens: {sorted(values)}"


def _nums(values) -> str:
    return ", ".join(danish.number(v) for v in values)


def _count_of(frame, label, question=None):
    rows = frame[frame["label"] == label]
    if question:
        rows = rows[rows["question"] == question]
    row = rows.iloc[0]
    return danish.count_of(row["count"], row["n"])


def _by_label(frame, label, column="share"):
    return frame.loc[frame["label"] == label, column].iloc[0]


def computed_text_numbers(rd) -> dict:
    """Every in-text number, computed and formatted; keys match tests/ground_truth/tekst_tal.yaml."""
    n, pct = danish.number, danish.percent
    kom, dlt, bolig = ind.kommune_tilstedevaerelse(rd), ind.deltagere(rd), ind.boligomraader(rd)
    grund, kurs, nt = ind.datagrundlag(rd), ind.kurser_summary(rd), ind.noegletal(rd)
    crit = ind.load_table(rd, "succeskriterier_status").set_index("criterion_id")["target"]
    f1, f2, f4 = ind.fig1(rd), ind.fig2(rd), ind.fig4(rd)
    f9, f10, ws = ind.fig9(rd), ind.fig10(rd), ind.workshop(rd)
    aftale, fl = ind.samarbejdsaftale(rd), ind.frivilligleder_status(rd)
    nedgang, lg, henv = ind.nedgang_betydning(rd), ind.lg_insight_2018(rd), ind.henvisningskilder(rd)
    periods = _periods(rd)
    kilder = ind.load_table(rd, "kilder").set_index("key")
    lg_kilde, status_rk = kilder.loc["lg_insight_2019"], kilder.loc["status_rk"]
    return {
        "lg_insight_fald": f"{int(lg_kilde['period_from'])}-{str(int(lg_kilde['period_to']))[-2:]}",
        "status_enslydende_fra": str(int(status_rk["next_edition"])),
        "statusnotat_maaned": danish.month(kilder.loc["statusnotat_boligomraader", "date"]),
        "kommuner_til_stede": n(kom["til_stede"]),
        "kommuner_i_alt": n(kom["kommuner_i_alt"]),
        "kommuner_ikke_til_stede": n(kom["ikke_til_stede"]),
        "kommuner_planlagt_opstart": n(kom["planlagt_opstart"]),
        "kommuner_uden_planer": n(kom["uden_planer"]),
        "kommuner_mangler": n(kom["mangler_efter_planlagte"]),
        "kommuner_fald": n(-kom["aendring"]),
        "kommuner_opgoerelse": danish.month(kom["date"]),
        "kommuner_forrige_opgoerelse": danish.month(kom["forrige_date"]),
        "deltagere_2018": n(dlt["aktive_basis"]),
        "matchet_2019": n(dlt["matchede"].get(2019, 0)),
        "matchet_2020": n(dlt["matchede"].get(2020, 0)),
        "deltagere_kumuleret": n(dlt["kumuleret"]),
        "deltagere_2020": n(dlt["deltagere"]),
        "deltagere_aar": str(dlt["aar"]),          # the status year now comes from the data
        "deltagere_basisaar": str(dlt["basisaar"]),
        "deltagere_mangler": n(dlt["mangler_til_maal"]),
        "maal_kommuner": n(crit["kommuner"]),
        "maal_deltagere": n(crit["deltagere"]),
        "maal_frivilligledere_kapacitet": pct(crit["frivilligledere_kapacitet"]),
        "maal_kommuner_tilbydes_ven": pct(crit["kommuner_tilbydes_ven"]),
        "maal_kursister_rustet": pct(crit["kursister_rustet"]),
        "maal_kurser": n(crit["kurser"]),
        "maal_afbrudte_forloeb": pct(crit["afbrudte_forloeb"]),
        "maal_boligomraader": n(crit["boligomraader"]),
        **{key: n(grund[key]) for key in (
            "interview_matchpar", "interview_matchpar_frivillige", "interview_matchpar_flygtninge",
            "interview_matchpar_kapitel7", "interview_med_tolk", "interview_kommunale", "interview_boligsociale",
            "interview_kursusdeltagere", "kommunesurvey_udsendt", "kommunesurvey_besvarelser",
            "kursusevaluering_besvarelser", "kursusevaluering_kurser", "kursusevaluering_workshop_besvarelser")},
        "interview_kommunale_periode": periods["interview_kommunale"],
        "interview_kursusdeltagere_periode": periods["interview_kursusdeltagere"],
        "kommunesurvey_periode": periods["kommunesurvey_udsendt"],
        "kommunesurvey_svarprocent": pct(grund["kommunesurvey_svarprocent"]),
        "fig1_ja": n(_by_label(f1, "Ja", "count")),
        "fig1_nej": n(_by_label(f1, "Nej", "count")),
        "fig1_ja_andel": _by_label(f1, "Ja"),
        "fig1_aarsager": _nums(ind.aarsager(rd, "fig1_primaer_aarsag")["count"]),
        "samarbejdsaftale_ja_nej_vedikke": _nums(aftale["count"]),
        "samarbejdsaftale_ja_andel": _by_label(aftale, "Ja"),
        "fig2_faste_rutiner": n(_by_label(f2, "Faste rutiner for henvisning for alle medarbejdere", "count")),
        "fig2_ingen_faste_rutiner": n(_by_label(f2, "Ingen faste rutiner", "count")),
        "fig2_ingen_andel": _by_label(f2, "Ingen faste rutiner"),
        "fig2_n": _same(f2["n"]),
        "fig3_saerdeles_daarligt": _same(ind.fig3(rd)["count"]),
        "forbedringsforslag_kommentarer": _nums(ind.forbedringsforslag(rd)["comments"]),
        "fig4_ja": pct(_by_label(f4, "Ja")),
        "fig4_nej": pct(_by_label(f4, "Nej")),
        "nedgang_kommuner": n(nedgang["count"]),
        "nedgang_pct": pct(nedgang["share"]),
        "tabel6_n": _same(ind.tabel6(rd)["n"]),
        "aarsager_ressourcer_andre_tilbud_frivillige": _nums(ind.aarsager(rd, "afsnit_6_2_2")["count"]),
        "henvisning_jobcenter": n(henv["Jobcenter"]),
        "henvisning_boligsociale": n(henv["Boligsociale aktører"]),
        "lg_insight_aar": str(_same(ind.load_table(rd, "lg_insight_2018")["year"])).replace(".", ""),
        "lg_insight_aarsag": pct(lg["manglende_frivillige_aarsag"]),
        "lg_insight_udfordring": pct(lg["manglende_frivillige_udfordring_paa_sigt"]),
        "tabel7_n": _same(ind.tabel7(rd)["n"]),
        "frivilligledere_mangel": _count_of(fl, "mangel_paa_frivillige"),
        "frivilligledere_mangel_pct": pct(_by_label(fl, "mangel_paa_frivillige")),
        "frivilligledere_mangler_flygtninge": _count_of(fl, "mangler_flygtninge"),
        "frivilligledere_mangler_flygtninge_pct": pct(_by_label(fl, "mangler_flygtninge")),
        "kurser_aarligt": n(nt["kurser_og_temadage_aarligt"]),
        "kurser_afholdt": n(kurs["kurser"]),
        "workshops_afholdt": n(kurs["workshops"]),
        "kursusdeltagere": n(kurs["deltagere"]),
        "fysiske_kurser": n(kurs["fysiske_kurser"]),
        "fysiske_workshops": n(kurs["fysiske_workshops"]),
        "webinarer": n(kurs["webinarer"]),
        "fig9_hoej_grad": pct(_by_label(f9, "I høj grad")),
        "fig9_nogen_grad": pct(_by_label(f9, "I nogen grad")),
        "fig9_mindre_grad": n(_by_label(f9, "I mindre grad", "count")),
        "fig9_slet_ikke": pct(_by_label(f9, "Slet ikke")),
        "fig10_hoej_grad": pct(_by_label(f10, "I høj grad")),
        "fig10_nogen_grad": pct(_by_label(f10, "I nogen grad")),
        "fig10_slet_ikke": pct(_by_label(f10, "Slet ikke")),
        "fig10_n": _same(f10["n"]),
        "workshop_tilfreds": _count_of(ws, "I høj grad", "tilfreds_alt_i_alt"),
        "workshop_formen": _count_of(ws, "I høj grad", "tilfreds_med_formen"),
        "workshop_ny_viden": n(_by_label(ws, "Ny viden", "count")),
        "workshop_foerstehjaelp": n(_by_label(ws, "Lærte førstehjælp", "count")),
        "workshop_nye_mennesker": n(ws.loc[ws["question"] == "laert_nye_mennesker_at_kende", "count"].iloc[0]),
        "workshop_nye_mennesker_andel": ws.loc[ws["question"] == "laert_nye_mennesker_at_kende", "share"].iloc[0],
        "workshop_netvaerksperson": _count_of(ws, "I høj grad", "god_oplevelse_med_netvaerksperson"),
        "workshop_n": _same(ws["n"]),
        "tabel11_n": _same(ind.tabel11(rd)["n"]),
        "boligomraader_etableret": n(bolig["etableret"]),
        "boligomraader_mangler": n(bolig["mangler"]),
        "boligomraader_etablerede": ", ".join(bolig["etablerede_kommuner"]),
        "boligomraader_planlagte": ", ".join(bolig["planlagte_kommuner"]),
        "informationsmateriale_sprog": n(nt["informationsmateriale_sprog"]),
        "foerste_projektperiode": f"{int(nt['projekt_start_aar'])}-{int(nt['vvv2_start_aar']) - 1}",
        "vvv2_projektperiode": f"{int(nt['vvv2_start_aar'])}-{int(nt['vvv2_slut_aar'])}",
        "nedgang_periode": f"{int(nt['nedgang_periode_start'])} – {int(nt['nedgang_periode_slut'])}",
        "deltagere_fald_aar": str(int(nt["deltagere_fald_aar"])),
    }


def _periods(rd) -> dict:
    """Survey and interview periods as the memo writes them ('1.-25. juni 2021', 'juni – august 2021')."""
    frame = ind.load_table(rd, "datagrundlag").dropna(subset=["period_start"]).set_index("key")
    out = {}
    for key, row in frame.iterrows():
        start, end = row["period_start"].date(), row["period_end"].date()
        whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
        if not whole_months:
            out[key] = f"{start.day}.-{danish.date(end)}"
        elif (start.year, start.month) == (end.year, end.month):
            out[key] = danish.month(end)
        else:
            out[key] = f"{danish.month(start).split()[0]} – {danish.month(end)}"
    return out


def _parse(printed: str) -> float:
    text = printed.replace(" ", "").replace("\u00a0", "")
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text.replace(".", ""))


def check_text(rd) -> list[str]:
    expected = _text_numbers()
    got = computed_text_numbers(rd)
    failures = [f"tekst {k}: memo '{v}', computed '{got[k]}'" for k, v in expected["tal"].items()
                if _norm(got[k]) != _norm(v)]
    for k, v in expected["over"].items():
        value = got[k] if isinstance(got[k], float) else _parse(got[k])
        if not _parse(v) < value <= _parse(v) * 1.1:
            failures.append(f"tekst {k}: memo 'over {v}', computed {value}")
    for k, v in expected["under"].items():
        value = got[k] if isinstance(got[k], float) else _parse(got[k])
        if not _parse(v) * 0.9 <= value < _parse(v):
            failures.append(f"tekst {k}: memo 'under/knap {v}', computed {value}")
    return failures


def check_tables(rd) -> list[str]:
    failures = []
    t6 = ind.tabel6(rd)
    for i, row in enumerate(_csv("tabel6.csv")):
        got = (t6["label"][i], danish.number(t6["count"][i]), danish.percent(t6["share"][i]))
        if tuple(map(_norm, got)) != tuple(map(_norm, (row["label"], row["antal"], row["pct"]))):
            failures.append(f"Tabel 6 row {i + 1}: memo {row}, computed {got}")
    t7, printed7 = ind.tabel7(rd), _csv("tabel7.csv")
    for i, row in enumerate(printed7[:-1]):
        got = (t7["label"][i], danish.percent(t7["share"][i]))
        if tuple(map(_norm, got)) != (_norm(row["label"]), _norm(row["pct"])):
            failures.append(f"Tabel 7 row {i + 1}: memo {row}, computed {got}")
    total = f"{ind.sum_of_rounded_percents(t7['share'])}%"
    if total != _norm(printed7[-1]["pct"]):
        failures.append(f"Tabel 7 total: memo {printed7[-1]['pct']}, computed {total}")
    t8 = ind.tabel8(rd)
    for i, row in enumerate(_csv("tabel8.csv")):
        r = t8.iloc[i]
        got = (r["course"], r["date"].strftime("%d.%m.%y"), danish.number(r["participants"]),
               "K" if r["format"] == "fysisk" else "W", "ja" if r["kind"] == "workshop" else "nej")
        if got != (row["kursusnavn"], row["dato"], row["antal"], row["form"], row["workshop"]):
            failures.append(f"Tabel 8 row {i + 1}: memo {row}, computed {got}")
    t11 = ind.tabel11(rd)
    for i, row in enumerate(_csv("tabel11.csv")):
        got = (t11["label"][i], str(t11["ja"][i]), str(t11["nej"][i]))
        if got != (row["label"], row["ja"], row["nej"]):
            failures.append(f"Tabel 11 row {i + 1}: memo {row}, computed {got}")
    return failures


def check(rd) -> list[str]:
    return check_tables(rd) + check_text(rd)
