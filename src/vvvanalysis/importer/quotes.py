"""Free-text answers become quotes only when the evaluator approves each one in a review file.

`vvv import` lists every free-text answer in <raw folder>/citater_til_godkendelse.yaml (it holds the
respondents' own words, so it stays in the raw folder, outside git) with `godkendt: false`. The evaluator
sets `godkendt: true` on the answers the report may quote. Approved answers are appended to the round's
citater.yaml between two marker lines (ids '<source>_<respondent>'), where chapters can quote them by id; an
answer whose text changed since it was approved needs approving again. An approved answer that holds an
e-mail address, phone number or CPR number is refused (vvvanalysis.personal_data).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from vvvanalysis import personal_data
from vvvanalysis.errors import DataError
from vvvanalysis.importer.declaration import Declaration

REVIEW = "citater_til_godkendelse.yaml"
QUOTES = "citater.yaml"
BEGIN = "# >>> vvv import: approved free-text answers (from the review file in the raw folder; edit there) >>>"
END = "# <<< vvv import <<<"
REVIEW_HEAD = ("# Free-text answers from the raw exports, written by 'vvv import'. Set 'godkendt: true' on each\n"
               "# answer the report may quote, then run 'vvv import' again. The file holds respondents' own\n"
               "# words: keep it in the raw folder, outside git.\n")


def update_quotes(folder: Path, raw: Path, decl: Declaration, answers_by_source) -> tuple[dict[Path, str], Path | None]:
    """({path: new text} to write, the review file) — nothing is written here."""
    candidates = []
    for source in decl.sources.values():
        if source.quotes is None:
            continue
        _sheet, answers = answers_by_source[source.name]
        for rid, answer in sorted(answers[source.quotes.question].items(), key=lambda kv: kv[1].line):
            candidates.append({"id": _quote_id(source.name, rid), "source": source.name,
                               "question": source.quotes.question, "role": source.quotes.role,
                               "section": source.quotes.section, "text": answer.value})
    if not candidates:
        return {}, None
    review = raw / REVIEW
    decided = _decisions(review)
    entries = []
    for cand in candidates:
        old = decided.get(cand["id"])
        approved = bool(old and old["godkendt"] is True and old["text"] == cand["text"])
        entries.append({**cand, "godkendt": approved})
    files = {review: REVIEW_HEAD + yaml.safe_dump({"svar": entries}, allow_unicode=True, sort_keys=False, width=100)}
    approved = [e for e in entries if e["godkendt"]]
    for entry in approved:
        hits = personal_data.find(entry["text"])
        if hits:
            line = decided[entry["id"]]["line"]
            kind, value = hits[0]   # shown masked: a kept CI log must not hold it either
            raise DataError(f"the approved answer '{entry['id']}' holds personal data "
                            f"({kind}: {personal_data.masked(kind, value)})",
                            file=review, row=line, column="text", expected="no e-mail address, phone number or CPR",
                            hint="set 'godkendt: false', or quote a shortened answer without the personal data")
    quotes_path = folder / QUOTES
    text = quotes_path.read_text(encoding="utf-8")
    new = _with_block(text, approved, quotes_path)
    if new != text:
        files[quotes_path] = new
    return files, review


def _quote_id(source: str, respondent: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", f"{source}_{respondent}".lower()).strip("_")


def _decisions(review: Path) -> dict[str, dict]:
    if not review.is_file():
        return {}
    text = review.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError("the review file cannot be read", file=review, row=mark.line + 1 if mark else None,
                        expected="valid YAML", hint="undo the last edit; only change 'godkendt:' values") from None
    items = data.get("svar") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise DataError("the review file has no list 'svar:'", file=review, expected="the file as vvv import wrote it",
                        hint="delete the file and run 'vvv import' again (approvals must then be given again)")
    lines = {}
    for value_node in node.value:
        if value_node[0].value == "svar":
            lines = [item.start_mark.line + 1 for item in value_node[1].value]
    out = {}
    for item, line in zip(items, lines):
        if not isinstance(item, dict) or "id" not in item:
            raise DataError("an entry of the review file has no id", file=review, row=line,
                            expected="entries as vvv import wrote them", hint="undo the edit")
        if item.get("godkendt") not in (True, False):
            raise DataError(f"'godkendt' of '{item['id']}' is {item.get('godkendt')!r}", file=review, row=line,
                            column="godkendt", expected="true or false", hint="write godkendt: true or godkendt: false")
        out[item["id"]] = {"godkendt": item["godkendt"], "text": item.get("text"), "line": line}
    return out


def _with_block(text: str, approved: list[dict], path: Path) -> str:
    """citater.yaml without the previous block, plus a block of the approved answers (none: no block)."""
    if BEGIN in text:
        before, rest = text.split(BEGIN, 1)
        if END not in rest:
            raise DataError("the block of imported quotes has no end line", file=path, expected=END,
                            hint="restore citater.yaml from git")
        text = before.rstrip("\n") + "\n" + rest.split(END, 1)[1].lstrip("\n")
    if not approved:
        return text
    top = [line for line in text.splitlines() if line and not line.startswith((" ", "-", "#"))]
    if not top or not top[-1].startswith("citater:"):
        raise DataError("the imported quotes can only be appended when 'citater:' is the last key", file=path,
                        expected="'citater:' as the file's last top-level key",
                        hint="move the 'citater:' list to the end of citater.yaml")
    items = [{"id": e["id"], "text": e["text"], "speaker": None, "age": None, "role": e["role"],
              "section": e["section"], "note": f"Fritekstsvar fra {e['source']} ('{e['question']}'), godkendt i "
                                               f"{REVIEW}"} for e in approved]
    block = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100)
    return text.rstrip("\n") + "\n" + BEGIN + "\n" + block + END + "\n"
