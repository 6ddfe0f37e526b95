"""data/<round>/import.yml: which raw export holds which questions, and which round table each produces.

The declaration is checked completely before a raw file is opened, so a typo in import.yml is reported as
such (with its line) and never as a fault of the export. The format is documented in docs/import.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vvvanalysis.data.tables import TABLES
from vvvanalysis.errors import ConfigError
from vvvanalysis.importer.raw import RawExport, code_text, need
from vvvanalysis.importer.records import RecordSource
from vvvanalysis.importer.records import parse_source as parse_records_source

KINDS = ("single", "rating", "multiple", "free_text")
SOURCE_KINDS = ("survey", "records")
FILE_TYPES = (".xlsx", ".csv")
DECLARATION = "import.yml"


@dataclass(frozen=True)
class Universe:
    """Who was asked: everyone, or the respondents whose answer to `question` is one of `answers`."""
    question: str | None = None
    answers: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.question is None:
            return "every respondent"
        return f"respondents who answered {' or '.join(self.answers)} to '{self.question}'"


@dataclass(frozen=True)
class Question:
    name: str
    kind: str
    columns: tuple[str, ...]                # single/rating/free_text: one column; multiple: one 0/1 column per option
    options: tuple[str, ...] = ()           # multiple: the category of each column, in order
    codes: dict[str, str] = field(default_factory=dict)  # single/rating: raw value (or label) -> category
    universe: Universe = Universe()

    @property
    def categories(self) -> tuple[str, ...]:
        if self.kind == "multiple":
            return self.options
        return tuple(dict.fromkeys(self.codes.values()))


@dataclass(frozen=True)
class Part:
    """One block of rows of an output table: one question's categories plus fixed cells."""
    question: str
    category: str                           # output column that holds the category
    count: str | None                       # output column of the count (multiple: respondents who ticked)
    n: str | None                           # output column of n (respondents in the universe who answered)
    values: dict[str, str]                  # fixed cells for every row of the part
    row_values: dict[str, dict[str, str]]   # fixed cells for one category's row
    only: tuple[str, ...] | None            # emit only these categories (the rest is counted in n)
    drop_zero: bool                         # leave out categories nobody chose
    count_values: dict[str, str]            # multiple: output column -> cell value counted (tabel11: ja=1, nej=0)


@dataclass(frozen=True)
class Source(RawExport):
    questions: dict[str, Question]
    tables: dict[str, tuple[Part, ...]]
    quotes: "QuoteSpec | None" = None
    kind: str = "survey"     # a respondent-level survey; monitoring extracts are importer.records.RecordSource


@dataclass(frozen=True)
class QuoteSpec:
    """Free-text answers offered as quotes: only those the evaluator approves in the review file are used."""
    question: str
    role: str
    section: str


@dataclass(frozen=True)
class Declaration:
    path: Path
    sha256: str
    sources: dict[str, "Source | RecordSource"]

    def tables(self) -> dict[str, tuple[Source, tuple[Part, ...]]]:
        return {t: (s, parts) for s in self.sources.values() for t, parts in s.tables.items()}


