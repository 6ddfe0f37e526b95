"""Disclosure control: person counts under round.yml's disclosure.min_count print as 'under N' in text,
tables and figure labels, their shares are suppressed with them, and counts of kommuner stay exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from vvvanalysis import danish  # noqa: E402
from vvvanalysis.config import load_config  # noqa: E402
from vvvanalysis.data.tables import TABLES  # noqa: E402
from vvvanalysis.disclosure import COUNTS, PERSONS, SUPPRESSED, Disclosure, min_count  # noqa: E402
from vvvanalysis.errors import ConfigError  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("count, threshold, text", [
    (2, 3, "under 3"), (1, 3, "under 3"), (3, 3, "3"), (0, 3, "0"), (2, None, "2"), (1234, 5, "1.234"),
    (4, 5, "under 5"),
])
def test_count_or_under(count, threshold, text):
    assert danish.count_or_under(count, threshold) == text


def test_every_table_declares_what_it_counts():
    assert set(COUNTS) == set(TABLES)
    assert {t for t, unit in COUNTS.items() if unit == PERSONS} >= {"kursusevaluering_svar",
                                                                     "kursusevaluering_workshop",
                                                                     "frivilligleder_status"}
    assert all(COUNTS[t] == "kommuner" for t in TABLES if t.startswith("kommunesurvey_"))


def _round(tmp_path: Path, block: str | None) -> Path:
    folder = tmp_path / "data" / "final"
    shutil.copytree(ROOT / "data" / "final", folder, ignore=shutil.ignore_patterns("raw"), dirs_exist_ok=True)
    shutil.copytree(ROOT / "data" / "midterm", tmp_path / "data" / "midterm", ignore=shutil.ignore_patterns("raw"), dirs_exist_ok=True)
    text = (folder / "round.yml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("disclosure:", "  min_count:")))
    (folder / "round.yml").write_text(text + "\n" + (block or ""), encoding="utf-8")
    return folder


@pytest.fixture
def final_with(tmp_path, monkeypatch):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))

    def make(threshold: int | None):
        return _round(tmp_path, None if threshold is None else f"disclosure:\n  min_count: {threshold}\n")
    return make


@pytest.mark.parametrize("block", ["disclosure: 3\n", "disclosure:\n  min_count: 1\n",
                                   "disclosure:\n  min_count: drei\n", "disclosure:\n  minimum: 3\n"])
def test_a_wrong_disclosure_block_is_a_config_error(tmp_path, monkeypatch, block):
    monkeypatch.setenv("VVV_ROOT", str(tmp_path))
    _round(tmp_path, block)
    with pytest.raises(ConfigError) as info:
        min_count(load_config("final"))
    assert "round.yml" in info.value.render() and "disclosure" in info.value.render()


def test_kommune_counts_are_exempt(final_with):
    final_with(3)
    cfg = load_config("final")
    assert Disclosure(cfg, "kommunesurvey_vurdering_samarbejde").count(1) == "1"
    assert Disclosure(cfg, "kursusevaluering_svar").count(1) == "under 3"


def _figure_texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_figure_labels_and_bars_hide_small_counts(final_with):
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.kurser import fig_viden

    final_with(None)
    plain = _figure_texts(fig_viden(setup("final")))
    assert "2\u00a0% (1)" in plain                     # viden 'Slet ikke': 1 of 48
    final_with(3)
    fig = fig_viden(setup("final"))
    labels = _figure_texts(fig)
    assert labels.count("under 3") == 2                # 'I mindre grad' (2) and 'Slet ikke' (1)
    assert not any(l.endswith(("(1)", "(2)")) for l in labels)
    assert "56\u00a0% (27)" in labels                  # 27 of 48 is shown as before
    widths = sorted(round(p.get_width(), 4) for p in fig.axes[0].patches)
    assert widths[:2] == [0.0, 0.0]                    # no bar gives the hidden share back


def test_text_values_hide_small_counts_and_their_shares(final_with):
    from vvvanalysis.keyfigures import ch06_3_frivillige, ch06_4_kurser

    final_with(None)
    assert ch06_4_kurser.values("final")["fig9_slet_ikke_pct"] == "2\u00a0pct."
    final_with(3)
    values = ch06_4_kurser.values("final")
    assert values["fig9_slet_ikke_pct"] == "under 3"
    assert values["fig9_hoej_pct"] == "56\u00a0pct."
    final_with(10)                                     # 9 leaders miss refugees to match: under 10
    values = ch06_3_frivillige.values("final")
    assert values["friv_rk_mangler_flygtninge"] == "under 10"
    assert values["friv_rk_mangler_flygtninge_pct"] == "under 10"
    assert values["friv_rk_mangel"] == "31" and values["friv_rk_n"] == "64"
    assert values["tabel7_for_faa_antal"] == "12"      # kommuner: never suppressed


def test_table_cells_hide_small_person_counts(final_with):
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.kurser import tabel_kurser
    from vvvanalysis.data import load_table

    folder = final_with(None)
    smallest = int(load_table(folder, "tabel8_kurser")["participants"].min())
    final_with(smallest + 1)
    table = tabel_kurser(setup("final"))
    text = table.data if hasattr(table, "data") else str(table)
    assert f"under {smallest + 1}" in text


def test_suppressed_share_is_a_dash_in_tables(final_with):
    final_with(3)
    rule = Disclosure(load_config("final"), "kursusevaluering_svar")
    assert rule.share(2, "4\u00a0%") == SUPPRESSED and rule.share(3, "6\u00a0%") == "6\u00a0%"


def test_comparison_table_and_figure_hide_small_person_counts(final_with):
    from vvvanalysis import comparison
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.udvikling import figur_andele, tabel_andele

    assert {key for key, _q, _f in comparison.SHARES} == set(comparison.SHARE_TABLES)
    final_with(None)
    plain = tabel_andele(setup("final")).data.replace("\\", "")   # markdown escapes
    assert "4\u00a0% (2/48)" in plain
    final_with(3)
    text = tabel_andele(setup("final")).data.replace("\\", "")
    assert "4\u00a0% (2/48)" not in text and "under 3/48" in text
    row = next(line for line in text.splitlines() if "under 3/48" in line)
    assert row.count(SUPPRESSED) == 2                   # change and interval
    assert "56\u00a0% (27/48)" in text                  # large counts as before
    assert "(1/29)" in text or "/29)" in text           # kommune counts (tabel 11) stay exact
    from matplotlib.collections import PathCollection
    import numpy as np

    fig = figur_andele(setup("final"))
    points = next(c for c in fig.axes[0].collections if isinstance(c, PathCollection)).get_offsets()
    shown = int(np.isfinite(np.asarray(points, dtype=float)[:, 0]).sum())
    shares = comparison.shares("final")
    hidden = int(((shares["key"].str.startswith("kursus")) & (shares["current_count"] < 3)).sum())
    assert hidden == 3 and shown == len(shares) - hidden   # no point for a share that gives a small count back


# --- complementary suppression: a hidden count must not come back by subtraction from a printed total -------

def _attacker(printed: list[str], total: int, threshold: int) -> list[set[int]]:
    """What a reader who knows the rule can work out: for each cell the values consistent with what is printed
    (numbers as they are, 'under m' = 1..m-1, '–' = a withheld cell, at least m) and the total. Written
    independently of vvvanalysis.disclosure: brute force over every combination."""
    import itertools

    ranges = []
    for cell in printed:
        if cell == f"under {threshold}":
            ranges.append(range(1, threshold))
        elif cell == SUPPRESSED:
            ranges.append(range(threshold, total + 1))
        else:
            ranges.append(range(int(cell), int(cell) + 1))
    possible = [set() for _ in printed]
    for combo in itertools.product(*ranges):
        if sum(combo) == total:
            for i, value in enumerate(combo):
                possible[i].add(value)
    return possible


def _printed(counts, statuses, threshold):
    from vvvanalysis.disclosure import UNDER, WITHHELD

    return [f"under {threshold}" if s == UNDER else SUPPRESSED if s == WITHHELD else str(c)
            for c, s in zip(counts, statuses)]


def test_naive_suppression_leaks_and_complementary_suppression_does_not():
    """Fig. 10 of the final example: 15, 27, 4 and 2 of 48. Hiding only the 2 leaves it as 48 − 15 − 27 − 4."""
    from vvvanalysis.disclosure import complementary

    counts, n, m = [15, 27, 4, 2], 48, 3
    naive = [str(c) if c >= m else f"under {m}" for c in counts]
    assert _attacker(naive, n, m)[3] == {2}                       # the naive rule gives the 2 back
    statuses, total_hidden = complementary(counts, m)
    assert statuses == ["shown", "shown", "withheld", "under"] and not total_hidden   # the next-smallest goes too
    assert len(_attacker(_printed(counts, statuses, m), n, m)[3]) >= 2   # now 1 or 2: not recoverable


def test_complementary_suppression_never_leaks_a_small_count():
    """Every margin of up to four cells (0..12 persons each) and thresholds 3 and 5: after the rule, no small
    count is pinned down by the total, and no cell is hidden without need."""
    import itertools

    from vvvanalysis.disclosure import complementary

    checked = 0
    for m in (3, 5):
        for size in (2, 3, 4):
            for counts in itertools.product(range(0, 13), repeat=size):
                statuses, total_hidden = complementary(list(counts), m)
                if total_hidden or "under" not in statuses:
                    continue
                possible = _attacker(_printed(counts, statuses, m), sum(counts), m)
                for c, s, values in zip(counts, statuses, possible):
                    assert c in values
                    if s == "under":
                        assert len(values) >= 2, (counts, m, statuses)
                checked += 1
    assert checked > 10_000
    assert complementary([27, 18, 2, 1], 3) == (["shown", "shown", "under", "under"], False)   # 1 or 2 each
    assert complementary([1, 1], 3)[1] is True     # both hidden and still 1 each: the total must go too
    assert complementary([5, 9], None) == (["shown", "shown"], False)


def test_fig10_withholds_the_next_smallest_answer(final_with):
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.kurser import fig_redskaber

    final_with(3)
    fig = fig_redskaber(setup("final"))
    labels = _figure_texts(fig)
    assert labels.count("under 3") == 1 and labels.count(SUPPRESSED) == 1          # 2 hidden, 4 withheld
    assert not any(l.endswith(("(2)", "(4)")) for l in labels)
    assert "31\u00a0% (15)" in labels and "56\u00a0% (27)" in labels
    widths = sorted(round(p.get_width(), 4) for p in fig.axes[0].patches)
    assert widths[:2] == [0.0, 0.0]
    printed = [l.split("(")[-1].rstrip(")") if "(" in l else l for l in labels]
    assert all(len(v) >= 2 for v, l in zip(_attacker(printed[::-1], 48, 3), labels[::-1]) if l == "under 3")


def test_tabel8_total_cannot_give_a_hidden_course_back(final_with):
    from vvvanalysis.data import load_table
    from vvvanalysis.keyfigures import ch06_4_kurser
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.kurser import tabel_kurser

    folder = final_with(None)
    participants = list(load_table(folder, "tabel8_kurser")["participants"])
    m = min(participants) + 1                      # exactly one course is small: naive hiding would leak it
    final_with(m)
    text = tabel_kurser(setup("final")).data
    cells = [line.split("|")[3].strip() for line in text.splitlines()
             if line.startswith("|") and line.count("|") >= 5][2:]   # skip header and rule
    course_cells, total_cell = cells[:-1], cells[-1]
    assert total_cell == danish.number(sum(participants))          # 'I alt' stays
    assert course_cells.count(f"under {m}") == 1 and course_cells.count(SUPPRESSED) == 1
    possible = _attacker(course_cells, sum(participants), m)
    assert all(len(v) >= 2 for v, c in zip(possible, course_cells) if c == f"under {m}")
    assert ch06_4_kurser.values("final")["kursus_deltagere"] == danish.number(sum(participants))


def test_a_sum_of_answers_holds_all_or_none_of_the_hidden_cells(final_with):
    """The goal chapter adds answers ('I høj grad' + 'I nogen grad'): such a sum is printed only if it holds
    none or all of the margin's hidden cells, else it gives one back."""
    import pandas as pd

    from vvvanalysis.disclosure import sum_status

    final_with(3)
    rule = Disclosure(load_config("final"), "kursusevaluering_svar")
    frame = pd.DataFrame({"question": ["redskaber"] * 4, "answer": ["I høj grad", "I nogen grad", "I mindre grad",
                                                                     "Slet ikke"], "count": [15, 27, 4, 2]})
    assert sum_status(rule, frame, ["I høj grad", "I nogen grad"], "answer") == "shown"      # 42: none hidden
    assert sum_status(rule, frame, ["I mindre grad", "Slet ikke"], "answer") == "shown"      # 6 = 48 − 42 anyway
    assert sum_status(rule, frame, ["I høj grad", "Slet ikke"], "answer") == "withheld"      # 17 − 15 = 2
    small = frame.assign(count=[40, 6, 1, 1])
    assert sum_status(rule, small, ["I mindre grad", "Slet ikke"], "answer") == "under"      # 2 persons


