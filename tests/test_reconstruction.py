"""Reconstructed counts are the ONLY integer vectors that sum to n and round (half-up) to the printed %."""

from __future__ import annotations

import csv

import pytest
import yaml
from conftest import MIDTERM

from vvvanalysis.danish import share_to_percent
from vvvanalysis.data import load_table
from vvvanalysis.data.reconstruct import reconstructions

GT = MIDTERM.parents[1] / "tests" / "ground_truth"


def _printed(key: str) -> int:
    text = yaml.safe_load((GT / "tekst_tal.yaml").read_text(encoding="utf-8"))["tal"][key]
    return int(text.replace("%", "").strip())


def _tabel7_printed() -> list[int]:
    with open(GT / "tabel7.csv", encoding="utf-8") as fh:
        return [int(r["pct"].rstrip("%")) for r in csv.DictReader(fh)][:-1]  # without the Total row


def _svar(question):
    frame = load_table(MIDTERM, "kursusevaluering_svar")
    return frame[frame["question"] == question]


CASES = {
    # name: (frame, printed percents in data order, complete = categories cover all n answers)
    "tabel7": (lambda: load_table(MIDTERM, "tabel7_frivilligkapacitet"), _tabel7_printed, True),
    "fig9": (lambda: _svar("viden"),
             lambda: [_printed(k) for k in ("fig9_hoej_grad", "fig9_nogen_grad", "fig9_mindre_grad", "fig9_slet_ikke")],
             True),
    "fig10": (lambda: _svar("redskaber"),
              lambda: [_printed(k) for k in ("fig10_hoej_grad", "fig10_nogen_grad", "fig10_slet_ikke")], True),
    "fig4": (lambda: load_table(MIDTERM, "kommunesurvey_andet_samarbejde"),
             lambda: [_printed("fig4_ja"), _printed("fig4_nej")], False),
}


@pytest.mark.parametrize("case", CASES)
def test_reconstruction_is_unique(case):
    frame_of, printed_of, complete = CASES[case]
    frame, printed = frame_of(), printed_of()
    n = int(frame["n"].iloc[0])
    assert reconstructions(printed, n, complete) == [tuple(int(c) for c in frame["count"])]


@pytest.mark.parametrize("case", CASES)
def test_counts_recompute_the_printed_percentages(case):
    frame_of, printed_of, _ = CASES[case]
    frame = frame_of()
    recomputed = [int(share_to_percent(c / n)) for c, n in zip(frame["count"], frame["n"])]
    assert recomputed == printed_of()


def test_every_reconstructed_row_is_marked():
    assert load_table(MIDTERM, "tabel7_frivilligkapacitet")["reconstructed"].all()
    assert load_table(MIDTERM, "kommunesurvey_andet_samarbejde")["reconstructed"].all()
    svar = load_table(MIDTERM, "kursusevaluering_svar")
    # 'I mindre grad' = 0 is stated in the text, the rest is reconstructed from percentages
    assert list(svar.loc[~svar["reconstructed"], "answer"]) == ["I mindre grad"]
