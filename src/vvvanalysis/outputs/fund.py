"""Kapitel 2: foreløbige fund og anbefalinger – the "Det anbefales" lists per theme, verbatim.

Chapter 2 of the memo repeats the recommendations of chapters 6 and 7 in its own wording
(`chapter2_text` in anbefalinger.yaml), in its own order, and sometimes joins two of them into one
bullet. `chapter2_bullet` records that structure: the bullet number in the theme's list; records with
the same number form one bullet (texts joined in file order). Records without it follow in file order.
"""

from __future__ import annotations

from IPython.display import Markdown

from vvvanalysis.data import load_yaml
from vvvanalysis.literal import Markup, bullets, display
from vvvanalysis.outputs.texts import anchored

#: Chapter 2's themes in the memo's order (the values of `theme` in anbefalinger.yaml).
THEMES = ("tilstedevaerelse", "matches", "frivilligkapacitet", "kompetenceudvikling", "boligomraader", "deltagere")


def _groups(round_ref, theme: str) -> list[list[dict]]:
    """The records of each bullet of chapter 2's list for one theme, in the list's order."""
    items = [r for r in load_yaml(round_ref, "anbefalinger")["anbefalinger"]
             if r.get("in_chapter2") and r["theme"] == theme]
    if not items:
        raise ValueError(f"no chapter-2 recommendations for theme '{theme}'")
    last = len(items)
    groups: dict[tuple, list[dict]] = {}
    for i, r in enumerate(items):
        number = r.get("chapter2_bullet")
        key = (number, 0) if number is not None else (last + i, i)
        groups.setdefault(key, []).append(r)
    return [records for _, records in sorted(groups.items(), key=lambda kv: kv[0])]


def chapter2_bullets(round_ref, theme: str) -> list[str]:
    """The bullets of chapter 2's list for one theme, each the verbatim chapter-2 text(s)."""
    return [" ".join(r["chapter2_text"].strip() for r in records) for records in _groups(round_ref, theme)]


def anbefalinger(ctx, theme: str) -> Markdown:
    """Chapter 2's "Det anbefales" list for one theme as Markdown bullets; each text led by the invisible
    anchor of its data line (texts.anchored), also the second text of a joined bullet."""
    return display(bullets(Markup(" ".join(anchored(ctx.data, "anbefalinger", "anbefalinger", "chapter2_text", records)))
                           for records in _groups(ctx.data, theme)))
