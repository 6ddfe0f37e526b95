"""Respondent-level answers -> validated categories per respondent, then counts per declared table part.

Every fault stops at the first cell that shows it, named by file, sheet, row and column: a duplicate
respondent, a code the label sheet does not know, an answer the declaration has no category for, a 0/1
column holding something else, and an answer from a respondent who was never asked the question.
"""

from __future__ import annotations

from dataclasses import dataclass

from vvvanalysis.importer.declaration import Part, Question, Source
from vvvanalysis.importer.raw import RawSheet, check_ids

TICKED, UNTICKED = "1", "0"


@dataclass(frozen=True)
class Answer:
    line: int
    column: str
    value: object        # single/rating: category; multiple: {column: '0'|'1'}; free_text: the text


def collect(sheet: RawSheet, source: Source, labels: dict[str, dict[str, str]]) -> dict[str, dict[str, Answer]]:
    """{question: {respondent id: Answer}} for every declared question."""
    sheet.require_columns([source.id_column], "respondent-id")
    for q in source.questions.values():
        sheet.require_columns(q.columns, f"'{q.name}'")
    ids = check_ids(sheet, source.id_column)
    answers = {q.name: _answers(sheet, q, ids, labels) for q in source.questions.values()}
    for q in source.questions.values():
        _check_universe(sheet, q, answers)
    return answers


def _answers(sheet: RawSheet, q: Question, ids: list[str], labels) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for rid, (line, cells) in zip(ids, sheet.rows):
        if q.kind == "multiple":
            ticks = {c: cells[c] for c in q.columns}
            filled = [c for c, v in ticks.items() if v != ""]
            for c in filled:
                if ticks[c] not in (TICKED, UNTICKED):
                    sheet.fail(f"'{ticks[c]}' in a multiple-choice column", row=line, column=c,
                               expected="1 (ticked), 0 (not ticked) or empty (not answered)",
                               hint="export multiple choice as one 0/1 column per option")
            if filled and len(filled) != len(q.columns):
                missing = next(c for c in q.columns if c not in filled)
                sheet.fail("the multiple-choice answer is partly empty", row=line, column=missing,
                           expected=f"all of {', '.join(q.columns)} filled (0/1) or all empty",
                           hint="export empty options as 0, or check that the columns belong to one question")
            if filled:
                out[rid] = Answer(line, q.columns[0], ticks)
            continue
        column = q.columns[0]
        value = cells[column]
        if value == "":
            continue
        if q.kind == "free_text":
            out[rid] = Answer(line, column, value)
            continue
        key = value
        if column in labels:
            if value not in labels[column]:
                sheet.fail(f"unknown code '{value}'", row=line, column=column,
                           expected="one of the codes in the value labels: " + ", ".join(labels[column]),
                           hint="export the value labels again with the data, or correct the answer")
            key = labels[column][value]
        if key not in q.codes:
            sheet.fail(f"unknown answer '{key}'" if key == value else f"unknown answer '{key}' (code {value})",
                       row=line, column=column, expected=f"one of: {', '.join(q.codes)}",
                       hint=f"add the answer to 'codes:' of '{q.name}' in import.yml, or correct the export")
        out[rid] = Answer(line, column, q.codes[key])
    return out


def _check_universe(sheet: RawSheet, q: Question, answers) -> None:
    if q.universe.question is None:
        return
    filt = answers[q.universe.question]
    for rid, answer in answers[q.name].items():
        asked = rid in filt and filt[rid].value in q.universe.answers
        if not asked:
            given = f"'{filt[rid].value}'" if rid in filt else "no answer"
            sheet.fail(f"respondent '{rid}' answered '{q.name}' but was not asked it ({given} to "
                       f"'{q.universe.question}')", row=answer.line, column=answer.column,
                       expected=f"answers only from {q.universe.describe()}",
                       hint="check the survey's filter (skip logic) and the 'universe:' of the question in import.yml")


def rows(part: Part, q: Question, answered: dict[str, Answer]) -> list[dict[str, str]]:
    """The rows one part contributes to its table, as cell texts keyed by output column."""
    n = len(answered)
    if q.kind == "multiple":
        counts = {opt: {value: sum(a.value[col] == value for a in answered.values())
                        for value in (TICKED, UNTICKED)} for col, opt in zip(q.columns, q.options)}
    else:
        counts = {cat: {TICKED: sum(a.value == cat for a in answered.values())} for cat in q.categories}
    out = []
    for cat in q.categories:
        if part.only is not None and cat not in part.only:
            continue
        if part.drop_zero and counts[cat][TICKED] == 0:
            continue
        row = dict(part.values)
        row.update(part.row_values.get(cat, {}))
        row[part.category] = cat
        if part.count:
            row[part.count] = str(counts[cat][TICKED])
        for column, value in part.count_values.items():
            row[column] = str(counts[cat][value])
        if part.n:
            row[part.n] = str(n)
        out.append(row)
    return out
