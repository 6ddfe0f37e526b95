"""The house style of every figure: one seaborn theme, a colour-blind-safe palette, Danish numbers,
vector output (SVG with text kept as text, PNG beside it for DOCX), a source line with n as real text
under each chart, and the example-data mark when a round's data is invented."""

from __future__ import annotations


import matplotlib as mpl
import seaborn as sns

from vvvanalysis import danish
from vvvanalysis.marks import EXAMPLE_MARK

# Indexed by role, not by order of appearance: the output modules pick PALETTE[0..3] (and 7 for 'before')
# and several of them together in one figure. Chosen so that every pair stays apart for readers with
# deuteranopia or protanopia as well (blue / yellow-orange / dark green / wine differ in lightness, not only
# in hue); tests/test_accessibility_palette.py simulates both and asserts a minimum CIEDE2000 distance.
PALETTE = ["#0173b2", "#e69f00", "#117733", "#882255", "#56b4e9", "#ca9161", "#cc79a7", "#949494"]
ACCENT = "#1b4f72"
FIG_WIDTH = 6.3          # inches: the PDF text width, so figures are never scaled up
DPI = 200                # the PNG (DOCX only) stays sharp in print (issue: ≥ 200 dpi)
# The report's sans family: figures, captions and source lines in every format. DejaVu Sans ships with
# matplotlib (so text is measured with the very font the SVG names) and typst gets the same files.
SANS = "DejaVu Sans"


def apply_theme() -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, font=SANS)
    mpl.rcParams.update({
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.figsize": (FIG_WIDTH, 3.2),
        "font.family": "sans-serif",
        "font.sans-serif": [SANS],
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9.5,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 8.5,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",             # text stays text: searchable, selectable, read aloud
        "text.parse_math": False,           # data text is literal: '$', '\\', '^', '_' print as typed, never mathtext
        "svg.hashsalt": "vvvanalysis",      # stable ids in the SVG
        "path.simplify": True,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.08,
    })
    _store_svg_and_png()


def _store_svg_and_png() -> None:
    """In a notebook kernel: store every figure as SVG (HTML, PDF) and PNG (DOCX, figurer/)."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("svg", "png")


def text_on(colour: str) -> str:
    """Black or white label text on a filled bar, whichever contrasts more (WCAG relative luminance)."""
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#1a1a1a" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "white"


def source_note(source: str, n: int | None = None) -> str:
    """'Kilde: … · n = 42' as plain text."""
    note = f"Kilde: {source}"
    if n is not None:
        note += f" · {danish.n_label(n)}"
    return " ".join(note.split())


def finish(fig, *, source: str, n: int | None = None, example_data: bool = False) -> None:
    """Lay out the chart, add the example-data mark when needed, and give the source line as text.

    The source line is not drawn into the image: in a notebook it is displayed right after the figure as a
    Markdown note (the report embeds both outputs; the note is real, searchable text in every format).
    """
    fig.tight_layout()
    fig._vvv_source_note = source_note(source, n)   # for callers and tests outside a notebook
    if example_data:
        fig.text(0.5, 0.5, EXAMPLE_MARK, ha="center", va="center", rotation=25, fontsize=22, color="#c81e1e",
                 alpha=0.35, fontweight="bold", transform=fig.transFigure, zorder=100)
    _display_with_note(fig)


def _display_with_note(fig) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is None:
        return
    import matplotlib.pyplot as plt

    # Figure first, then its note: the order the reader sees in every format.
    display(fig)
    from vvvanalysis import literal

    # the source line is data text: it passes the one boundary (vvvanalysis.literal)
    display(literal.display(literal.Markup("::: {{.figure-source}}\n{}\n:::\n").format(fig._vvv_source_note)))
    plt.close(fig)   # already shown; the inline backend must not show it a second time
