"""The preview's HTML: the built-in engine's own steps (assemble, the Quarto emulation, citeproc, the shared format
filters of _quarto.yml, template and CSS) in one pandoc run, figures left as files beside the page instead of
embedded.

`vvv render` reads the markdown into an AST once and writes three formats from it, and embeds every image
for an offline file. The preview wants one format, fast: one pandoc process (markdown -> HTML, the same filters
and citeproc in the same order) and no base64 of ~1 MB of figures. Measured on the midterm: about half the CPU
time of the engine's HTML (docs/performance.md). The text is the same (a test compares the two pages' text);
the page differs only in how images and CSS are referenced.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from vvvanalysis.render import builtin
from vvvanalysis.render.project import Project


def render_html(project: Project, executed_dir: Path, work: Path, site: Path, epoch: int) -> Path:
    """Write site/index.html (+ media/, report.css); raises the engine's own RenderError on bad sources."""
    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / "media", ignore_errors=True)
    metadata = project.metadata()
    doc, meta_file, _embedded = builtin.assemble(project, executed_dir, work, metadata)
    assets = Path(str(builtin.ASSETS))
    out = work / "index.html"
    shared = [arg for path in builtin.shared_filters(project) for arg in ("--lua-filter", str(path))]
    styles = builtin.html_styles(project)
    # The engine's order: the emulation, citeproc (after it, so @fig-/@tbl-/@sec- are links by then), callouts,
    # then the format filters both engines share.
    builtin._run_pandoc(project, [doc.name, "-f", builtin.READER, "--metadata-file", meta_file.name,
                                  "--lua-filter", str(assets / "quarto-subset.lua"), "--citeproc",
                                  "--lua-filter", str(assets / "callouts.lua"), *shared, "--toc",
                                  f"--toc-depth={project.config.get('toc-depth', 2)}", "-t", "html5", "--standalone",
                                  "--template", str(assets / "report.html"), "--css", "report.css",
                                  *(arg for css in styles for arg in ("--css", css.name)),
                                  "-o", out.name], work, epoch)
    site.mkdir(parents=True)
    shutil.move(str(out), site / "index.html")
    shutil.copyfile(assets / "report.css", site / "report.css")
    for css in styles:
        shutil.copyfile(css, site / css.name)
    if (work / "media").is_dir():
        shutil.copytree(work / "media", site / "media")
    return site
