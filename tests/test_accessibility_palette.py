"""Colour: every pair of colours that one figure uses to tell series or categories apart stays apart for
readers with deuteranopia or protanopia (Machado, Oliveira & Fernandes 2009, severity 1.0), measured as
CIEDE2000 distance. The colours are read from the figures themselves, for both rounds."""

from __future__ import annotations

import itertools
import math

import matplotlib
import numpy as np
import pytest

matplotlib.use("agg")

MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
MIN_DISTANCE = 15.0   # CIEDE2000; ~2.3 is "just noticeable", the seaborn palette's orange/vermillion pair is 9


def _linear(rgb):
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def ciede2000(lab1, lab2) -> float:
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p, h2p = math.degrees(math.atan2(b1, a1p)) % 360, math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dc / s_c) * (dH / s_h))


def seen_as(rgb, vision: str):
    return _lab(MACHADO[vision] @ _linear(rgb))


def closest_pair(colours) -> tuple[float, str, tuple, tuple]:
    return min((ciede2000(seen_as(a, v), seen_as(b, v)), v, a, b)
               for v in MACHADO for a, b in itertools.combinations(colours, 2))


def test_ciede2000_matches_the_published_test_data():
    """Sharma, Wu & Dalal (2005), pairs 1 and 17 of their table."""
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)


def test_the_simulation_merges_a_red_green_pair():
    """The check can fail: red and green that differ for normal vision nearly merge for deuteranopes."""
    red, green = (0.8, 0.3, 0.2), (0.45, 0.5, 0.15)
    assert ciede2000(seen_as(red, "normal"), seen_as(green, "normal")) > 25
    assert ciede2000(seen_as(red, "deuteranopia"), seen_as(green, "deuteranopia")) < MIN_DISTANCE


def _distinguishing_colours(fig) -> set[tuple]:
    """Solid fills and line colours that carry meaning: not white/none, not the light fills of boxes,
    not the grey of hatched 'ikke oplyst' bands (told apart by their pattern and label)."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours = set()
    for ax in fig.axes:
        for artist in ax.get_children():
            if isinstance(artist, Patch) and not artist.get_hatch() and artist.get_visible():
                r, g, b, a = to_rgba(artist.get_facecolor())
                if a >= 0.5 and artist is not ax.patch:
                    colours.add((round(r, 3), round(g, 3), round(b, 3)))
            elif isinstance(artist, Line2D) and artist.get_visible() and len(artist.get_xdata()) > 1:
                if artist.get_linestyle() in ("-", "solid"):   # dashed lines differ by pattern
                    r, g, b, _ = to_rgba(artist.get_color())
                    colours.add((round(r, 3), round(g, 3), round(b, 3)))
    neutral = {c for c in colours if max(c) - min(c) < 0.05}   # white, greys, black: no hue to confuse
    return colours - neutral


def _figures(round_name):
    from vvvanalysis.notebook import setup
    from vvvanalysis.outputs import (boligomraader, kommuner, kurser, maalopfyldelse, matches, opfoelgning,
                                     projekt, udvikling)

    ctx = setup(round_name)
    makers = [maalopfyldelse.figur_maalopfyldelse, maalopfyldelse.figur_fremskrivning, projekt.fig_forandringsteori,
              kommuner.fig_henvisning, kommuner.fig_henvisningsrutiner,
              kommuner.fig_andet_samarbejde, matches.fig_deltagere,
              kurser.fig_viden, kurser.fig_redskaber, boligomraader.fig_status]
    if round_name == "final":
        makers += [udvikling.figur_omfang, udvikling.figur_andele, opfoelgning.figur_status]
    for make in makers:
        yield f"{make.__module__.rsplit('.', 1)[-1]}.{make.__name__}", ctx, make


@pytest.mark.parametrize("round_name", ["midterm", "final"])
def test_colours_in_one_figure_stay_apart_for_colour_blind_readers(round_name):
    import matplotlib.pyplot as plt

    from vvvanalysis.errors import ConfigError

    checked = 0
    for name, ctx, make in _figures(round_name):
        try:
            fig = make(ctx)
        except ConfigError:   # a figure this round's book does not draw (e.g. the final round's outlook)
            continue
        colours = _distinguishing_colours(fig)
        plt.close(fig)
        if len(colours) < 2:
            continue
        distance, vision, a, b = closest_pair(colours)
        assert distance >= MIN_DISTANCE, f"{name}: {a} and {b} are {distance:.1f} apart under {vision}"
        checked += 1
    assert checked >= 3   # the figures with several colours were really looked at
