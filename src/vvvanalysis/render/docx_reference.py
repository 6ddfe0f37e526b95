"""The DOCX reference document of the built-in engine, built in code from pandoc's default styles.

What a reviewer in Word needs: A4 with Danish margins, Danish language on every style, a header with the
report's title and round (and the example-data mark when the data is invented), a footer "Side N af M"
(PAGE and NUMPAGES fields), shaded and bordered callout boxes, a source-line style under figures, and
captions based on Word's own "Caption" style. The file is written deterministically (fixed zip entry
times and order, fixed core properties), so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from vvvanalysis.marks import EXAMPLE_MARK

LANGUAGE = "da-DK"
ACCENT = "1B4F72"
# Danish Word default for A4 (cm): top, bottom, left, right; header/footer distance.
MARGINS = {"top": 3.0, "bottom": 3.0, "left": 2.0, "right": 2.0, "header": 1.25, "footer": 1.25}
CALLOUT_FILL = "F4F6F8"
FIXED_ZIP_TIME = (2021, 11, 30, 0, 0, 0)   # zip entries carry no render-time clock
# The text face: Calibri, for which LibreOffice and every Word have a metric-compatible stand-in (the free Carlito
# has the same widths), so lines and pages break alike everywhere. pandoc's theme face, Aptos, has none.
BODY_FONT = "Calibri"
# What follows w:suppressAutoHyphens in a paragraph's properties (ECMA-376 order).
PPR_AFTER_SUPPRESS_HYPHENS = ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                              "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                              "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                              "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
# The order ECMA-376 gives the settings we write (Word refuses a settings part out of schema order).
SETTINGS_ORDER = ["defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
                  "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle",
                  "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
                  "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                  "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                  "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
                  "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
                  "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
                  "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                  "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                  "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
                  "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                  "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                  "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                  "decimalSymbol", "listSeparator"]


def staged_path(project) -> Path:
    """The round's one reference document: where its Quarto profile names it (format.docx.reference-doc,
    _build/<round>/reference.docx). Both engines read this file; nothing writes another copy."""
    named = ((project.config.get("format") or {}).get("docx") or {}).get("reference-doc")
    return project.root / (named or f"_build/{project.profile}/reference.docx")


def inputs_of(project, metadata: dict | None = None) -> dict:
    """What the reference document shows, from the document metadata both engines read: the page header's
    title and cover label (round.yml cover_label, e.g. 'Ekstern evaluering'), and the example-data mark."""
    meta = project.metadata() if metadata is None else metadata
    return {"title": str(meta.get("title", "")), "round_label": str(meta.get("round-label", "")),
            "example_data": bool(meta.get("example-data"))}


def _key(pandoc: str, inputs: dict) -> str:
    """Inputs, this writer's code and pandoc's default reference document: a change to any of them rewrites it."""
    import hashlib
    import json

    from vvvanalysis.render.pandoc import pandoc_version

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(f"{pandoc}|{pandoc_version()}".encode("utf-8"))
    return digest.hexdigest()


def ensure_reference(project, pandoc: str, metadata: dict | None = None) -> tuple[Path, bool]:
    """The staged reference document, written only when what it shows changed: (its path, whether it was written).

    Called by the staging step and again by the built-in engine's DOCX writer (which then finds it current and
    only reads it); a render outside the pipeline (bench) gets it written here, at the same path."""
    path = staged_path(project)
    inputs = inputs_of(project, metadata)
    key_file = path.with_name(path.name + ".key")
    key = _key(pandoc, inputs)
    if path.exists() and key_file.exists() and key_file.read_text(encoding="utf-8") == key:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    write_reference(tmp, pandoc, **inputs)
    tmp.replace(path)
    key_file.write_text(key, encoding="utf-8")
    return path, True


def write_reference(path: Path, pandoc: str, *, title: str, round_label: str, example_data: bool) -> Path:
    """Write reference.docx for this render and return its path."""
    import docx

    default = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], capture_output=True,
                             check=True).stdout
    document = docx.Document(io.BytesIO(default))
    _page_setup(document)
    _danish_styles(document)
    _callout_styles(document)
    _header_and_footer(document, title=title, round_label=round_label, example_data=example_data)
    _fixed_core_properties(document)
    _hyphenation(document)
    _update_fields_on_open(document)
    _body_font(document)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_reproducible_zip(buffer.getvalue()))
    return path


def _page_setup(document) -> None:
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(MARGINS["top"]), Cm(MARGINS["bottom"])
        section.left_margin, section.right_margin = Cm(MARGINS["left"]), Cm(MARGINS["right"])
        section.header_distance, section.footer_distance = Cm(MARGINS["header"]), Cm(MARGINS["footer"])


def _set_language(rpr) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _danish_styles(document) -> None:
    """da-DK on the document defaults and on every style that has run properties (spell check, hyphenation)."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = rpr_default.makeelement(qn("w:rPr"), {})
            rpr_default.append(rpr)
        _set_language(rpr)
    for style in document.styles:
        if style.type in (1, 2):   # paragraph and character styles
            _set_language(style.element.get_or_add_rPr())


def _paragraph_style(document, name: str, base: str = "Normal"):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = next(s for s in document.styles if s.name == base)
    style.quick_style = True
    _set_language(style.element.get_or_add_rPr())
    return style


