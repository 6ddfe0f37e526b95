"""Verbatim texts from the round's data as Markdown: recommendations and interview quotes.

Recommendations and quotes are never retyped in chapters; they render from anbefalinger.yaml and
citater.yaml so the report shows exactly the memo's words.
"""

from __future__ import annotations

from IPython.display import Markdown

from vvvanalysis.data import load_yaml
from vvvanalysis.data.yaml_schemas import YAMLS
from vvvanalysis.literal import Markup, blockquote, bullets, display, text
from vvvanalysis.paths import round_dir
from vvvanalysis.trace.anchors import data_anchor, field_lines

# Attribution of a quote whose speaker the memo does not name (citater.yaml: speaker null), by role.
ROLE_LABELS = {"kommune_respondent": "Kommunal respondent", "frivillig": "Frivillig", "deltager": "Deltager",
               "boligsocial_aktoer": "Boligsocial aktør"}


def recommendations(round_ref, section: str, *, chapter2: bool = False) -> list[dict]:
    items = load_yaml(round_ref, "anbefalinger")["anbefalinger"]
    if chapter2:
        return [r for r in items if r.get("in_chapter2") and r["section"] == section]
    return [r for r in items if r["section"] == section and r["box"] != "løbende tekst"]


def anchored(round_ref, name: str, list_key: str, field: str, items) -> list[Markup]:
    """Each item's text (its `field`) led by an invisible anchor naming the line of the data file that holds it
    (trace.anchors: a bookmark in the DOCX, so `vvv comments` names that line without searching)."""
    folder = round_dir(round_ref)
    file = YAMLS[name].file
    lines = field_lines(folder / file, list_key, field)
    anchor = {i: data_anchor(f"data/{folder.name}/{file}", line) for i, line in lines.items()}
    return [Markup(anchor.get(str(item["id"]), "") + text(item[field])) for item in items]


def running_recommendations(ctx, section: str) -> Markdown:
    """Recommendations the memo makes in its running text of one (sub)section, verbatim, as bullets."""
    items = [r for r in load_yaml(ctx.data, "anbefalinger")["anbefalinger"]
             if r["section"] == section and r["box"] == "løbende tekst"]
    if not items:   # a round whose chapter has no such passage (the final round); the notebook cell still runs
        return display(Markup(""))
    return display(bullets(anchored(ctx.data, "anbefalinger", "anbefalinger", "text", items)))


def recommendation_list(ctx, section: str, *, chapter2: bool = False) -> Markdown:
    """The bullets of one recommendation box (or chapter 2's wording of them), verbatim."""
    items = recommendations(ctx.data, section, chapter2=chapter2)
    if not items:
        raise ValueError(f"no recommendations for section {section}")
    key = "chapter2_text" if chapter2 else "text"
    return display(bullets(anchored(ctx.data, "anbefalinger", "anbefalinger", key, items)))


def quote(ctx, quote_id: str) -> Markdown:
    """One attributed quote as a block quote: '> text' + '> — Burhan, 41 år'."""
    quotes = {q["id"]: q for q in load_yaml(ctx.data, "citater")["citater"]}
    q = quotes[quote_id]
    who = q.get("speaker") or ROLE_LABELS.get(q.get("role"), "Kommunal respondent")
    if q.get("age") is not None:
        who += f", {q['age']} år"
    if q.get("from"):      # said in an earlier report: its round and year go with it
        who += f" (citeret fra {q['from']})"
    if q.get("example"):   # an invented quote of a template round
        who += " – eksempelcitat"
    (said,) = anchored(ctx.data, "citater", "citater", "text", [q])
    return display(blockquote(said, who))