def test_the_goal_chapter_hides_a_small_indicator(final_with):
    """An indicator of the goal chapter whose count is small: neither count, share nor interval printed."""
    from vvvanalysis.keyfigures import maalopfyldelse
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs.maalopfyldelse import tabel_indikatorer

    folder = final_with(None)
    path = folder / "succeskriterier_indikatorer.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("redskaber,I høj grad|I nogen grad",
                                                             "redskaber,I høj grad|Slet ikke"), encoding="utf-8")
    plain = maalopfyldelse.values("final")
    assert plain["mo_fig10_redskaber_antal"] == "17"
    final_with(3)
    path.write_text(path.read_text(encoding="utf-8").replace("redskaber,I høj grad|I nogen grad",
                                                             "redskaber,I høj grad|Slet ikke"), encoding="utf-8")
    values = maalopfyldelse.values("final")
    assert values["mo_fig10_redskaber_antal"] == values["mo_fig10_redskaber_andel"] == "ikke vist"
    assert values["mo_fig10_redskaber_interval"] == "ikke vist"
    assert values["mo_fig9_viden_antal"] == "45"                                # holds no hidden cell
    text = tabel_indikatorer(setup("final")).data
    assert "(17 af 48)" not in text and f"{SUPPRESSED} af 48" in text


