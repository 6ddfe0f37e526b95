"""The house style of every figure: one seaborn theme, a colour-blind-safe palette, Danish numbers,
vector output (SVG with text kept as text, PNG beside it for DOCX), a source line with n as real text
under each chart, and the example-data mark when a round's data is invented."""

from __future__ import annotations


import matplotlib as mpl
import seaborn as sns

from vvvanalysis import danish
from vvvanalysis.marks import EXAMPLE_MARK, PHONE_MIME

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
# A value label's own white ground: a grid or data line passing behind it never crosses the digits.
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}

# A figure of several panels side by side is drawn a second time for a phone: its panels one above the other (a
# 2-column grid for more than three), as wide as a phone's column (a 390-px screen less the page's margins, about
# 355 CSS px at 96 px to the inch), so its text shows at the size it is set in. Only the HTML shows it, below
# its breakpoint (report/_filters/html.lua); PDF and DOCX keep the wide figure. See `panels` and `finish`.
WIDE, PHONE = "wide", "phone"
PHONE_WIDTH = 3.7        # inches


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


def panels(n: int, layout: str = WIDE, *, height: float, phone_height: float, **grid):
    """A figure of n panels and its axes in order: side by side at FIG_WIDTH × height (WIDE; `grid` is passed
    to the gridspec, e.g. width_ratios), or for a phone (PHONE) one above the other, or two to a row when n > 3,
    at PHONE_WIDTH with rows phone_height inches tall. fig.axes holds the panels in the same order in both, so
    the text ids finish gives (vvv-a<axes>t<i>) and the data rows measured for them (trace.exhibits) are the same."""
    import matplotlib.pyplot as plt

    if layout == WIDE:
        fig, axes = plt.subplots(1, n, figsize=(FIG_WIDTH, height), **({"gridspec_kw": grid} if grid else {}))
        return fig, list(axes) if n > 1 else [axes]
    if layout != PHONE:
        raise ValueError(f"unknown figure layout {layout!r} (expected {WIDE!r} or {PHONE!r})")
    columns = 1 if n <= 3 else 2
    rows = -(-n // columns)
    fig, grid_axes = plt.subplots(rows, columns, figsize=(PHONE_WIDTH, phone_height * rows), squeeze=False)
    axes = list(grid_axes.flat)
    for spare in axes[n:]:   # an odd count in two columns: no empty panel (and fig.axes keeps the order)
        fig.delaxes(spare)
    return fig, axes[:n]


def source_note(source: str, n: int | None = None) -> str:
    """'Kilde: … · n = 42' as plain text."""
    note = f"Kilde: {source}"
    if n is not None:
        note += f" · {danish.n_label(n)}"
    return " ".join(note.split())


def finish(fig, *, source: str, n: int | None = None, example_data: bool = False, layout: str = WIDE,
           phone=None) -> None:
    """Lay out the chart, add the example-data mark when needed, and give the source line as text.

    The source line is not drawn into the image: in a notebook it is displayed right after the figure as a
    Markdown note (the report embeds both outputs; the note is real, searchable text in every format).

    A figure of several panels offers a phone layout: its function takes `layout` (WIDE or PHONE, drawing its
    panels with `panels`) and passes `layout` and `phone`, a function drawing the PHONE variant, e.g.
    `lambda: fig_x(ctx, PHONE)`. In a notebook the wide figure is displayed as always, then the phone variant as
    an output of type PHONE_MIME (SVG only, no note: the one note under the figure serves both).
    """
    fig.tight_layout()
    # Each text drawn in the axes gets a stable SVG id: the render adds its data rows (trace.exhibits).
    for a, ax in enumerate(fig.axes):
        for i, label in enumerate(ax.texts):
            label.set_gid(f"vvv-a{a}t{i}")
    fig._vvv_source_note = source_note(source, n)   # for callers and tests outside a notebook
    if example_data:
        # as wide as in the wide figure, relative to the figure's width
        size = 22 if layout == WIDE else round(22 * PHONE_WIDTH / FIG_WIDTH, 1)
        fig.text(0.5, 0.5, EXAMPLE_MARK, ha="center", va="center", rotation=25, fontsize=size, color="#c81e1e",
                 alpha=0.35, fontweight="bold", transform=fig.transFigure, zorder=100)
    if layout == PHONE:
        _display_phone(fig)
        return
    if _display_with_note(fig) and phone is not None:
        phone()


def _display_phone(fig) -> None:
    """In a notebook kernel: the phone variant as SVG, under PHONE_MIME (house.css shows it below the breakpoint)."""
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is None:
        return
    import matplotlib.pyplot as plt

    display({PHONE_MIME: print_figure(fig, "svg")}, raw=True)
    plt.close(fig)


def _display_with_note(fig) -> bool:
    """In a notebook kernel: the figure, then its source line; False elsewhere (nothing shown)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return False
    if get_ipython() is None:
        return False
    import matplotlib.pyplot as plt

    # Figure first, then its note: the order the reader sees in every format.
    display(fig)
    from vvvanalysis import literal

    # the source line is data text: it passes the one boundary (vvvanalysis.literal)
    display(literal.display(literal.Markup("::: {{.figure-source}}\n{}\n:::\n").format(fig._vvv_source_note)))
    plt.close(fig)   # already shown; the inline backend must not show it a second time
    return True


def text_faults(fig) -> list[str]:
    """Where a figure's text cannot be read as drawn: two texts overlapping, a text crossed by a line (grid, target
    or data line) with no background of its own, or a label cut short with '…'. Measured on the laid-out figure
    with the renderer that writes the SVG, as the text boxes there are. The example-data mark is exempt: it is
    drawn across the whole figure on purpose, faint."""
    from matplotlib.lines import Line2D
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = []
    for text in fig.findobj(Text):
        content = text.get_text().strip()
        if not content or not text.get_visible() or content == EXAMPLE_MARK or text.get_alpha() == 0:
            continue
        axes = text.axes
        if axes is not None and text in axes.get_xticklabels() + axes.get_yticklabels():
            if not _tick_in_view(axes, text):
                continue
        box = text.get_window_extent(renderer).expanded(1.0, 1.0)
        texts.append((content, box.shrunk(0.97, 0.9), text))
    faults = [f"'{c}' is cut short" for c, _box, _t in texts if c.endswith("…")]
    for i, (a, box_a, _) in enumerate(texts):
        for b, box_b, _ in texts[i + 1:]:
            if box_a.overlaps(box_b):
                faults.append(f"'{a}' overlaps '{b}'")
    drawn = [(line, None) for line in fig.lines]
    for ax in fig.axes:
        if not ax.axison:
            continue
        box = ax.get_window_extent()
        drawn += [(line, box if line.get_clip_on() else None) for line in ax.lines]
        drawn += [(line, box) for line in [*ax.xaxis.get_gridlines(), *ax.yaxis.get_gridlines()]]
        legend = ax.get_legend()
        drawn += [(line, None) for line in (legend.get_lines() if legend else [])]
    for legend in fig.legends:
        drawn += [(line, None) for line in legend.get_lines()]
    lines = [(line, clip) for line, clip in drawn if isinstance(line, Line2D) and line.get_visible()
             and line.get_linewidth() > 0 and line.get_linestyle() not in ("None", "none", "")]
    for content, box, text in texts:
        patch = text.get_bbox_patch()
        if patch is not None and patch.get_facecolor()[3] > 0.9 and text.get_zorder() >= 1:
            continue   # a text with its own white background sits on top of any line
        for line, clip in lines:
            if _crosses(line, box, clip):
                faults.append(f"'{content}' is crossed by a line")
                break
    return faults


def _tick_in_view(axes, label) -> bool:
    """Matplotlib keeps tick labels outside the axis limits; they are not drawn."""
    x, y = label.get_position()
    if label in axes.get_xticklabels():
        low, high = sorted(axes.get_xlim())
        return low - 1e-9 <= x <= high + 1e-9
    low, high = sorted(axes.get_ylim())
    return low - 1e-9 <= y <= high + 1e-9


def _crosses(line, box, clip) -> bool:
    import numpy as np

    path = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
    for (x0, y0), (x1, y1) in zip(path, path[1:]):
        if not np.all(np.isfinite([x0, y0, x1, y1])):
            continue
        for t in np.linspace(0.0, 1.0, 60):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            if box.x0 < x < box.x1 and box.y0 < y < box.y1 and (clip is None or clip.contains(x, y)):
                return True
    return False
