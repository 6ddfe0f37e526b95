"""Quarto's post-render step (_quarto.yml, project: post-render): Quarto's DOCX gets the built-in engine's table
grid rescale (vvvanalysis.render.docx_tables), whether `vvv render` or a plain `quarto render` made it.

Quarto runs this with the Python it finds, not the project's virtual environment: `vvv render` puts the package on
PYTHONPATH for it; a plain `quarto render` in the repository finds the package source in src/. The module uses the
standard library only."""

import sys
from pathlib import Path

try:
    from vvvanalysis.render.docx_tables import quarto_post_render
except ImportError:
    sys.path.insert(0, str(Path.cwd() / "src"))
    from vvvanalysis.render.docx_tables import quarto_post_render

quarto_post_render()
