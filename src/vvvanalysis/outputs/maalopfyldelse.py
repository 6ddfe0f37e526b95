"""Målopfyldelse (kapitel 2): every programme success criterion against its target, the nearest indicators
where the memo gives no status, and the participant outlook (Fremskrivning af deltagertallet)."""

from __future__ import annotations

import datetime as dt
import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from vvvanalysis import danish, disclosure, indicators, uncertainty
from vvvanalysis.config import IMPLIED, LOWER_BOUND, REPORTED_MEAN
from vvvanalysis.data import load_table
from vvvanalysis.style import FIG_WIDTH, LABEL_BOX, PALETTE, finish
from vvvanalysis.tables import Column, show

# Short Danish names of the criteria (the ids are fixed across rounds; the full wording is in succeskriterier.yaml).
LABELS = {
    "kommuner": "Tilstedeværelse i kommuner",
    "deltagere": "Aktive deltagere",
    "frivilligledere_kapacitet": "Frivilligledere: antallet af frivillige matcher behovet",
    "kommuner_tilbydes_ven": "Kommuner: henviste tilbydes en frivillig ven",
    "kursister_rustet": "Kursister: kurset har klædt dem på",
    "kurser": "Afholdte kurser og workshops",
    "afbrudte_forloeb": "Afbrudte forløb",
    "boligomraader": "Samarbejder i udsatte boligområder",
}
COMPARATOR_WORDS = {">=": "mindst", "<=": "højst", "<": "under"}
NOT_REPORTED = "ikke opgjort"


def label(criterion_id: str) -> str:
    return LABELS.get(criterion_id, criterion_id)


def target_text(row) -> str:
    """'mindst 90', 'mindst 75 %', 'under 15 %' (the unit is in the criterion's name)."""
    word = COMPARATOR_WORDS[row["comparator"]]
    if row["is_share"]:
        return f"{word} {danish.percent(row['target'])}"
    return f"{word} {danish.number(row['target'])}"


def status_text(row) -> str:
    """'88', '47 % (35–59 %), 30 ud af 64': a share's 95 % interval, where its n is small, in parentheses right
    after it (the column head names it), then the count it is made of."""
    if pd.isna(row["status"]):
        return NOT_REPORTED
    if not row["is_share"]:
        return danish.number(row["status"])
    if pd.isna(row["n"]):
        return danish.percent(row["status"])
    count, n = int(row["count"]), int(row["n"])
    interval = f" ({uncertainty.interval_text(count, n)})" if uncertainty.needs_interval(n) else ""
    return f"{danish.percent(row['status'])}{interval}, {danish.count_of(count, n)}"


def date_text(value) -> str:
    """The month of the status ('maj 2021'): sources give some statuses by month only."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return "–"
    return danish.month(value.date() if isinstance(value, pd.Timestamp) else value)


def gap_text(row) -> str:
    if pd.isna(row["status"]):
        return "–"
    if row["met"]:
        return "nået"
    if row["is_share"]:
        return f"{danish.number(row['gap'] * 100)} pct.-point"
    return danish.number(row["gap"])


def share_text(row) -> str:
    """The share of the target reached ('92 %'), a plain ratio; the assessment is the evaluation's, not this."""
    return "–" if pd.isna(row["reached"]) else danish.percent(row["reached"])


def assessment_text(row) -> str:
    """The evaluation's own assessment with the section that states it; never a label derived from numbers."""
    if not row["assessment"] or pd.isna(row["assessment"]):
        return "ikke vurderet"
    return f"{row['assessment']} (afsnit {str(row['assessment_section']).replace(',', '.')})"


def source_text(row, names: dict) -> str:
    """'Monitoreringsrapport (Podio) – november 2022': the source and the month its status is from, in one
    cell, so the table keeps its key column whole in a narrow text column. A dash, not a comma: a comma glued
    to the source's last word ('opkvalificeringstilbud,') made it wider than the DOCX column."""
    parts = [names.get(row["source"], "–") if pd.notna(row["source"]) else "–", date_text(row["status_date"])]
    parts = [p for p in parts if p != "–"]
    return " – ".join(parts) or "–"


def _source_names(round_ref) -> dict:
    frame = load_table(round_ref, "kilder")
    return dict(zip(frame["key"], frame["name"]))


