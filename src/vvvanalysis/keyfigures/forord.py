"""The foreword's signature, evaluation team and the colophon's edition line, from round.yml.

Names and titles are data, so they enter the document as literal text — through the one boundary every
metadata value passes (report_values.literal_values → vvvanalysis.literal), not escaped here a second time."""

from __future__ import annotations


from vvvanalysis import danish
from vvvanalysis.config import load_config

def _people(members) -> str:
    names = [f"{m.title} {m.name}" for m in members]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def edition_line(pub) -> str | None:
    """'2. udgave, december 2026': the edition with its own month (cover, colophon and Bilag A)."""
    if not pub or not pub.edition:
        return None
    return f"{pub.edition}, {danish.month(pub.edition_date)}" if pub.edition_date else pub.edition


def values(round_name) -> dict[str, str]:
    cfg = load_config(round_name)
    pub = cfg.publication
    precision = pub.date_precision if pub else "day"
    out = {
        # the report's date inside a sentence ('november 2021', not 'November 2021')
        "udgivelse_dato_tekst": danish.month(cfg.report_date) if precision == "month" else danish.date(cfg.report_date),
        "udgivelse_evaluator": cfg.evaluator,
    }
    if pub is None:
        return out
    if pub.edition:
        out["udgivelse_udgave"] = edition_line(pub)
    if pub.signatory_name:
        out["forord_underskriver"] = pub.signatory_name
        out["forord_underskriver_titel"] = pub.signatory_title or ""
    led = [m for m in pub.team if m.role == "gennemført"]
    helped = [m for m in pub.team if m.role == "bistået"]
    if led:
        out["forord_team_gennemfoert"] = _people(led)
    if helped:
        helper_text = _people(helped)
        out["forord_team_bistaaet"] = helper_text[:1].upper() + helper_text[1:]
    return out
