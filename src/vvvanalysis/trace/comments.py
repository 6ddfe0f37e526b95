"""`vvv comments`: a reviewer's Word comments and tracked changes, each traced back to the line or data row
that wrote the text (by the bookmarks of trace.anchors, not by searching for the text).

For each comment: reviewer, date, comment text (replies kept with it), the commented text, the section, and the
source: report/<round>/<chapter>.qmd:<line> for prose, data/<round>/<file>:<row> for a number from data (its key
named), the data line of a recommendation or a quote and the data rows of a table cell (by their bookmarks,
trace.anchors), or, for other text from data without a bookmark (a caption), the data file line whose text the
commented passage quotes. Tracked insertions and deletions are listed the same way as proposed edits.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vvvanalysis.errors import ConfigError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
NS = {"w": W, "w15": W15, "w14": W14}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # an encrypted (password-protected) Office file is OLE, not ZIP
KEY_MARK = re.compile(r"^k([0-9a-f]{8})_\d+$")
PARA_MARK = re.compile(r"^p_(\d+)_(\d+)$")
ROUND_PROPERTY = "vvv-udgave"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Remark:
    kind: str                       # "kommentar", "indsat", "slettet"
    author: str
    date: str
    text: str                       # the comment, or the inserted/deleted text
    quoted: str                     # the commented text (comments) or the surrounding paragraph (changes)
    section: str
    source: str = ""                # file:line or file:row(s), empty when not placed
    detail: str = ""                # the key of a number, the field of a data line
    replies: list[tuple[str, str, str]] = field(default_factory=list)
    order: int = 0


def bookmark_of_key(key: str) -> str:
    """The bookmark prefix kilde.lua gives a number of this key (sha1 of the key, first 8 hex digits)."""
    return "k" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def open_docx(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise ConfigError("the file does not exist", file=path, hint="name the DOCX the reviewer returned")
    head = path.read_bytes()[:8]
    if head == OLE_MAGIC:
        raise ConfigError("the DOCX is password-protected (encrypted)", file=path,
                          hint="ask the reviewer for a copy without a password, or remove it in Word and save again")
    if not zipfile.is_zipfile(path):
        raise ConfigError("not a DOCX file (not a Word document)", file=path,
                          hint="save the document as .docx in Word or LibreOffice and pass that file")
    archive = zipfile.ZipFile(path)
    if "word/document.xml" not in archive.namelist():
        raise ConfigError("not a DOCX file (no word/document.xml)", file=path, hint="pass the .docx the reviewer returned")
    return archive


def edition_mark(cfg) -> str:
    """What the DOCX says it is (a custom document property): round and edition, e.g. 'midterm/2. udgave'."""
    edition = cfg.publication.edition if cfg.publication and cfg.publication.edition else "1. udgave"
    return f"{cfg.name}/{edition}"


def _custom_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    if "docProps/custom.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {p.get("name"): "".join(p.itertext()).strip() for p in root}


def _text(node) -> str:
    return "".join(t.text or "" for t in node.iter(_w("t"), _w("delText")))


def read(docx: Path, round_name: str, root: Path) -> list[Remark]:
    from vvvanalysis.render.project import load_project
    from vvvanalysis.trace.catalogue import measured_rows

    archive = open_docx(docx)
    expected = _expected_edition(round_name)
    found = _custom_properties(archive).get(ROUND_PROPERTY)
    if found is None:
        raise ConfigError("the DOCX was not rendered by vvv (it carries no edition mark)", file=docx,
                          hint=f"pass the DOCX 'vvv render --round {round_name}' wrote, as the reviewer returned it")
    if found != expected:
        raise ConfigError(f"the DOCX is the report '{found}', not '{expected}'", file=docx,
                          hint="pass --round for the round the DOCX belongs to, or the current edition's DOCX")
    project = load_project(root, round_name)
    chapters = [*project.chapters, *project.appendices]
    keys_by_mark = {bookmark_of_key(k): k for k in measured_rows(round_name)}
    rows = measured_rows(round_name)

    comments = _comments(archive)
    body = etree.fromstring(archive.read("word/document.xml")).find(_w("body"))
    remarks: list[Remark] = []
    state = {"para": None, "section": "", "keys": {}}
    open_ranges: dict[str, dict] = {}
    order = 0
    data_places = _data_places(round_name, root)
    for paragraph in body.iter(_w("p")):
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        if style is not None and style.get(_w("val"), "").lower().startswith("heading"):
            state["section"] = _text(paragraph)
        para_text = _text(paragraph)
        # the data anchor in force: the paragraph's first until the next one (a bullet joining two texts)
        marks = [b.get(_w("name"), "") for b in paragraph.iter(_w("bookmarkStart"))]
        state["data"] = next((data_places[m] for m in marks if m in data_places), None)
        for node in paragraph.iter():
            tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
            if tag == "bookmarkStart":
                name = node.get(_w("name"), "")
                if PARA_MARK.match(name):
                    state["para"] = name
                elif name in data_places:   # the first is already in force (a comment may start before it)
                    state["data"] = data_places[name]
                elif KEY_MARK.match(name):
                    state["keys"][node.get(_w("id"))] = name
                    for r in open_ranges.values():
                        r["keys"].add(name)
            elif tag == "bookmarkEnd":
                state["keys"].pop(node.get(_w("id")), None)
            elif tag == "commentRangeStart":
                open_ranges[node.get(_w("id"))] = {"para": state["para"], "text": [], "section": state["section"],
                                                   "keys": set(state["keys"].values()), "paragraph": para_text,
                                                   "data": state["data"]}
            elif tag == "commentRangeEnd":
                rng = open_ranges.pop(node.get(_w("id")), None)
                if rng is not None and node.get(_w("id")) in comments:
                    order += 1
                    remarks.append(_place(Remark("kommentar", *comments[node.get(_w("id"))][:3],
                                                 quoted="".join(rng["text"]).strip(), section=rng["section"],
                                                 replies=comments[node.get(_w("id"))][3], order=order),
                                          rng["para"], rng["keys"], rng["paragraph"], chapters, keys_by_mark, rows,
                                          round_name, root, rng["data"]))
            elif tag in {"t", "delText"}:
                for r in open_ranges.values():
                    r["text"].append(node.text or "")
            elif tag in {"ins", "del"}:
                order += 1
                remarks.append(_place(Remark("indsat" if tag == "ins" else "slettet", node.get(_w("author"), ""),
                                             node.get(_w("date"), ""), _text(node), quoted=para_text,
                                             section=state["section"], order=order),
                                      state["para"], set(state["keys"].values()), para_text, chapters, keys_by_mark,
                                      rows, round_name, root, state["data"]))
    return remarks


def _data_places(round_name: str, root: Path) -> dict[str, tuple[str, str, str]]:
    """Bookmark name -> (source, detail, printed text or "") for every data anchor the round's DOCX can carry:
    d_<file>_<line> of each data file (trace.anchors.data_anchor) and c_<float>_<row>_<column> of each measured
    table cell (trace.exhibits: the rows that cell was drawn from, and the text it printed when measured)."""
    from vvvanalysis.trace import exhibits
    from vvvanalysis.trace.anchors import token

    places: dict[str, tuple[str, str, str]] = {}
    folder = root / "data" / round_name
    for path in sorted(folder.glob("*")):
        if path.suffix not in {".yaml", ".yml"}:
            continue
        name = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            places[f"d_{token(name)}_{number}"] = (f"{name}:{number}", _field(line), "")
    for stored in exhibits.measured(round_name).values():
        for position, cell in stored["cells"].items():
            table = re.fullmatch(r"(\d+),(\d+)", position)
            if table is None or not cell["rows"]:
                continue
            places[f"c_{token(stored['float'])}_{table.group(1)}_{table.group(2)}"] = (
                _rows_text(cell["rows"]), "tabelcelle", cell["text"])
    return places


def _rows_text(rows) -> str:
    """(file, row) pairs as the HTML's data-kilde names them, spaced for reading: 'data/x.csv:2,3; data/y.csv:5'."""
    from vvvanalysis.trace.catalogue import data_kilde

    return data_kilde(rows).replace(";", "; ")


