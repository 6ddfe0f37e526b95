"""Front chapters and appendices: chapter-2 lists, data basis, theory of change, data notes, sources, criteria."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from vvvanalysis import danish
from vvvanalysis.literal import plain  # noqa: E402  (outputs are escaped markdown)
from vvvanalysis.data import load_table, load_yaml
from vvvanalysis.notebook import setup
from vvvanalysis.outputs import bilag, fund, projekt

ROUND = "midterm"


@pytest.fixture(scope="module")
def ctx():
    return setup(ROUND)


def _bullets(markdown) -> list[str]:
    return [line[2:] for line in plain(markdown.data).splitlines() if line.startswith("- ")]


def test_chapter2_lists_contain_every_chapter2_recommendation_verbatim_once():
    recs = [r for r in load_yaml(ROUND, "anbefalinger")["anbefalinger"] if r["in_chapter2"]]
    rendered = " ".join(" ".join(fund.chapter2_bullets(ROUND, t)) for t in fund.THEMES)
    for r in recs:
        assert rendered.count(r["chapter2_text"]) == 1, r["id"]
    assert {r["theme"] for r in recs} == set(fund.THEMES)


def test_chapter2_lists_follow_the_memo_order_and_bullets():
    """As many bullets as section 2.2 of the memo has, each starting a memo bullet, in the memo's order."""
    from test_qualitative_verbatim import DEFAULT_MEMO, normalise

    memo = normalise(Path(os.environ.get("VVV_MEMO") or DEFAULT_MEMO).read_text(encoding="utf-8"))
    region = memo[memo.index("2.2 FORELØBIGE FUND OG ANBEFALINGER"):memo.index("3 BAGGRUND OG FORMÅL")]
    memo_bullets = region.split("•")[1:]
    ours = [b for t in fund.THEMES for b in fund.chapter2_bullets(ROUND, t)]
    assert len(ours) == len(memo_bullets) == 14
    for mine, theirs in zip(ours, memo_bullets):
        assert theirs.strip().startswith(mine[:80]), mine[:60]


def test_joined_bullet_and_chapter2_only_recommendation(ctx):
    tilstede = _bullets(fund.anbefalinger(ctx, "tilstedevaerelse"))
    assert len(tilstede) == 3 and "paraplybetegnelse" in tilstede[2] and "Det anbefales særligt" in tilstede[2]
    deltagere = fund.chapter2_bullets(ROUND, "deltagere")
    assert deltagere[0].startswith("At Venner Viser Vej overvejer")   # 2.2-1 comes first in chapter 2
    with pytest.raises(ValueError):
        fund.chapter2_bullets(ROUND, "ukendt")


def test_theory_of_change_has_one_box_per_record(ctx):
    toc = load_yaml(ROUND, "forandringsteori")
    fig = projekt.fig_forandringsteori(ctx)
    gids = [p.get_gid() for p in fig.axes[0].patches if p.get_gid()]
    for part in ("activities", "outcomes", "impact"):
        ids = [r["id"] for r in toc[part]]
        assert sorted(g for g in gids if g in ids) == sorted(ids), part
    assert len(gids) == len(set(gids))
    assert fig.get_size_inches()[0] == pytest.approx(6.3)


def test_evaluation_purposes_and_target_group_are_verbatim(ctx):
    kontekst = load_yaml(ROUND, "kontekst")
    assert _bullets(projekt.evalueringens_formaal(ctx)) == [i["text"] for i in kontekst["evalueringens_formaal"]["items"]]
    text = plain(projekt.maalgruppe(ctx).data)
    assert kontekst["maalgruppe_definition"]["text"] in text
    for item in kontekst["maalgruppe_inkluderer"]["items"]:
        assert f"- {item['text']}" in text


def test_organisation_table_has_every_level_and_task(ctx):
    org = load_yaml(ROUND, "organisation")
    table = plain(projekt.organisering(ctx).data)
    assert len(table.strip().splitlines()) == 2 + len(org["levels"])
    for level in org["levels"]:   # the evaluator's noun phrases, never the memo's cut-out sentences
        assert level["summary"]["tasks"] in table and level["summary"]["actors"] in table
        for task in level["tasks"]:
            assert task not in table


def test_data_basis_table_rows_from_data(ctx):
    frame = load_table(ROUND, "datagrundlag")
    # a count the first edition gave in another chapter is the correction note's, not a method-table row
    frame = frame[frame["kind"] != "foerste_udgave"]
    rows = projekt.datagrundlag_rows(ROUND)
    assert [r[0] for r in rows] == list(frame["label"])
    assert not any("kapitel" in r[0] for r in rows)
    survey = rows[list(frame["key"]).index("kommunesurvey_besvarelser")]
    assert survey[1] == f"42{danish.NBSP}besvarelser" and survey[2] == "1.–25. juni 2021"
    assert "ikke oplyst" in {r[2] for r in rows}


def test_data_notes_appendix_lists_every_note(ctx):
    notes = load_yaml(ROUND, "datanoter")["datanoter"]
    text = plain(bilag.datanoter(ctx).data)
    for i, note in enumerate(notes, start=1):
        assert note["id"] not in text   # a key is never shown to the reader
        assert f"**{i}. " in text
    assert text.count("*Valg:*") == text.count("*Begrundelse:*") == len(notes)


def test_sources_and_criteria_tables(ctx):
    kilder = load_table(ROUND, "kilder")
    table = plain(bilag.datakilder(ctx).data)
    assert len(table.strip().splitlines()) == 2 + len(kilder)
    crit = load_yaml(ROUND, "succeskriterier")["succeskriterier"]
    table = plain(bilag.succeskriterier(ctx).data)
    for c in crit:   # noun phrases, not the memo's sentences ('Jvf. evalueringsmanualen er der opstillet …')
        assert c["criterion_short"] in table and c["criterion"] not in table
    for fragment in ("Jvf.", "Her er målsætningen", "således som mål", "Da en forventet"):
        assert fragment not in table
    assert re.search(r"@sec-frivilligkapacitet", table)
    assert bilag.target_text(0.15, "andel", "<") == f"under{danish.NBSP}15{danish.NBSP}%"
    assert bilag.target_text(7000, "aktive deltagere", ">=") == f"mindst{danish.NBSP}7.000{danish.NBSP}aktive deltagere"
    assert bilag.section_ref("6.4.1") == "@sec-rustede" and bilag.section_ref("9.9") == "afsnit 9.9"


@pytest.mark.parametrize(("start", "end", "text"), [
    ("2021-05-01", "2021-06-30", "maj–juni 2021"),
    ("2020-10-01", "2020-10-31", "oktober 2020"),
    ("2021-06-01", "2021-06-25", "1.–25. juni 2021"),
    ("2020-11-01", "2021-01-31", "november 2020–januar 2021"),
])
def test_danish_period(start, end, text):
    assert danish.period(start, end) == text


def test_front_keyfigures_are_formatted_text():
    from vvvanalysis.keyfigures import bilag as kb, ch02_fund, ch03_05_baggrund_data, ch06_2_matches

    values = {**ch02_fund.values(ROUND), **ch03_05_baggrund_data.values(ROUND), **kb.values(ROUND)}
    assert ch06_2_matches.values(ROUND)["match_kumuleret"] == "9.065"
    assert values["bg_kommunesurvey_svarprocent"] == f"59{danish.NBSP}pct."
    assert values["bilag_datanoter_n"] == str(len(load_yaml(ROUND, "datanoter")["datanoter"]))
    assert all(isinstance(v, str) and v for v in values.values())
