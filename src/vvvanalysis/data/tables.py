"""Declarations of every CSV table of a round: columns, types, categories, keys and count checks."""

from __future__ import annotations

from vvvanalysis.data.schema import Column, TableSchema, count, enum, text

MEMO_REF = text("memo_ref")
NOTE = text("note", required=False)
SOURCE = text("source", references="kilder.key")
N = count("n")
RECONSTRUCTED = Column("reconstructed", "bool")
YES_NO = ("Ja", "Nej", "Ved ikke")
DEGREE = ("I høj grad", "I nogen grad", "I mindre grad", "Slet ikke")
CRITERIA = ("kommuner", "deltagere", "frivilligledere_kapacitet", "kommuner_tilbydes_ven", "kursister_rustet", "kurser",
            "afbrudte_forloeb", "boligomraader")
# Tables of survey answers (a label, a count and n) that a criterion's share can be computed from.
SHARE_TABLES = ("frivilligleder_status", "tabel7_frivilligkapacitet", "kursusevaluering_svar",
                "kommunesurvey_henvisning", "kommunesurvey_andet_samarbejde", "kursusevaluering_workshop",
                "succeskriterier_maaling")


def _table(name, description, *columns, key, **kw) -> TableSchema:
    return TableSchema(name, description, tuple(columns), key=tuple(key), **kw)


