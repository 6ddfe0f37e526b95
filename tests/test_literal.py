"""The data/document boundary (vvvanalysis.literal): any string from data/ reads back as exactly itself.

Each payload is escaped, run through the pinned pandoc (the reader the report uses) and read back from the
AST, the HTML and a PDF compiled by typst: the characters must be the data's, in every format, and no markup,
raw HTML, math, citation, shortcode or typst code may survive as anything but text.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
from pathlib import Path

import pytest

from vvvanalysis import literal
from vvvanalysis.render.builtin import READER, pandoc_path

FILTERS = Path(__file__).resolve().parents[1] / "report" / "_filters"   # the format filters both engines run

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="https://example.org/x.png" onerror="alert(1)">',
    "![spor](https://example.org/pixel.png)",
    "<iframe src=https://example.org></iframe>",
    "*fremhævet* og **fed** og _streg_",
    "H~2~O og x^2^ og ~~slettet~~",
    "Tak til @navn og [@kilde] og @fig-henvisning",
    "Det koster $5 og $10$ i alt",
    "#panic(\"boom\") og #read(\"/etc/passwd\")",
    "{{< include /etc/passwd >}} og {{< meta title >}}",
    "25. november var en god dag",
    "1) første punkt",
    "- ikke en liste",
    "> ikke et citat",
    "# ikke en overskrift",
    "::: {.callout-note}",
    "`kode` og ```mere```",
    "Han sagde \"ja\" -- og 'nej'... --- måske",
    "a\\b og \\n og \\\\",
    "[link](javascript:alert(1)) og <https://example.org>",
    "Røde Kors & DRC &amp; &lt;tag&gt; &#60;",
    "kolonne | med | lodrette streger",
    "<!-- skjult --> synlig",
    "tekst med ^[en fodnote]",
    "§ 3, stk. 2 · 26\u00a0% · æøå ÆØÅ",
    "=markeret= ==markeret== {.klasse} {#id}",
    "a <b>fed</b> tag",
]


def _ast_text(markdown: str) -> str:
    out = subprocess.run([pandoc_path(), "-f", READER, "-t", "json"], input=markdown, capture_output=True,
                         text=True, check=True).stdout

    def walk(node) -> str:
        if isinstance(node, dict):
            kind = node.get("t")
            assert kind in {None, "Para", "Plain", "Str", "Space", "SoftBreak"}, f"markup node {kind} in {markdown!r}"
            if kind == "Str":
                return node["c"]
            if kind in {"Space", "SoftBreak"}:
                return " "
            return walk(node.get("c", node.get("blocks", [])))
        if isinstance(node, list):
            return "".join(walk(n) for n in node)
        return ""

    return walk(json.loads(out)["blocks"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_reads_back_as_plain_text_only(payload):
    assert _ast_text(literal.text(payload)) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_in_a_bullet_a_quote_and_a_table_cell_stays_text(payload):
    from vvvanalysis.tables import Column, markdown_table

    for markdown in (literal.bullets([payload]), literal.blockquote(payload, "Deltager"),
                     markdown_table([[payload]], [Column("Tekst", 40, "left")])):
        page = subprocess.run([pandoc_path(), "-f", READER, "-t", "html5"], input=str(markdown),
                              capture_output=True, text=True, check=True).stdout
        assert "<script" not in page and "<img" not in page and "<iframe" not in page and "<a " not in page
        assert "<em>" not in page and "<strong>" not in page and "<sub>" not in page and "<code>" not in page
        visible = re.sub(r"[ \t\n]+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", page)))
        assert payload in visible, (payload, page)


def test_a_verbatim_quote_is_byte_for_byte_the_data_in_the_pdf(tmp_path):
    """Every payload in one typst document through pandoc's typst writer, compiled, text extracted back."""
    import typst
    from pypdf import PdfReader

    # The PDF text layer writes a no-break space as a space. '...' stays dots through report/_filters/typst.lua
    # (typst alone reads it as an ellipsis; tests/test_literal_dots.py).


    safe = [p for p in PAYLOADS if "\u00a0" not in p]
    markdown = "\n\n".join(str(literal.paragraph(p)) for p in safe)
    source = subprocess.run([pandoc_path(), "-f", READER, "--lua-filter", str(FILTERS / "typst.lua"), "-t", "typst",
                             "--standalone"], input=markdown,
                            capture_output=True, text=True, check=True).stdout
    (tmp_path / "t.typ").write_text(source, encoding="utf-8")
    typst.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"), root=str(tmp_path))
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "t.pdf").pages).split())
    for payload in safe:
        assert " ".join(payload.split()) in text, payload


def test_markup_written_by_code_passes_and_its_arguments_are_escaped():
    cell = literal.Markup("{} ({})").format(literal.strong("1. *x*"), literal.code("a`b"))
    assert cell == "**1\\. \\*x\\*** (``a`b``)"
    assert literal.crossref("sec-rustede") == "@sec-rustede"
    with pytest.raises(ValueError):
        literal.crossref("evil) <script>")
    with pytest.raises(TypeError):
        literal.display("- a plain string is not allowed past the boundary")


def test_every_output_function_hands_markdown_over_through_the_boundary():
    """No module writes IPython Markdown itself: only vvvanalysis.literal.display may (it accepts Markup only)."""
    from pathlib import Path

    package = Path(literal.__file__).parent
    offenders = [p.relative_to(package).as_posix() for p in package.rglob("*.py")
                 if p.name != "literal.py" and re.search(r"\bMarkdown\(", p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


def test_metadata_strings_are_escaped_numbers_and_switches_are_not():
    from vvvanalysis.report_values import literal_values

    meta = literal_values({"title": "<b>VVV</b> *II*", "v": {"n": "6.063", "dato": "30. november 2021"},
                           "example-data": True, "count": 3})
    assert meta == {"title": "\\<b\\>VVV\\</b\\> \\*II\\*", "v": {"n": "6.063", "dato": "30\\. november 2021"},
                    "example-data": True, "count": 3}