def _field(line: str) -> str:
    """'feltet <name>' for a YAML line that sets a field (a list item's too), else ''."""
    match = re.match(r"\s*-?\s*([\w-]+):", line)
    return f"feltet {match.group(1)}" if match else ""


def _expected_edition(round_name: str) -> str:
    from vvvanalysis.config import load_config

    return edition_mark(load_config(round_name))


def _comments(archive: zipfile.ZipFile) -> dict[str, tuple]:
    """id -> (author, date, text, replies); a reply (commentsExtended paraIdParent) joins its parent's list."""
    if "word/comments.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("word/comments.xml"))
    by_id, para_of = {}, {}
    for c in root.findall(_w("comment")):
        cid = c.get(_w("id"))
        by_id[cid] = (c.get(_w("author"), ""), (c.get(_w("date")) or "")[:10],
                      "\n".join(_text(p) for p in c.findall(_w("p"))).strip(), [])
        paras = c.findall(_w("p"))
        if paras:
            para_of[paras[-1].get(f"{{{W14}}}paraId")] = cid
    if "word/commentsExtended.xml" in archive.namelist():
        ext = etree.fromstring(archive.read("word/commentsExtended.xml"))
        for item in ext:
            parent = item.get(f"{{{W15}}}paraIdParent")
            child = para_of.get(item.get(f"{{{W15}}}paraId"))
            if parent and child and para_of.get(parent) in by_id:
                author, date, text, _ = by_id.pop(child)
                by_id[para_of[parent]][3].append((author, date, text))
    return by_id


def _words(text: str) -> str:
    return " ".join(re.sub(r"[\\`*_{}\[\]<>#|~^\"'$]", " ", text).split()).casefold()


