"""`vvv changes`: what changed in the report's text since a git revision (a rettelsesblad), per section.

The report text is the round's chapters with every {{< meta v.KEY >}} replaced by its value, at revision REV
(its chapters, data and - when the revision holds it - its code) and now. Each section is compared word by word
(<ins>/<del>); a changed value of a key the chapters print is a data change, listed apart from the edits made in
the chapters' own words. `--to docx` writes the same redline as Word tracked changes (w:ins/w:del).
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import yaml

from vvvanalysis.errors import ConfigError

USE = re.compile(r"\{\{<\s*meta\s+v\.(\w+)\s*>\}\}")
OTHER_SHORTCODE = re.compile(r"\{\{<[^>]*>\}\}")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
VALUES_SCRIPT = ("import json, sys\nfrom vvvanalysis.keyfigures import keyfigures\n"
                 "json.dump(keyfigures(sys.argv[1]), sys.stdout, ensure_ascii=False)\n")


@dataclass
class Section:
    chapter: str
    title: str
    source: str     # the chapter's own words (shortcodes kept)
    text: str       # as printed (values in place)


@dataclass
class Report:
    sections: list[Section]
    values: dict[str, str]


def _chapters(tree: Path, round_name: str) -> list[Path]:
    profile = tree / f"_quarto-{round_name}.yml"
    if not profile.is_file():
        return sorted((tree / "report" / round_name).glob("*.qmd"))
    book = (yaml.safe_load(profile.read_text(encoding="utf-8")) or {}).get("book", {})
    names = [*(book.get("chapters") or []), *(book.get("appendices") or [])]
    return [tree / n for n in names if isinstance(n, str) and n.startswith(f"report/{round_name}/")]


def _values(tree: Path, round_name: str) -> dict[str, str]:
    env = dict(os.environ, VVV_ROOT=str(tree))
    if (tree / "src" / "vvvanalysis").is_dir():   # the revision's own code computes its numbers
        env["PYTHONPATH"] = str(tree / "src")
    proc = subprocess.run([sys.executable, "-c", VALUES_SCRIPT, round_name], env=env, capture_output=True,
                          text=True, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise ConfigError(f"the numbers of the revision cannot be computed: {last}",
                          hint="name a revision whose data and code render")
    return json.loads(proc.stdout)


def report(tree: Path, round_name: str, values: dict[str, str] | None = None) -> Report:
    values = values if values is not None else _values(tree, round_name)
    sections: list[Section] = []
    for chapter in _chapters(tree, round_name):
        rel = str(chapter.relative_to(tree))
        current = Section(rel, chapter.stem, "", "")
        for line in chapter.read_text(encoding="utf-8").splitlines():
            heading = HEADING.match(line)
            if heading:
                if current.source.strip():
                    sections.append(current)
                current = Section(rel, heading.group(2), "", "")
                continue
            current.source += line + "\n"
        if current.source.strip():
            sections.append(current)
    for s in sections:
        s.text = OTHER_SHORTCODE.sub("", USE.sub(lambda m: values.get(m.group(1), m.group(0)), s.source))
    return Report(sections, values)


def at_revision(root: Path, revision: str, round_name: str, into: Path) -> Report:
    listed = subprocess.run(["git", "ls-tree", "--name-only", revision], cwd=root, capture_output=True, text=True,
                            timeout=60)
    wanted = {"data", "report", "src", f"_quarto-{round_name}.yml", "_quarto.yml", "pyproject.toml"}
    paths = sorted(wanted & set(listed.stdout.split())) if listed.returncode == 0 else []
    proc = subprocess.run(["git", "archive", "--format=tar", revision, "--", *paths],
                          cwd=root, capture_output=True, timeout=120)
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise ConfigError(f"git cannot read revision '{revision}': {message[-1] if message else 'unknown error'}",
                          hint="name a commit, tag or branch of this repository, e.g. --since HEAD~1")
    with tarfile.open(fileobj=BytesIO(proc.stdout)) as tar:
        tar.extractall(into, filter="data")
    return report(into, round_name)


def _words(text: str) -> list[str]:
    return re.findall(r"\S+\s*", " ".join(text.split()))


def redline(old: str, new: str) -> list[tuple[str, str]]:
    """('=', text), ('-', deleted), ('+', inserted), word by word."""
    a, b = _words(old), _words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        if op in {"delete", "replace"}:
            out.append(("-", "".join(a[i1:i2])))
        if op in {"insert", "replace"}:
            out.append(("+", "".join(b[j1:j2])))
    return out


@dataclass
class Change:
    chapter: str
    title: str
    parts: list[tuple[str, str]]
    text_edited: bool


def compare(before: Report, after: Report) -> tuple[list[Change], list[tuple[str, str, str, list[str]]]]:
    """Changed sections, and the numbers data changed: (key, old, new, chapters printing it)."""
    old = {(s.chapter, s.title): s for s in before.sections}
    changes = []
    for s in after.sections:
        was = old.pop((s.chapter, s.title), None)
        if was is None:
            changes.append(Change(s.chapter, s.title, [("+", s.text)], True))
        elif was.text != s.text:
            changes.append(Change(s.chapter, s.title, redline(was.text, s.text), was.source != s.source))
    for (chapter, title), s in old.items():
        changes.append(Change(chapter, title, [("-", s.text)], True))
    printed: dict[str, list[str]] = {}
    for s in after.sections:
        for key in USE.findall(s.source):
            printed.setdefault(key, [])
            if s.chapter not in printed[key]:
                printed[key].append(s.chapter)
    data = [(k, before.values[k], after.values[k], printed[k]) for k in sorted(printed)
            if k in before.values and k in after.values and before.values[k] != after.values[k]]
    return changes, data


def html_page(round_name: str, revision: str, changes, data) -> str:
    out = ["<!DOCTYPE html>", '<html lang="da"><head><meta charset="utf-8">',
           f"<title>Ændringer i {html.escape(round_name)} siden {html.escape(revision)}</title>",
           "<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
           "ins{background:#d7f5dd;color:#0b3d17}del{background:#fbdcdc;color:#5c0b0b}</style></head><body><main>",
           f"<h1>Ændringer siden {html.escape(revision)}</h1>",
           f"<p>{len(changes)} afsnit er ændret; {len(data)} tal er ændret, fordi data er ændret.</p>",
           "<h2>Tal ændret af data</h2>"]
    if data:
        out.append("<table><thead><tr><th>Nøgle</th><th>Før</th><th>Nu</th><th>Kapitel</th></tr></thead><tbody>")
        out += [f"<tr><td>{html.escape(k)}</td><td>{html.escape(a)}</td><td>{html.escape(b)}</td>"
                f"<td>{html.escape(', '.join(c))}</td></tr>" for k, a, b, c in data]
        out.append("</tbody></table>")
    else:
        out.append("<p>Ingen.</p>")
    out.append("<h2>Tekst</h2>")
    for c in changes:
        kind = "tekst ændret" if c.text_edited else "kun tal ændret af data"
        out.append(f"<section><h3>{html.escape(c.title)}</h3><p><small>{html.escape(c.chapter)} – {kind}</small></p><p>")
        for op, text in c.parts:
            text = html.escape(text)
            out.append(text if op == "=" else f"<del>{text}</del>" if op == "-" else f"<ins>{text}</ins>")
        out.append("</p></section>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def docx_file(path: Path, revision: str, changes, data) -> None:
    """The redline as Word tracked changes: one paragraph per changed section, w:del/w:ins runs."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.core_properties.language = "da-DK"
    doc.add_heading(f"Ændringer siden {revision}", level=1)
    doc.add_paragraph(f"{len(changes)} afsnit er ændret; {len(data)} tal er ændret, fordi data er ændret.")
    for key, a, b, chapters in data:
        doc.add_paragraph(f"{key}: {a} → {b} ({', '.join(chapters)})", style="List Bullet")
    counter = 0
    for c in changes:
        doc.add_heading(c.title, level=2)
        para = doc.add_paragraph()
        for op, text in c.parts:
            run = OxmlElement("w:r")
            t = OxmlElement("w:delText" if op == "-" else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = text
            run.append(t)
            if op == "=":
                para._p.append(run)
                continue
            counter += 1
            mark = OxmlElement("w:del" if op == "-" else "w:ins")
            for name, value in (("w:id", str(counter)), ("w:author", "vvv changes"), ("w:date", "2000-01-01T00:00:00Z")):
                mark.set(qn(name), value)
            mark.append(run)
            para._p.append(mark)
    doc.save(str(path))


def run(round_name: str, revision: str, root: Path, out_dir: Path, to: str = "html") -> tuple[Path, str]:
    if to not in {"html", "docx"}:
        raise ConfigError(f"unknown format '{to}'", expected="html or docx", hint="pass --to html or --to docx")
    with tempfile.TemporaryDirectory(prefix="vvv-changes-") as tmp:
        before = at_revision(root, revision, round_name, Path(tmp))
    from vvvanalysis.keyfigures import keyfigures

    after = report(root, round_name, keyfigures(round_name))
    changes, data = compare(before, after)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"aendringer.{to}"
    if to == "html":
        path.write_text(html_page(round_name, revision, changes, data), encoding="utf-8")
    else:
        docx_file(path, revision, changes, data)
    edited = sum(1 for c in changes if c.text_edited)
    return path, (f"{round_name}: {len(changes)} afsnit ændret siden {revision} ({edited} med ændret tekst), "
                  f"{len(data)} tal ændret af data → {path}")
