"""The concordance in Bilag A (sec-rettelser) lists every figure and table of the first edition (the memo) in
the memo's order and points each at the element of this edition that shows the same thing.

Ground truth is the memo text itself: its captions, in order. Fig. 3 and Fig. 5 became sentences (their
distributions are not in the data, and a table of the lone negative rating would mislead); the concordance
says so, and the test accepts exactly that."""

from __future__ import annotations

import re

from conftest import MEMO, ROOT

APPENDIX = ROOT / "report" / "midterm" / "a-rettelser.qmd"
CHAPTERS = sorted((ROOT / "report" / "midterm").glob("*.qmd"))
CAPTION = re.compile(r"^\s*(Fig\.|Figur|Tabel)\s*(\d+)[.:]?\s*(.*)$")


def kind(word: str) -> str:
    return "Tabel" if word.startswith("Tabel") else "Fig"


def memo_captions() -> list[tuple[tuple[str, int], str]]:
    """((kind, number), caption text) for each figure/table caption of the memo, in the memo's order. A caption
    that is only the number ('Tabel 6.') takes its text from the next non-empty line, as the memo prints it."""
    lines = MEMO.read_text(encoding="utf-8").splitlines()
    found = []
    for i, line in enumerate(lines):
        m = CAPTION.match(line)
        if not m:
            continue
        text = m.group(3).strip() or next(t.strip() for t in lines[i + 1:] if t.strip())
        found.append(((kind(m.group(1)), int(m.group(2))), text))
    return found


def concordance() -> list[tuple[tuple[str, int], str]]:
    """((kind, number), 'this edition' cell) for the figure/table rows of tbl-konkordans, in table order."""
    block = re.search(r"::: \{#tbl-konkordans\}\n(.*?)\n:::", APPENDIX.read_text(encoding="utf-8"), re.S).group(1)
    rows = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"(Fig\.|Figur|Tabel)\s*(\d+)", cells[0]) if len(cells) == 2 else None
        if m:
            rows.append(((kind(m.group(1)), int(m.group(2))), cells[1]))
    return rows


def edition_captions() -> dict[str, str]:
    """Caption text of every fig-/tbl- div in the midterm chapters, by label."""
    captions = {}
    for chapter in CHAPTERS:
        for label, body in re.findall(r"::: \{#((?:fig|tbl)-[^}]+)\}\n(.*?)\n:::", chapter.read_text("utf-8"), re.S):
            captions[label] = re.sub(r"\{\{<[^>]*>\}\}", " ", body)
    return captions


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zæøå]+", text.lower()) if len(w) >= 5}


def test_memo_has_the_figures_and_tables_the_test_expects():
    numbers = [n for n, _ in memo_captions()]
    assert [n for _, n in numbers] == list(range(1, 12)), numbers


def test_concordance_lists_every_memo_figure_and_table_in_the_memos_order():
    assert [n for n, _ in concordance()] == [n for n, _ in memo_captions()]


def test_each_memo_figure_and_table_maps_to_the_element_with_the_same_content():
    """The mapped element's caption shares more words with the memo caption than any other element's does
    (a swapped or stale row fails); a memo figure that is no longer shown says so and points at its text."""
    captions = edition_captions()
    memo = dict(memo_captions())
    for number, cell in concordance():
        refs = re.findall(r"@((?:fig|tbl|sec)-[\w-]+)", cell)
        assert len(refs) == 1, (number, cell)
        label = refs[0]
        if label.startswith("sec-"):
            assert cell.startswith("udgår"), f"{number} points at a section without saying the figure is gone"
            assert number in {("Fig", 3), ("Fig", 5)}
            continue
        assert label in captions, f"{number} points at {label}, which no chapter defines"
        score = {other: len(words(memo[number]) & words(text)) for other, text in captions.items()}
        assert score[label] >= 2 and score[label] == max(score.values()), (number, label, sorted(
            score.items(), key=lambda kv: -kv[1])[:3])
        if number[0] == "Tabel":
            assert label.startswith("tbl-"), f"memo {number} is a table; {label} is not"


def test_every_memo_figure_and_table_in_chapter_6_states_its_n():
    captions = edition_captions()
    chapter6 = (ROOT / "report" / "midterm" / "06-status-programniveau.qmd").read_text(encoding="utf-8")
    for number, cell in concordance():
        label = re.findall(r"@((?:fig|tbl|sec)-[\w-]+)", cell)[0]
        if label in captions and f"{{#{label}}}" in chapter6:
            assert re.search(r"n = |n ikke oplyst|besvarelser|deltagere", captions[label]), (number, label)


def test_rendered_concordance_gives_this_editions_numbers_in_order(rendered_midterm):
    """In the published HTML each row resolves to this edition's number (not '??' or a raw @-reference),
    that number is the one the element itself carries, and each kind keeps the memo's relative order."""
    html = (rendered_midterm / "output" / "midterm" / "vvv-midterm.html").read_text(encoding="utf-8")
    html = html.replace("\xa0", " ")
    table = re.search(r'<table id="tbl-konkordans">(.*?)</table>', html, re.S).group(1)
    cells = re.findall(r"<tr>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>\s*</tr>", table, re.S)
    resolved = {}
    for first, this in cells:
        m = re.fullmatch(r"(Fig\.|Figur|Tabel)\s*(\d+)", first.strip())
        if not m:
            continue
        link = re.search(r'<a href="#((?:fig|tbl|sec)-[\w-]+)">([^<]+)</a>', this)
        assert link, (first, this)
        resolved[(kind(m.group(1)), int(m.group(2)))] = (link.group(1), link.group(2).strip())
    assert list(resolved) == [n for n, _ in memo_captions()]
    seen: dict[str, list[tuple[int, ...]]] = {}
    for number, (label, text) in resolved.items():
        if label.startswith("sec-"):
            continue
        m = re.fullmatch(r"(Figur|Tabel) (\d+)\.(\d+)", text)
        assert m, (number, text)
        caption = re.search(rf'id="{label}".*?<(?:figcaption|caption)[^>]*>\s*(?:<[^>]+>)*\s*([^:<]+):', html, re.S)
        assert caption and caption.group(1).strip() == text, (number, label, text, caption and caption.group(1))
        seen.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3))))
    for numbers in seen.values():
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), seen