def tabel_maalopfyldelse(ctx):
    """Each success criterion: target, status, source and when, share of the target and verdict. Six columns,
    the interval in the status cell and the month beside the source: with a column for each, the final's table
    was 743 px wide in Quarto's 663-px text column at 1280 px and cut its key column (issue 23 item 6)."""
    data = indicators.maalopfyldelse(ctx.data)
    names = _source_names(ctx.data)
    hidden, threshold = disclosure.criterion_statuses(ctx.data), disclosure.min_count(ctx.config)
    with_interval = bool(data["n"].dropna().map(uncertainty.needs_interval).any())
    ended = indicators.period_ended(ctx.data)   # then the status at the end of the period, not an assessment
    rows = []
    for _, r in data.iterrows():
        status = hidden.get(r["criterion_id"], disclosure.SHOWN)
        shown = status == disclosure.SHOWN   # else: a small person count, or a share that would give one back
        rows.append([label(r["criterion_id"]), target_text(r),
                     status_text(r) if shown else disclosure.hidden_text(status, threshold), source_text(r, names),
                     share_text(r) if shown else disclosure.SUPPRESSED,
                     (indicators.end_status(r, shown) if ended else assessment_text(r))])
    # The status cell is wide enough for '47 % (35–59 %),' on one line in Quarto's column at 1280 px.
    columns = [Column("Succeskriterium", 17, "left"), Column("Mål", 10, "left"),
               Column("Status (95 %-interval)" if with_interval else "Status", 18, "left"),
               Column("Kilde og tidspunkt", 18, "left"), Column("Andel af målet", 10),
               Column("Status ved projektets afslutning" if ended else "Evalueringens vurdering", 27, "left")]
    return show(rows, columns)


def tabel_indikatorer(ctx):
    """The nearest indicators for criteria without a status: never the status itself."""
    data = indicators.succeskriterie_maalinger(ctx.data)
    data = data[data["role"] == "indikator"]
    targets = indicators.maalopfyldelse(ctx.data).set_index("criterion_id")
    names = _source_names(ctx.data)
    hidden, threshold = disclosure.measure_statuses(ctx.data), disclosure.min_count(ctx.config)
    rows = []
    for _, m in data.iterrows():
        description = m["description"]
        if m["direction"] == "modsat":
            description += " (en høj andel taler imod målet)"
        interval = uncertainty.interval_text(m["count"], m["n"]) if uncertainty.needs_interval(m["n"]) else ""
        share = f"{danish.percent(m['share'])} ({danish.number(m['count'])} af {danish.number(m['n'])})"
        if hidden[m["measure_id"]] != disclosure.SHOWN:   # neither share, count nor interval gives it back
            share = f"{disclosure.hidden_text(hidden[m['measure_id']], threshold)} af {danish.number(m['n'])}"
            interval = disclosure.SUPPRESSED
        criterion = f"{label(m['criterion_id'])} (mål: {target_text(targets.loc[m['criterion_id']])})"
        rows.append([criterion, description, share, interval, names[m["source"]]])
    return show(rows, [Column("Succeskriterium", 21, "left"), Column("Indikator (ikke en status)", 28, "left"),
                       Column("Andel (antal af n)", 16), Column("95 %-interval", 14), Column("Kilde", 18, "left")])


def figur_maalopfyldelse(ctx):
    """Share of each target reached, for the criteria with a status. Criteria without one are not drawn (a
    hatched 'ikke opgjort' bar would be the dominant mark of a chart about what is known); the table and the
    caption name them."""
    data = indicators.maalopfyldelse(ctx.data)
    data = data[data["reached"].notna()].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.9 + 0.42 * len(data)))
    y = list(range(len(data)))[::-1]
    right = max(1.0, data["reached"].max() if len(data) else 1.0)
    hidden, threshold = disclosure.criterion_statuses(ctx.data), disclosure.min_count(ctx.config)
    for yi, (_, r) in zip(y, data.iterrows()):
        status = hidden.get(r["criterion_id"], disclosure.SHOWN)
        if status != disclosure.SHOWN:   # no bar and no share: either would give a small person count back
            ax.text(1.02 * right, yi, disclosure.hidden_text(status, threshold), va="center", fontsize=8.5)
            continue
        ax.barh(yi, r["reached"], height=0.62, color=PALETTE[0])
        value = (danish.percent(r["status"]) if r["is_share"] else
                 f"{danish.number(r['status'])} af {danish.number(r['target'])} ({danish.percent(r['reached'])})")
        # Labels start right of the target line so they never cross it.
        ax.text(max(r["reached"], 1.0) + 0.02 * right, yi, value, va="center", fontsize=8.5)
    ax.axvline(1.0, color="#222222", linewidth=1.2, linestyle="--")
    ax.text(1.0, len(data) - 0.45, " Mål", ha="left", va="bottom", fontsize=8.5, color="#222222")
    ax.set_yticks(y, [textwrap.fill(label(c), 28) for c in data["criterion_id"]])
    ax.set_xlim(0, right * 1.6)
    ax.set_ylim(-0.6, len(data) - 0.1)
    ax.set_xticks([t / 4 for t in range(0, int(right * 4) + 1)])
    ax.xaxis.set_major_formatter(danish.axis_percent_formatter())
    ax.set_xlabel("Andel af målet, der er nået")
    ax.grid(axis="y", visible=False)
    keys = [k for k in dict.fromkeys(data["source"].dropna())]
    names = _source_names(ctx.data)
    finish(fig, source=textwrap.fill("; ".join(names[k] for k in keys), 115), example_data=ctx.example_data)
    return fig


