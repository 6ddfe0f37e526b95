"""The DOCX reference document of the built-in engine: pandoc's default styles, plus — for example data —
a page header "Eksempeldata – ikke reelle tal" on every page (pandoc takes headers from the reference doc)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from vvvanalysis.marks import EXAMPLE_MARK


def write_reference(path: Path, pandoc: str, *, example_data: bool) -> Path | None:
    """Write the reference.docx for this render; None when pandoc's default is enough (real data)."""
    if not example_data:
        return None
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    default = subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], capture_output=True,
                             check=True).stdout
    path.write_bytes(default)
    document = docx.Document(str(path))
    for section in document.sections:
        section.different_first_page_header_footer = False
        for header in (section.header, section.even_page_header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.text = ""
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(EXAMPLE_MARK)
            run.bold = True
            run.font.size = Pt(11)
            run.font.color.rgb = RGBColor(0xC8, 0x1E, 0x1E)
    document.save(str(path))
    return path