# --- the rendered report: no person count below min_count, nor one withheld to protect it, in any format -----

def _rendered_texts(project: Path) -> dict[str, str]:
    """The visible text of the final round's HTML (with the text of its SVG figures), PDF and DOCX, with
    whitespace (also no-break spaces) folded to single spaces."""
    import base64
    import html as htmllib
    import re
    import subprocess
    import zipfile

    out = project / "output" / "final"

    def fold(text: str) -> str:
        return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())

    page = (out / "vvv-final.html").read_text(encoding="utf-8")
    figures = []
    for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page):
        svg = base64.b64decode(data).decode("utf-8")
        figures += [htmllib.unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"(?s)<text\b.*?</text>", svg)]
    markup = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    body = htmllib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"data:[^\"')]+", "", markup)))
    pdf = subprocess.run(["pdftotext", str(out / "vvv-final.pdf"), "-"], capture_output=True, text=True, check=True)
    with zipfile.ZipFile(out / "vvv-final.docx") as docx:
        xml = " ".join(docx.read(n).decode("utf-8") for n in docx.namelist()
                       if n.startswith("word/") and n.endswith(".xml"))
    return {"html": fold(body + " | " + " | ".join(figures)), "html figures": fold(" | ".join(figures)),
            "pdf": fold(pdf.stdout), "docx": fold(htmllib.unescape(re.sub(r"<[^>]+>", " ", xml)))}