_DECLARED = [
    _table("kilder", "Data sources the memo cites: key, Danish name, owner, date, description",
           text("key"), text("name"), text("owner"), Column("date", "date"), text("description"),
           # Years the prose names for a source instead of typing them: the span its own figures compare
           # (LG Insight: 2017 to 2018) and the year of its next edition where the report says what changes then.
           Column("period_from", "int", required=False, minimum=1900),
           Column("period_to", "int", required=False, minimum=1900),
           Column("next_edition", "int", required=False, minimum=1900),
           key=["key"], in_order=(("period_from", "period_to"),)),
    _table("succeskriterier_status", "Programme success criteria: target and which table holds the status",
           enum("criterion_id", *CRITERIA),
           Column("target", "float", minimum=0), text("unit"), enum("comparator", ">=", "<=", "<"),
           enum("status_from", "kommune_tilstedevaerelse", "deltagere_og_matches", "tabel8_kurser",
                "boligsociale_samarbejder", required=False),
           # The evaluation's own assessment of the criterion, in its words, and the section that states it
           # (e.g. 'vanskeligt at indfri', '6.2'); the goal table shows it instead of a mechanical label.
           text("assessment", required=False), text("assessment_section", required=False),
           MEMO_REF, NOTE, key=["criterion_id"]),
    _table("succeskriterier_indikatorer",
           "Survey shares measured against a success criterion: its status (role 'status') or, where the memo "
           "gives no status, the nearest indicator (role 'indikator', never shown as the status). 'answers' lists "
           "the answer labels (separated by '|') whose counts are added; 'direction' says whether a higher share "
           "is better for the criterion ('samme') or worse ('modsat')",
           enum("criterion_id", *CRITERIA), text("measure_id"), enum("role", "status", "indikator"),
           enum("table", *SHARE_TABLES), text("question", required=False), text("answers"),
           enum("direction", "samme", "modsat"), text("description"), SOURCE, MEMO_REF, NOTE,
           key=["measure_id"]),
    _table("kommune_tilstedevaerelse", "VVV presence in the municipalities by date (Podio)",
           Column("date", "date"), enum("measure", "kommuner_i_alt", "til_stede", "planlagt_opstart"),
           count("count"), RECONSTRUCTED, SOURCE, MEMO_REF, NOTE, key=["date", "measure"]),
    _table("deltagere_og_matches", "Participants and matches by year",
           count("year"), enum("measure", "aktive_ved_aarets_udgang", "matchede_i_aaret", "deltagere_i_aaret"),
           count("count"), SOURCE, MEMO_REF, NOTE, key=["year", "measure"]),
    _table("henvisningskilder", "Where volunteer groups get participants referred from (Podio, multiple choice)",
           text("referral_source"), count("frivilliggrupper"), SOURCE, MEMO_REF, NOTE, key=["referral_source"]),
    _table("frivilligleder_status", "Volunteer leaders' answers in Røde Kors' status",
           enum("item", "mangel_paa_frivillige", "mangler_flygtninge"), count("count"), N,
           enum("organisation", "Røde Kors", "DRC Dansk Flygtningehjælp"), SOURCE, MEMO_REF,
           key=["item", "organisation"], count_within=(("count", "n"),)),
    _table("lg_insight_2018", "Shares from LG Insight's 2018 municipality survey (n not given)",
           enum("item", "manglende_frivillige_aarsag", "manglende_frivillige_udfordring_paa_sigt"),
           Column("share", "share"), count("year"), SOURCE, MEMO_REF, NOTE, key=["item"]),
    _table("boligsociale_samarbejder", "Cooperations with housing-area actors by kommune",
           text("kommune"), enum("status", "etableret", "planlagt"), Column("date", "date"), SOURCE, MEMO_REF,
           key=["kommune", "date"]),
    _table("kommunesurvey_henvisning", "Fig. 1: does the kommune refer the target group to VVV",
           enum("answer", *YES_NO), count("count"), N, MEMO_REF, NOTE, key=["answer"],
           count_within=(("count", "n"),), exclusive_groups=()),
    _table("kommunesurvey_aarsager", "Reasons for not referring: Fig. 1 primary reason and the counts in 6.2.2",
           enum("basis", "fig1_primaer_aarsag", "afsnit_6_2_2"),
           enum("reason", "andre_tilbud_daekker_behovet", "henviser_til_vvv_i_anden_kommune",
                "vil_ikke_formalisere_og_ingen_ressourcer", "ikke_nok_frivillige", "manglende_viden",
                "henviser_til_drc_frivilliggruppe", "manglende_ressourcer"),
           count("count"), MEMO_REF, key=["basis", "reason"]),
    _table("kommunesurvey_samarbejdsaftale", "Written cooperation agreement among the referring kommuner",
           enum("answer", *YES_NO), count("count"), N, MEMO_REF, key=["answer"],
           count_within=(("count", "n"),), exclusive_groups=()),
    _table("kommunesurvey_henvisningsrutiner", "Fig. 2: referral routines (multiple choice)",
           enum("answer", "Faste rutiner for henvisning for alle medarbejdere", "Ingen faste rutiner",
                "Faste rutiner for nogle medarbejdere"),
           count("count"), N, MEMO_REF, NOTE, key=["answer"], count_within=(("count", "n"),)),
    _table("kommunesurvey_vurdering_samarbejde", "Fig. 3: ratings of the cooperation (only what the text gives)",
           enum("topic", "vvv", "andre_aktiviteter"), enum("organisation", "Røde Kors", "DRC Dansk Flygtningehjælp"),
           enum("rating", "Særdeles godt", "Godt", "Hverken godt eller dårligt", "Dårligt", "Særdeles dårligt",
                "Ved ikke"),
           count("count"), MEMO_REF, NOTE, key=["topic", "organisation", "rating"]),
    _table("kommunesurvey_forbedringsforslag", "Free-text suggestions for a better cooperation (6.1.2)",
           text("theme"), count("comments"), MEMO_REF, key=["theme"]),
    _table("kommunesurvey_andet_samarbejde", "Fig. 4: cooperation with RK/DRC on other activities",
           enum("answer", *YES_NO), count("count"), N, RECONSTRUCTED, MEMO_REF, NOTE, key=["answer"],
           count_within=(("count", "n"),), exclusive_groups=()),
    _table("kommunesurvey_nedgang_betydning", "Kommuner where the decline in refugees mattered (6.2.2)",
           enum("answer", *YES_NO), count("count"), N, MEMO_REF, key=["answer"],
           count_within=(("count", "n"),), exclusive_groups=()),
    _table("tabel6_reorganisering", "Tabel 6: changes the decline led to (multiple choice)",
           text("change"), count("count"), N, MEMO_REF, key=["change"], count_within=(("count", "n"),)),
    _table("tabel7_frivilligkapacitet", "Tabel 7: kommunernes vurdering af frivilligkapaciteten (one answer)",
           text("statement"), count("count"), N, RECONSTRUCTED, MEMO_REF, key=["statement"],
           count_within=(("count", "n"),), exclusive_groups=()),
    _table("tabel8_kurser", "Tabel 8: courses and workshops held",
           text("course"), Column("date", "date"), count("participants"), enum("format", "fysisk", "webinar"),
           enum("kind", "kursus", "workshop"), MEMO_REF, key=["course", "date"]),
    _table("tabel11_udbytte", "Tabel 11: kommunernes vurdering af deltagernes udbytte (ja/nej)",
           text("benefit"), count("ja"), count("nej"), MEMO_REF, key=["benefit"]),
    _table("kursusevaluering_svar", "Fig. 9 (viden) and Fig. 10 (redskaber) of the course evaluation",
           enum("question", "viden", "redskaber"), enum("answer", *DEGREE), count("count"), N, RECONSTRUCTED,
           MEMO_REF, key=["question", "answer"], count_within=(("count", "n"),), exclusive_groups=("question",)),
    _table("kursusevaluering_workshop", "Evaluation of the first-aid workshop (counts of n = 11)",
           enum("question", "tilfreds_alt_i_alt", "tilfreds_med_formen", "vigtigste_udbytte",
                "laert_nye_mennesker_at_kende", "god_oplevelse_med_netvaerksperson"),
           enum("answer", "I høj grad", "Ny viden", "Lærte førstehjælp"), count("count"), N, MEMO_REF,
           key=["question", "answer"], count_within=(("count", "n"),), exclusive_groups=("question",)),
    _table("datagrundlag", "Interviews and surveys the memo is based on (label = the row as the report prints it; "
           "kind 'foerste_udgave': a count as the first edition stated it elsewhere, for the correction note only)",
           text("key"), text("label"), enum("kind", "interview", "survey", "foerste_udgave"), count("count"),
           text("unit"),
           Column("period_start", "date", required=False), Column("period_end", "date", required=False),
           SOURCE, MEMO_REF, NOTE, key=["key"]),
    _table("noegletal", "Other single numbers the memo states about the project",
           text("key"), Column("value", "float"), text("unit"), Column("approximate", "bool"), SOURCE, MEMO_REF,
           NOTE, key=["key"]),
]

# Follow-up on the previous round's recommendations (a round with 'compare_with:' in round.yml); the ids
# must be ids of the previous round's anbefalinger.yaml (checked by vvvanalysis.data.loader).
FOLLOWUP_STATUS = ("gennemført", "delvist", "ikke", "ukendt")
_DECLARED.append(_table(
    "opfoelgning", "Follow-up on the previous round's recommendations: id, status, comment, source",
    text("recommendation_id"), enum("status", *FOLLOWUP_STATUS), text("comment"), SOURCE,
    key=["recommendation_id"], optional=True))

# A success criterion measured with its own question or register (the count that meets it, of n): what the
# final evaluation adds where the memo had only the nearest indicator. A round without such measurements
# leaves the file out.
_DECLARED.append(_table(
    "succeskriterier_maaling", "Success criteria measured directly: the criterion's own question or register, "
    "count meeting it of n (a status row of succeskriterier_indikatorer names the item)",
    text("item"), count("count"), N, SOURCE, MEMO_REF, NOTE, key=["item"], count_within=(("count", "n"),),
    optional=True))

TABLES: dict[str, TableSchema] = {t.name: t for t in _DECLARED}