# --- Fremskrivning af deltagertallet -------------------------------------------------------------------
def _assumption_texts(ctx, result) -> list[tuple[str, str]]:
    """(new matches, ending rate) per scenario as printed, saying which value comes from the data."""
    out = []
    for scenario, p in zip(ctx.config.outlook.scenarios, result["projections"]):
        new = danish.number(p.new_per_year)
        if scenario.new_matches_per_year == REPORTED_MEAN:
            new += " (gns.)"
        rate = danish.percent(p.ending_rate)
        if scenario.ending_rate == IMPLIED:
            rate += " (beregnet)"
        if scenario.ending_rate == LOWER_BOUND:
            rate = danish.percent(p.ending_rate, 1) + " (nedre grænse)"
        out.append((new, rate))
    return out


def tabel_fremskrivning(ctx):
    """The scenarios' assumptions, the projected participants at project end and what reaching the target takes."""
    result = indicators.fremskrivning(ctx.data, ctx.config)
    end = result["end_year"]
    rows = []
    for (new, rate), p in zip(_assumption_texts(ctx, result), result["projections"]):
        gap = result["target"] - p.end
        rows.append([p.label, new, rate, danish.number(p.end), "nået" if gap <= 0 else danish.number(gap),
                     danish.number(p.needed_new_per_year)])
    return show(rows, [Column("Scenarie", 18, "left"), Column("Nye matches pr. år", 14),
                       Column("Ophør pr. år", 15), Column(f"Deltagere ved udgangen af {end}", 13),
                       Column("Mangler til målet", 10),
                       Column("Nye matches pr. år, der skal til for at nå målet", 16)])


LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D"]


def figur_fremskrivning(ctx):
    """Participants per scenario from the latest reported number to project end, with the target line."""
    result = indicators.fremskrivning(ctx.data, ctx.config)
    fig, ax = plt.subplots(figsize=(FIG_WIDTH, 3.6))
    calib = result["calibration"]
    if calib:
        years = list(calib["fitted"])
        ax.plot(years, list(calib["fitted"].values()), color="#777777", linewidth=1.2, linestyle=(0, (2, 2)),
                marker="o", markersize=3, markerfacecolor="white", label="Forløb med det beregnede ophør")
    # Only the numbers counted like the starting point: a count from another source is not plotted as if it
    # were the same series (and no year the data do not hold gets a point).
    stock_years = list(result["comparable_stocks"])
    stock_values = list(result["comparable_stocks"].values())
    ax.scatter(stock_years, stock_values, color="black", zorder=5, s=28, label="Opgjort antal deltagere")
    for year, value in zip(stock_years, stock_values):
        ax.annotate(danish.number(value), (year, value), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8, bbox=LABEL_BOX)
    for i, ((new, rate), p) in enumerate(zip(_assumption_texts(ctx, result), result["projections"])):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(p.years, p.stocks, color=color, linestyle=LINESTYLES[i % 4], marker=MARKERS[i % 4],
                markersize=4, linewidth=1.6,
                label=f"{p.label}: {new} nye/år, {rate} ophør")
        ax.annotate(danish.number(p.end), (p.years[-1], p.end), textcoords="offset points", xytext=(6, 0),
                    va="center", fontsize=8, color=color, bbox=LABEL_BOX)
    ax.axhline(result["target"], color="#222222", linewidth=1.1, linestyle="--")
    first = min(stock_years)
    # At the start year every scenario is at the counted number, so the label there never meets a line.
    ax.text(first + 0.02, result["target"], f"Mål: {danish.number(result['target'])}", va="bottom", ha="left",
            fontsize=8.5)
    ax.set_xticks(range(first, result["end_year"] + 1))
    ax.set_xlim(first - 0.3, result["end_year"] + 0.6)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: str(int(x))))
    ax.yaxis.set_major_formatter(danish.axis_number_formatter())
    ax.set_ylabel("Deltagere")
    low, high = ax.get_ylim()
    ax.set_ylim(low - 0.05 * (high - low), high + 0.08 * (high - low))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=1, fontsize=8)
    # Only the sources of the counts the calculation uses (the comparable series and the new matches).
    frame = load_table(ctx.data, "deltagere_og_matches")
    measure = result["start_measure"]
    used = frame[(frame["measure"] == measure) | (frame["measure"] == "matchede_i_aaret")]
    sources = used["source"].unique()
    names = _source_names(ctx.data)
    finish(fig, source=textwrap.fill("; ".join(names[k] for k in sources) + "; egne beregninger", 115),
           example_data=ctx.example_data)
    return fig
