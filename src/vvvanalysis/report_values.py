"""The document metadata of a round: round config and every inline number the prose pulls.

Chapters write {{< meta v.KEY >}}; the values are computed here from data/<round>/ and formatted in
Danish, so no number is typed into prose by hand. Written to _build/<round>/metadata.yml, which
the round's Quarto profile lists under metadata-files (both engines read it). Where each number comes from goes
beside it, into _build/<round>/generated/kilde.json (`write_source_map`), not into the metadata: pandoc parses
every metadata string as markdown for every chapter, and the provenance of a whole round (≈270 KB) made each
Quarto chapter ~10 s slower.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from vvvanalysis import danish, literal
from vvvanalysis.config import RoundConfig
from vvvanalysis.keyfigures.forord import edition_line


BOOK_KEYS = ("title", "subtitle", "author", "date")


def round_metadata(cfg: RoundConfig) -> dict:
    pub = cfg.publication
    precision = pub.date_precision if pub else "day"
    return {
        "title": cfg.title,
        "subtitle": cfg.subtitle,
        # The cover and page header print this label; the midterm is an evaluation memo, not a
        # "Midtvejsevaluering", so its round.yml says what the cover should call it (cover_label).
        "round-label": pub.cover_label if pub else cfg.round_label,
        # A later edition is dated by its own month beside the memo's: 'November 2021 · 2. udgave, december 2026'
        "date": " · ".join(filter(None, [danish.report_date(cfg.report_date, precision), edition_line(pub)])),
        "period": f"{danish.month(cfg.period_start)} – {danish.month(cfg.period_end)}",
        "evaluator": cfg.evaluator,
        "author": cfg.evaluator,
        "commissioner": cfg.commissioner,
        "funder": cfg.funder,
        "example-data": cfg.example_data,
        "round": {"name": cfg.name, "label": cfg.round_label},
    }


def inline_values(round_name: str) -> dict[str, str]:
    """Every number the chapters cite inline, formatted for running text."""
    from vvvanalysis.keyfigures import keyfigures

    return keyfigures(round_name)


# The provenance file both engines' filters read (report/_filters/kilde-common.lua), and the metadata key that
# names it: project-relative as Quarto reads it (staged into report/<round>/_generated/ like the colophon).
SOURCE_MAP = "kilde.json"
SOURCE_MAP_KEY = "vvv-kilde-fil"


def source_map_file(build: Path) -> Path:
    """The round's source map in its build folder (_build/<round>/): generated/, staged from there for Quarto."""
    return build / "generated" / SOURCE_MAP


def source_map(round_name: str, values: dict[str, str]) -> dict:
    """Where each printed number comes from, as plain text (JSON, never parsed as markdown):
    `tal` for report/_filters/kilde.lua (each inline key's data rows and the explanation a reader sees) and
    `udstillinger` for kilde-data.lua (per table and figure: each number's rows and explanation, the rows it was
    drawn from for the "Data" disclosure, its data files for the figure's "Kilde" line)."""
    from vvvanalysis.paths import project_root
    from vvvanalysis.trace import catalogue, exhibits

    return {"tal": catalogue.html_map(round_name, project_root(), values),
            "udstillinger": exhibits.html_map(round_name, project_root())}


def write_source_map(round_name: str, values: dict[str, str], path: Path) -> None:
    text = json.dumps(source_map(round_name, values), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def literal_values(value):
    """Every string of the metadata as literal markdown: pandoc and Quarto read metadata strings as markdown,
    and {{< meta >}} pastes them into the chapter, so a title or a quoted phrase from data/ must arrive escaped
    (vvvanalysis.literal). Numbers and switches stay what they are."""
    if isinstance(value, dict):
        return {k: literal_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [literal_values(v) for v in value]
    if isinstance(value, str):
        return literal.text(value)
    return value


# Words a YAML 1.1 reader (pandoc's) takes for a switch or nothing: a data file's column 'n' must stay the text 'n'.
AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="'" if value.lower() in AMBIGUOUS else None))


def metadata_yaml(meta: dict) -> str:
    """The metadata as YAML both engines read alike (see AMBIGUOUS)."""
    return yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True)


def write_metadata(cfg: RoundConfig, path: Path, extra: dict | None = None) -> dict:
    meta = round_metadata(cfg)
    # Title-page facts go under book: Quarto merges metadata-files into the project config, where a top-level
    # title/subtitle/author/date would replace every chapter page's own title (a sidebar of identical
    # "Venner Viser Vej II" entries). The built-in engine reads them from book: as well (Project.metadata).
    meta["book"] = {key: meta.pop(key) for key in BOOK_KEYS}
    meta["v"] = inline_values(cfg.name)
    write_source_map(cfg.name, meta["v"], source_map_file(path.parent))
    meta[SOURCE_MAP_KEY] = f"report/{cfg.name}/_generated/{SOURCE_MAP}"
    from vvvanalysis.trace.comments import ROUND_PROPERTY, edition_mark

    meta[ROUND_PROPERTY] = edition_mark(cfg)   # the DOCX says which report it is (vvv comments checks it)
    if extra:
        meta.update(extra)
    meta = literal_values(meta)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Generated by vvv render from data/%s/ - do not edit\n" % cfg.name
    text += metadata_yaml(meta)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return meta