def _box(style, *, fill: str, left_colour: str, top: bool, bottom: bool) -> None:
    """Shading and a border box on a paragraph style; consecutive paragraphs share one box in Word."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, colour, size in (("top", "C9D1D8", 4), ("left", left_colour, 24), ("bottom", "C9D1D8", 4),
                               ("right", "C9D1D8", 4)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), "6")
        element.set(qn("w:color"), colour)
        borders.append(element)
    ppr.append(borders)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    ppr.append(shading)


def _callout_styles(document) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt, RGBColor

    title = _paragraph_style(document, "Callout Title")
    title.font.bold = True
    title.font.color.rgb = RGBColor.from_string(ACCENT)
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(0)
    body = _paragraph_style(document, "Callout")
    body.paragraph_format.keep_together = True
    body.paragraph_format.space_before = Pt(0)
    body.paragraph_format.space_after = Pt(4)
    for style in (title, body):
        style.paragraph_format.left_indent = Cm(0.3)
        style.paragraph_format.right_indent = Cm(0.3)
        _box(style, fill=CALLOUT_FILL, left_colour=ACCENT, top=True, bottom=True)
    source = _paragraph_style(document, "Kildeangivelse")
    source.font.size = Pt(8)
    source.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    source.paragraph_format.space_after = Pt(2)
    # A source line names data files (data/midterm/deltagere_og_matches.csv): hyphenated, a name reads wrong.
    # A table's header (docx.lua) wraps between its words in a narrow column, never inside one ("må-let").
    for style in (source, _paragraph_style(document, "Tabeloverskrift", base="Compact")):
        ppr = style.element.get_or_add_pPr()
        ppr.insert_element_before(OxmlElement("w:suppressAutoHyphens"), *PPR_AFTER_SUPPRESS_HYPHENS)
    # Table text at 9 pt (docx.lua sizes the columns for it), so headers fit their columns.
    try:
        table = document.styles["Table"]
        table.font.size = Pt(9)
    except KeyError:
        pass
    for level in (1, 2, 3):   # the entries docx.lua writes into the table of contents
        entry = _paragraph_style(document, f"toc {level}")
        entry.style_id = f"TOC{level}"   # Word's own id for its TOC entry styles
        entry.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        entry.paragraph_format.space_after = Pt(2)
    for name in ("Image Caption", "Table Caption"):
        caption = _paragraph_style(document, name, base="Caption")
        caption.paragraph_format.keep_with_next = name == "Table Caption"


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES) with a cached value, so viewers that do not update fields show a number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = OxmlElement("w:r")
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run.append(fld)
        return run

    paragraph._p.append(char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    paragraph._p.append(run)
    paragraph._p.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph._p.append(char("end"))


def _header_and_footer(document, *, title: str, round_label: str, example_data: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        section.different_first_page_header_footer = False
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(" · ".join(part for part in (title, round_label) if part))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x5A, 0x65, 0x70)
        if example_data:
            mark = header.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = mark.add_run(EXAMPLE_MARK)
            run.bold = True
            run.font.size = Pt(11)
            run.font.color.rgb = RGBColor(0xC8, 0x1E, 0x1E)
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Side ")
        _field(paragraph, "PAGE", "1")
        paragraph.add_run(" af ")
        _field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(9)


def _hyphenation(document) -> None:
    """Word hyphenates Danish text (da-DK on every style): a compound longer than a narrow table column then
    breaks at a syllable with a hyphen, not wherever the line ends."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        _insert_setting(settings, OxmlElement("w:autoHyphenation"))


def _update_fields_on_open(document) -> None:
    """Word fills the fields when it opens the file: the contents list gets its page numbers (docx.lua writes
    the entries; only Word knows the pages), and asks the reader once to allow it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        element = OxmlElement("w:updateFields")
        element.set(qn("w:val"), "true")
        _insert_setting(settings, element)


def _insert_setting(settings, element) -> None:
    """Put a setting where the schema orders it: before the first present setting that must follow it."""

    name = element.tag.split("}")[1]
    later = SETTINGS_ORDER[SETTINGS_ORDER.index(name) + 1:]
    for child in settings:
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    settings.append(element)


def _body_font(document) -> None:
    """Every style that takes pandoc's theme face (Aptos) names BODY_FONT instead; the theme's faces become it
    too, so nothing resolves to a face without a free stand-in. Monospace (Consolas) stays as it is."""
    import re

    from docx.oxml.ns import qn

    for fonts in document.styles.element.iter(qn("w:rFonts")):
        if fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:ascii")) is not None:
            continue
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), BODY_FONT)
    for part in document.part.package.parts:
        if str(part.partname).startswith("/word/theme/"):
            part._blob = re.sub(rb'(<a:latin typeface=")[^"]*(")', rb"\g<1>" + BODY_FONT.encode() + rb"\g<2>",
                                part.blob)


def _fixed_core_properties(document) -> None:
    import datetime as dt

    props = document.core_properties
    props.author = "vvvanalysis"
    props.last_modified_by = "vvvanalysis"
    props.language = LANGUAGE
    props.created = props.modified = dt.datetime(*FIXED_ZIP_TIME)
    props.revision = 1


def _reproducible_zip(data: bytes) -> bytes:
    """The same archive with sorted entries and a fixed time on each: identical bytes for identical content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        # [Content_Types].xml first, as Office writes it; the rest in a fixed order.
        for name in sorted(names, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()