def load_declaration(path: Path) -> Declaration:
    raw_bytes = path.read_bytes()
    try:
        data = yaml.safe_load(raw_bytes.decode("utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"the import declaration cannot be read: {getattr(exc, 'problem', exc)}", file=path,
                          row=mark.line + 1 if mark else None, expected="valid UTF-8 YAML",
                          hint="check indentation and quote text containing ':' or '#'") from None
    except ValueError as exc:   # YAML reads 2022-05-32 as a date and fails on it
        raise ConfigError(f"the import declaration holds an impossible date ({exc})", file=path,
                          expected="real dates written YYYY-MM-DD", hint="correct the date") from None
    need(isinstance(data, dict) and isinstance(data.get("sources"), dict), path, "sources",
          "a mapping 'sources:' with one entry per raw export", "start the file with 'sources:' (see docs/import.md)")
    sources = {name: _source(path, name, spec) for name, spec in data["sources"].items()}
    produced: dict[str, str] = {}
    for source in sources.values():
        for table in source.tables:
            need(table not in produced, path, f"sources.{source.name}.tables.{table}",
                  f"each table produced by one source (also by '{produced.get(table)}')",
                  "declare the table under one source only")
            produced[table] = source.name
    return Declaration(path, hashlib.sha256(raw_bytes).hexdigest(), sources)


def _source(path, name, spec) -> Source:
    where = f"sources.{name}"
    need(isinstance(spec, dict), path, where, "a mapping with file, id, questions and tables", "see docs/import.md")
    file = spec.get("file")
    need(isinstance(file, str) and Path(file).suffix.lower() in FILE_TYPES and "/" not in file, path,
          f"{where}.file", "a file name ending in .xlsx or .csv, in the round's raw folder", "write e.g. file: survey.xlsx")
    need(isinstance(spec.get("id"), str), path, f"{where}.id", "the column holding the respondent (or record) id",
          "write e.g. id: respondent_id")
    need(spec.get("kind", "survey") in SOURCE_KINDS, path, f"{where}.kind", "one of " + ", ".join(SOURCE_KINDS),
          "write kind: records for a monitoring extract, or leave kind out for a survey")
    if spec.get("kind") == "records":   # one row per record (Podio): counted per group, see importer/records.py
        return parse_records_source(path, name, spec)
    unknown = sorted(set(spec) - {"file", "sheet", "id", "labels_sheet", "labels_file", "questions", "tables",
                                  "quotes", "description", "kind"})
    need(not unknown, path, f"{where}.{unknown[0] if unknown else ''}",
          "only kind, file, sheet, id, labels_sheet, labels_file, questions, tables, quotes, description",
          "remove the key or correct its spelling")
    need(isinstance(spec.get("questions"), dict) and spec["questions"], path, f"{where}.questions",
          "a mapping of question names to their columns", "see docs/import.md")
    questions = {q: _question(path, f"{where}.questions.{q}", q, qs) for q, qs in spec["questions"].items()}
    for q in questions.values():
        if q.universe.question is not None:
            filt = questions.get(q.universe.question)
            need(filt is not None and filt.kind in ("single", "rating"), path, f"{where}.questions.{q.name}.universe",
                  "a single-choice question of the same source", "name a question declared above")
            bad = [a for a in q.universe.answers if a not in filt.categories]
            need(not bad, path, f"{where}.questions.{q.name}.universe",
                  f"categories of '{filt.name}': {', '.join(filt.categories)}", "correct the category")
    need(isinstance(spec.get("tables"), dict), path, f"{where}.tables", "a mapping of round tables to their parts",
          "see docs/import.md")
    tables = {t: _parts(path, f"{where}.tables.{t}", t, ps, questions) for t, ps in spec["tables"].items()}
    quotes = None
    if "quotes" in spec:
        qs = spec["quotes"]
        need(isinstance(qs, dict) and qs.get("question") in questions
              and questions[qs["question"]].kind == "free_text" and isinstance(qs.get("role"), str)
              and isinstance(qs.get("section"), str), path, f"{where}.quotes",
              "question (a free_text question), role and section", "see docs/import.md")
        quotes = QuoteSpec(qs["question"], qs["role"], str(qs["section"]))
    return Source(name, file, spec.get("sheet"), spec["id"], spec.get("labels_sheet"), spec.get("labels_file"),
                  questions, tables, quotes)


def _question(path, where, name, spec) -> Question:
    need(isinstance(spec, dict) and spec.get("kind") in KINDS, path, f"{where}.kind", "one of " + ", ".join(KINDS),
          "write e.g. kind: single")
    kind = spec["kind"]
    universe = Universe()
    if "universe" in spec:
        u = spec["universe"]
        need(isinstance(u, dict) and isinstance(u.get("question"), str) and isinstance(u.get("answers"), list),
              path, f"{where}.universe", "universe: {question: <name>, answers: [<category>, …]}",
              "name the filter question and the answers that led to this question")
        universe = Universe(u["question"], tuple(code_text(a) for a in u["answers"]))
    if kind == "multiple":
        options = spec.get("columns")
        need(isinstance(options, dict) and options, path, f"{where}.columns",
              "a mapping of 0/1 columns to the category each stands for", "write e.g. columns: {Q3_1: Jobcenter}")
        return Question(name, kind, tuple(str(c) for c in options), tuple(code_text(v) for v in options.values()),
                        universe=universe)
    need(isinstance(spec.get("column"), str), path, f"{where}.column", "the column holding the answer",
          "write e.g. column: Q1")
    codes = {}
    if kind != "free_text":
        need(isinstance(spec.get("codes"), dict) and spec["codes"], path, f"{where}.codes",
              "a mapping of raw value (or label) to category", "write e.g. codes: {1: Ja, 2: Nej}")
        codes = {code_text(k): code_text(v) for k, v in spec["codes"].items()}
    return Question(name, kind, (spec["column"],), codes=codes, universe=universe)


def _parts(path, where, table, spec, questions) -> tuple[Part, ...]:
    need(table in TABLES, path, where, "a table of the round (" + ", ".join(TABLES) + ")", "correct the table name")
    items = spec if isinstance(spec, list) else [spec]
    schema_columns = [c.name for c in TABLES[table].columns]
    parts = []
    for i, item in enumerate(items, start=1):
        at = f"{where}[{i}]" if isinstance(spec, list) else where
        need(isinstance(item, dict) and item.get("question") in questions, path, f"{at}.question",
              "a question declared under questions", "name a question of this source")
        q = questions[item["question"]]
        need(q.kind != "free_text", path, f"{at}.question", "a single, rating or multiple question",
              "free text becomes quotes through 'quotes:', never a table")
        count_values = {str(k): code_text(v) for k, v in (item.get("count_values") or {}).items()}
        need(not count_values or q.kind == "multiple", path, f"{at}.count_values", "count_values only for a multiple question",
              "remove count_values")
        need(set(count_values.values()) <= {"0", "1"}, path, f"{at}.count_values",
              "count_values mapping a column to 1 (ticked) or 0 (not ticked)", "write e.g. count_values: {ja: 1, nej: 0}")
        values = {str(k): code_text(v) for k, v in (item.get("values") or {}).items()}
        row_values = {code_text(c): {str(k): code_text(v) for k, v in cells.items()}
                      for c, cells in (item.get("row_values") or {}).items()}
        only = tuple(code_text(c) for c in item["only"]) if "only" in item else None
        for label in list(row_values) + list(only or ()):
            need(label in q.categories, path, f"{at}", f"categories of '{q.name}': {', '.join(q.categories)}",
                  f"correct the category '{label}'")
        part = Part(q.name, item.get("category", "answer"), item.get("count", "count") if not count_values else None,
                    item.get("n"), values, row_values, only, bool(item.get("drop_zero", False)), count_values)
        given = [g for g in (part.category, part.count, part.n, *values, *count_values) if g]
        for col in given + sorted({k for cells in row_values.values() for k in cells}):
            need(col in schema_columns, path, f"{at}", f"columns of {table}.csv: {', '.join(schema_columns)}",
                  f"remove or rename '{col}'")
        for col in schema_columns:
            covered = col in given
            need(covered, path, f"{at}", f"every column of {table}.csv filled ({col} is not)",
                  f"add '{col}' under values: (a fixed cell; row_values only override it) or as category/count/n")
        parts.append(part)
    return tuple(parts)
