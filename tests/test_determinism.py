"""Identical sources give identical bytes: a funder can rebuild a report and compare checksums.

Two clean renders of the midterm round in separate copies of the project (each executes its notebooks
from scratch, same SOURCE_DATE_EPOCH via conftest.vvv, the second in a new interpreter) must give byte-identical HTML, PDF, DOCX and figures.
"""

from __future__ import annotations

import hashlib
import zipfile

from conftest import copy_project, vvv


def _files(project):
    out = project / "output" / "midterm"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _docx_diff(a: bytes, b: bytes, tmp_path) -> list[str]:
    """Which parts of two DOCX archives differ (names the culprit if the bytes do not match)."""
    (tmp_path / "a.docx").write_bytes(a)
    (tmp_path / "b.docx").write_bytes(b)
    with zipfile.ZipFile(tmp_path / "a.docx") as za, zipfile.ZipFile(tmp_path / "b.docx") as zb:
        names = sorted(set(za.namelist()) | set(zb.namelist()))
        return [n for n in names if n not in za.namelist() or n not in zb.namelist() or za.read(n) != zb.read(n)
                or za.getinfo(n).date_time != zb.getinfo(n).date_time]


def test_two_clean_renders_are_byte_identical(rendered_midterm, tmp_path):
    (tmp_path / "second").mkdir()
    other = copy_project(tmp_path / "second")
    # a new interpreter, not a fork of the zygote that made the session's render: its own hash seed
    vvv(other, "render", "--round", "midterm", "--engine", "builtin", fresh=True)
    first, second = _files(rendered_midterm), _files(other)
    assert {"vvv-midterm.html", "vvv-midterm.pdf", "vvv-midterm.docx"} <= first.keys()
    assert any(name.startswith("figurer/") and name.endswith(".png") for name in first)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    detail = _docx_diff(first["vvv-midterm.docx"], second["vvv-midterm.docx"], tmp_path)
    assert not differ, f"not reproducible: {differ} (docx parts: {detail})"
    digests = {name: hashlib.sha256(data).hexdigest()[:12] for name, data in first.items()}
    print(digests)