def _place(remark: Remark, para: str | None, keys: set[str], paragraph: str, chapters: list[Path],
           keys_by_mark: dict, rows: dict, round_name: str, root: Path,
           data: tuple[str, str, str] | None = None) -> Remark:
    # 1. a number from data (the comment marks the number, not the sentence around it): its key's rows
    for mark in sorted(keys) if len(remark.quoted.split()) <= 4 or remark.kind != "kommentar" else []:
        key = keys_by_mark.get(KEY_MARK.match(mark).group(0)[:9])
        if key and rows.get(key):
            remark.source, remark.detail = _rows_text(rows[key]), f"tallet {key}"
            return remark
    # 2. text from data with its bookmark: a recommendation's or a quote's data line, a table cell's rows (a cell
    #    whose text is no longer what was measured is not claimed: the measurement is older than the data)
    if data is not None and (not data[2] or _words(data[2]) == _words(paragraph)):
        remark.source, remark.detail = data[0], data[1]
        return remark
    # 3. other text quoted from a data file (a caption from data): the line that holds the words
    needle = _words(remark.quoted if remark.kind == "kommentar" else remark.text)
    if len(needle) >= 4:
        for path in sorted((root / "data" / round_name).glob("*")):
            if path.suffix not in {".yaml", ".yml", ".csv"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if needle in _words(line):
                    remark.source, remark.detail = f"{path.relative_to(root)}:{number}", _field(line)
                    if not para or _prose_line(para, needle, chapters, root) is None:
                        return remark
    # 4. prose: the chapter line of the paragraph (the exact line when the commented words are on one line)
    if para:
        chapter, line = (int(x) for x in PARA_MARK.match(para).groups())
        if 0 < chapter <= len(chapters):
            exact = _prose_line(para, needle, chapters, root)
            remark.source = f"{chapters[chapter - 1].relative_to(root)}:{exact or line}"
            remark.detail = ""
    return remark


def _prose_line(para: str, needle: str, chapters: list[Path], root: Path) -> int | None:
    chapter, start = (int(x) for x in PARA_MARK.match(para).groups())
    if not 0 < chapter <= len(chapters):
        return None
    lines = chapters[chapter - 1].read_text(encoding="utf-8").splitlines()
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            break
        if needle and needle in _words(re.sub(r"\{\{<[^>]*>\}\}", " ", text)):
            return number
    return start if needle == "" else None


def markdown(remarks: list[Remark], round_name: str, docx: Path) -> str:
    placed = [r for r in remarks if r.source]
    loose = [r for r in remarks if not r.source]
    out = [f"# Kommentarer til {round_name}", "", f"Fra `{docx.name}`: {len(remarks)} kommentarer og ændringer, "
           f"{len(placed)} placeret, {len(loose)} ikke placeret.", ""]
    by_file: dict[str, list[Remark]] = {}
    for r in placed:
        by_file.setdefault(r.source.split(":")[0], []).append(r)
    for file in sorted(by_file, key=lambda f: (not f.startswith("report/"), f)):
        out += [f"## {file}", ""]
        for r in sorted(by_file[file], key=lambda r: (_first_line(r.source), r.order)):
            out += _entry(r)
    if loose:
        out += ["## Ikke placeret", ""]
        for r in loose:
            out += _entry(r, nearest=True)
    return "\n".join(out) + "\n"


def _first_line(source: str) -> int:
    match = re.search(r":(\d+)", source)
    return int(match.group(1)) if match else 0


def _entry(r: Remark, nearest: bool = False) -> list[str]:
    what = {"kommentar": "Kommentar", "indsat": "Foreslået indsat", "slettet": "Foreslået slettet"}[r.kind]
    head = f"- **{r.source or 'ikke placeret'}**" + (f" ({r.detail})" if r.detail else "")
    lines = [head, f"  - {what} af {r.author or 'ukendt'}{', ' + r.date[:10] if r.date else ''}: {r.text}"]
    if r.kind == "kommentar":
        lines.append(f"  - Kommenteret tekst: «{r.quoted}»")
    else:
        lines.append(f"  - I afsnittet: «{r.quoted}»")
    for author, date, text in r.replies:
        lines.append(f"  - Svar fra {author or 'ukendt'}{', ' + date if date else ''}: {text}")
    lines.append(f"  - {'Nærmeste afsnit' if nearest else 'Afsnit'}: {r.section or '(før første overskrift)'}")
    return lines + [""]


def run(round_name: str, docx: Path, root: Path, out_dir: Path) -> tuple[Path, str]:
    remarks = read(docx, round_name, root)
    path = out_dir / "kommentarer.md"
    out_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(remarks, round_name, docx), encoding="utf-8")
    comments = sum(1 for r in remarks if r.kind == "kommentar")
    placed = sum(1 for r in remarks if r.source)
    return path, (f"{round_name}: {comments} kommentarer og {len(remarks) - comments} ændringer, "
                  f"{placed} placeret, {len(remarks) - placed} ikke placeret → {path}")
