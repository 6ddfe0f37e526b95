"""Afsnit 6.1: Venner Viser Vejs tilstedeværelse i kommunerne (Fig. 1–5 og lister fra kommunesurveyen).

Where the data give only some answer categories of a figure, the known bars are drawn and the rest is
shown as missing: a remainder of single-choice answers as a grey hatched bar of its own length (never the
longest mark), unknown categories without a length as a text row 'ikke oplyst'. A distribution the data
give (almost) nothing of is a short table instead of a chart (Fig. 3 and Fig. 5 of the first edition).
"""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator
from IPython.display import Markdown

from vvvanalysis import danish, indicators
from vvvanalysis.charts import GREY, NOT_GIVEN, UNKNOWN, barh
from vvvanalysis.data import load_yaml
from vvvanalysis.sources import source_label
from vvvanalysis.literal import bullets, display
from vvvanalysis.style import LABEL_BOX, PALETTE, finish
from vvvanalysis.tables import Column, show

SOURCE = "kommunesurvey"


def _answers_with_remainder(ctx, data, xlabel: str):
    """Single-choice answers of n respondents: the known counts, and n minus their sum as 'ikke oplyst'."""
    n = int(data["n"].iloc[0])
    labels = list(data["label"])
    counts = [int(c) for c in data["count"]]
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    missing = n - sum(counts)
    if missing > 0:
        labels.append(UNKNOWN)
        counts.append(missing)
        colors.append(GREY)
    fig, ax = barh(labels, counts, n, colors=colors, unknown_last=missing > 0)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.set_xlabel(xlabel)
    finish(fig, source=source_label(ctx.data, SOURCE), n=n, example_data=ctx.example_data)
    return fig


def fig_henvisning(ctx):
    """Fig. 1: kommuner, der henviser målgruppen til VVV."""
    return _answers_with_remainder(ctx, indicators.fig1(ctx.data), "Antal kommuner")


def fig_henvisningsrutiner(ctx):
    """Fig. 2: kommunernes rutiner for henvisning (multiple choice; kun kommuner, der henviser).

    Multiple choice: the unknown categories cannot be computed as a remainder, so they are one
    hatched row without a length - drawn only when the data lack some of the question's answer categories.
    """
    from vvvanalysis.data.tables import TABLES

    data = indicators.fig2(ctx.data)
    n = int(data["n"].iloc[0])
    categories = next(c.categories for c in TABLES["kommunesurvey_henvisningsrutiner"].columns if c.name == "answer")
    complete = set(categories) <= set(data["label"])
    labels = list(data["label"]) + ([] if complete else [f"Øvrige svarkategorier ({NOT_GIVEN})"])
    counts = [int(c) for c in data["count"]]
    fig, ax = barh(labels if complete else labels[:-1], counts, n, colors=[PALETTE[0]] * len(counts))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    if not complete:
        _add_unknown_row(fig, ax, labels)
    ax.set_xlabel("Antal kommuner (flere svar mulige)")
    finish(fig, source=source_label(ctx.data, SOURCE), n=n, example_data=ctx.example_data)
    return fig


def _add_unknown_row(fig, ax, labels):
    """Extend a charts.barh chart (rows at y = k-1 … 0) by one row at y = -1 for the categories whose counts
    are not given: text only, no band, so the unknown is never the largest mark of the chart."""
    known = len(labels) - 1
    ax.set_ylim(-1.6, known - 0.4)
    ax.set_yticks(list(range(known))[::-1] + [-1], labels)
    ax.text(ax.get_xlim()[1] * 0.01, -1, NOT_GIVEN, ha="left", va="center", fontsize=8.5, color="#555555",
            style="italic", bbox=LABEL_BOX)
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + 0.42)


# The rating scale of the survey question (the order of kommunesurvey_vurdering_samarbejde's 'rating' column).
RATINGS = ("Særdeles godt", "Godt", "Hverken godt eller dårligt", "Dårligt", "Særdeles dårligt", "Ved ikke")


