"""Quarto's post-render step (_quarto.yml, project: post-render): Quarto's DOCX gets the built-in engine's table
grid rescale and chapter headings (vvvanalysis.render.quarto_docx), whether `vvv render` or a plain
`quarto render` made it.

Quarto runs this with the Python it finds, not the project's virtual environment: `vvv render` puts the package on
PYTHONPATH for it; a plain `quarto render` in the repository finds the package source in src/. The module uses the
standard library only."""

import sys
from pathlib import Path

try:
    from vvvanalysis.render.quarto_docx import post_render
except ImportError:
    sys.path.insert(0, str(Path.cwd() / "src"))
    from vvvanalysis.render.quarto_docx import post_render

post_render()