def _hidden_person_cells() -> list[tuple[str, int, int]]:
    """(table, count, n) of every person count the final round must not print: below min_count, or withheld to
    protect one (decided by the rule, so the test follows the data)."""
    from vvvanalysis.data import load_table

    cfg = load_config("final")
    cells = []
    for table, unit in COUNTS.items():
        if unit != PERSONS:
            continue
        frame = load_table("final", table).reset_index(drop=True)
        rule = Disclosure(cfg, table)
        count = "participants" if table == "tabel8_kurser" else "count"
        statuses = rule.statuses(frame, count)
        hidden = [(int(frame.at[i, count]), i) for i, s in enumerate(statuses) if s != "shown"]
        if hidden and "n" not in frame.columns:   # a count without n would need its row's context to be found
            raise AssertionError(f"{table}: hidden counts without n; extend this test to find them in their rows")
        cells += [(table, c, int(frame.at[i, "n"])) for c, i in hidden]
    return cells


def test_no_small_person_count_in_the_rendered_final_report(rendered_final):
    import re

    cells = _hidden_person_cells()
    assert {c for _t, c, _n in cells} >= {1, 2, 4}          # Fig. 9 (2, 1) and Fig. 10 (2, and 4 withheld)
    texts = _rendered_texts(rendered_final)
    assert "56 % (27)" in texts["html figures"]              # the figures' own text is searched (27 of 48 shown)
    assert "56 % (27)" in texts["pdf"]
    for fmt, text in texts.items():
        if fmt != "html figures":
            assert "under 3" in text, fmt                     # the rule was applied in this format
    for table, count, n in cells:
        share = danish.percent(count / n).replace("\u00a0", " ")
        patterns = [re.escape(f"{share} ({count})"),                       # a figure label: '4 % (2)'
                    rf"(?<![\d.,]){count}/{n}(?!\d)",                      # the comparison table: '2/48'
                    rf"(?<![\d.,]){count} (?:ud )?af {n}(?!\d)"]           # running text: '2 af 48'
        for fmt, text in texts.items():
            for pattern in patterns:
                found = re.search(pattern, text)
                assert not found, (fmt, table, count, n, text[max(found.start() - 80, 0):found.end() + 40])