def _ratings_table(ctx, topic: str):
    """Fig. 3 / Fig. 5 of the first edition as a table: the ratings the data give per organisation, and
    'ikke oplyst' for the rest of the distribution (the data give no n and no other category)."""
    data = indicators.fig3(ctx.data)
    organisations = list(dict.fromkeys(data["organisation"]))
    known = data[data["topic"] == topic]
    if len(known) == len(organisations) * len(RATINGS):   # the whole distribution: every rating and its n
        rows = [[rating, *[danish.number(int(known[(known["organisation"] == org) & (known["rating"] == rating)]
                                               ["count"].iloc[0])) for org in organisations]] for rating in RATINGS]
        rows.append(["Antal besvarelser (n)",
                     *[danish.number(int(known.loc[known["organisation"] == org, "count"].sum()))
                       for org in organisations]])
        return show(rows, [Column("Vurdering", 22, "left"), *[Column(org, 14) for org in organisations]])
    rows = []
    for rating in dict.fromkeys(known["rating"]):
        cells = [rating]
        for org in organisations:
            match = known[(known["organisation"] == org) & (known["rating"] == rating)]
            cells.append(danish.number(int(match["count"].iloc[0])) if len(match) else NOT_GIVEN)
        rows.append(cells)
    rest = "Alle vurderinger" if not rows else "Øvrige vurderinger"
    rows.append([rest, *[NOT_GIVEN] * len(organisations)])
    rows.append(["Antal besvarelser (n)", *[NOT_GIVEN] * len(organisations)])
    return show(rows, [Column("Vurdering", 22, "left"), *[Column(org, 14) for org in organisations]])


def tabel_vurdering_vvv(ctx):
    """Kommunernes vurdering af samarbejdet med RK / DRC om VVV: the known counts and 'ikke oplyst'."""
    return _ratings_table(ctx, "vvv")


def tabel_vurdering_oevrigt(ctx):
    """Kommunernes vurdering af det øvrige samarbejde: the data give no counts at all."""
    return _ratings_table(ctx, "andre_aktiviteter")


def fig_andet_samarbejde(ctx):
    """Fig. 4: kommuner, der samarbejder med RK / DRC om andre aktiviteter end VVV."""
    return _answers_with_remainder(ctx, indicators.fig4(ctx.data), "Antal kommuner")


# --- Lists from the round's data (Markdown) -----------------------------------------------------------
def _count_text(count: int, singular: str, plural: str) -> str:
    return f"{danish.number(count)} {singular if count == 1 else plural}"


def _kontekst_items(ctx, key: str) -> list[dict]:
    return load_yaml(ctx.data, "kontekst")[key]["items"]


def aarsager_nej(ctx) -> Markdown:
    """The primary reasons of the kommuner answering 'Nej' in Fig. 1, as the memo lists them."""
    items = _kontekst_items(ctx, "aarsager_ikke_henvisning")
    return display(bullets(_count_in_words(item) for item in items))


def _count_in_words(item: dict) -> str:
    """'2 kommuner angiver …' -> 'To kommuner angiver …' (house style: small counts in words). The data keep
    the memo's wording; only a leading count equal to the item's count is spelled out."""
    text, count = item["text"], int(item["count"])
    prefix = f"{count} "
    if not text.startswith(prefix) or count > 12:
        return text
    word = danish.count_word(count)
    return word[0].upper() + word[1:] + " " + text[len(prefix):]


def forbedringsforslag(ctx) -> Markdown:
    """Improvement wishes for the cooperation, with the number of comments each."""
    items = _kontekst_items(ctx, "forbedringsoensker_samarbejde")
    return display(bullets(f"{item['text']} ({_count_text(int(item['count']), 'kommentar', 'kommentarer')})"
                           for item in items))


def oevrige_aktiviteter(ctx) -> Markdown:
    """Other activities the kommuner cooperate with RK / DRC on (Fig. 4's 'Ja')."""
    items = _kontekst_items(ctx, "oevrige_samarbejdsaktiviteter")
    return display(bullets(item["text"] for item in items))
