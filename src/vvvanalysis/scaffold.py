"""`vvv new-round NAME [--from ROUND]`: set up a new reporting round for the evaluators to fill in.

Without --from: data/NAME/round.yml (the template round's, name replaced, dates to fill, example_data: true),
every declared CSV with its header row only, every YAML file as a commented skeleton, the template round's
chapter files copied to report/NAME/ (a new round starts from the last one's text), and the Quarto profile
_quarto-NAME.yml listing them. `vvv validate --round NAME` then names, file by file, what is still missing.
With --from ROUND: the same, but the data are copied from ROUND too.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from vvvanalysis.data.tables import TABLES
from vvvanalysis.data.yaml_schemas import YAMLS, FreeMapping, RecordList
from vvvanalysis.errors import ConfigError
from vvvanalysis.paths import ROUND_NAME, data_root, known_rounds, project_root

DEFAULT_TEMPLATE = "midterm"
DATE_KEYS = ("period_start", "period_end", "report_date")
TO_FILL = "ÅÅÅÅ-MM-DD"


def new_round(name: str, source: str | None = None) -> list[Path]:
    """Create the round; returns the created paths. Refuses to touch an existing round or profile."""
    if not ROUND_NAME.match(name):
        raise ConfigError(f"'{name}' is not a valid round name", expected="lower-case letters, digits, '-' or '_'",
                          hint="e.g. vvv new-round final2")
    folder, profile = data_root() / name, project_root() / f"_quarto-{name}.yml"
    for existing in (folder, profile, project_root() / "report" / name):
        if existing.exists():
            raise ConfigError(f"round '{name}' already exists", file=existing,
                              hint="pick another name, or delete the folder and profile yourself to start over")
    template = source or (DEFAULT_TEMPLATE if DEFAULT_TEMPLATE in known_rounds() else next(iter(known_rounds()), None))
    if template is None or template not in known_rounds():
        raise ConfigError(f"no round '{template}' to start from", expected="one of: " + (", ".join(known_rounds()) or "none"),
                          hint="use --from with an existing round")
    src = data_root() / template
    folder.mkdir(parents=True)
    created = [_round_yml(src / "round.yml", folder / "round.yml", name, template, keep_dates=source is not None)]
    if source:
        for path in sorted(src.iterdir()):
            if path.is_file() and path.name not in {"round.yml", "README.md"}:
                shutil.copy2(path, folder / path.name)
                created.append(folder / path.name)
    else:
        for schema in TABLES.values():
            path = folder / schema.file
            path.write_text(",".join(c.name for c in schema.columns) + "\n", encoding="utf-8")
            created.append(path)
        for schema in YAMLS.values():
            path = folder / schema.file
            path.write_text(_yaml_skeleton(schema), encoding="utf-8")
            created.append(path)
    created.extend(_chapters(template, name))
    created.append(_readme(folder / "README.md", name, template, copied=source is not None))
    created.append(_profile(profile, name, project_root() / f"_quarto-{template}.yml"))
    return created


def _round_yml(template: Path, path: Path, name: str, previous: str, *, keep_dates: bool) -> Path:
    text = template.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name:.*$", f"name: {name}", text)
    text = re.sub(r"(?m)^example_data:.*$", "example_data: true   # set to false once the data are real", text)
    if not keep_dates:
        for key in DATE_KEYS:
            text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {TO_FILL}   # fill in the date", text)
    if not re.search(r"(?m)^compare_with:", text):
        text += f"\n# The previous round (chapter 'Udvikling siden forrige evaluering'); remove if there is none\ncompare_with: {previous}\n"
    header = (f"# Round '{name}', created by 'vvv new-round' from '{previous}'. Fill in the dates and the texts;\n"
              "# keep example_data: true until every file holds real data.\n")
    path.write_text(header + text, encoding="utf-8")
    return path


def _yaml_skeleton(schema) -> str:
    lines = [f"# {schema.file}: fill in (schema: src/vvvanalysis/data/yaml_schemas.py)."]
    if isinstance(schema, RecordList):
        fields = ", ".join(f.name + ("?" if f.optional else "") for f in schema.fields)
        lines += [f"# One record per item under '{schema.list_key}:', each with the fields: {fields}",
                  "# ('?' = may be left out). Example:",
                  f"# {schema.list_key}:", "#   - id: \"...\""]
        if schema.name != "datanoter":
            lines.insert(1, "source: \"\"   # where the texts come from")
        lines.append(f"{schema.list_key}: []")
    elif isinstance(schema, FreeMapping):
        lines += [f"# A mapping that says where it comes from ({' or '.join(schema.any_of)}); structure as in the",
                  "# previous round's file.", f"{schema.any_of[0]}: \"\""]
    return "\n".join(lines) + "\n"


def _chapters(template: str, name: str) -> list[Path]:
    """Copy the template round's chapter files (report/TEMPLATE/*.qmd) to report/NAME/."""
    src, dest = project_root() / "report" / template, project_root() / "report" / name
    dest.mkdir(parents=True)
    copied = []
    for path in sorted(src.glob("*.qmd")):
        shutil.copy2(path, dest / path.name)
        copied.append(dest / path.name)
    return copied


def _readme(path: Path, name: str, template: str, *, copied: bool) -> Path:
    what = (f"The files are copies of data/{template}/ — replace them with this round's data."
            if copied else "Every CSV has only its header row; every YAML file is a skeleton.")
    path.write_text(
        f"# Round '{name}'\n\nCreated with `vvv new-round {name}`. {what}\n\n"
        f"1. Fill in `round.yml` (dates, titles; `compare_with:` names the previous round).\n"
        f"2. Fill in every data file; `vvv validate --round {name}` names the next file to fill.\n"
        f"3. Rewrite the round's chapters in `report/{name}/` (copied from `report/{template}/`; one file per chapter).\n"
        f"4. Delete `opfoelgning.csv` if the round does not follow up earlier recommendations.\n"
        f"5. Set `example_data: false` once the data are real; then `vvv render --round {name}`.\n",
        encoding="utf-8")
    return path


def _profile(path: Path, name: str, template_profile: Path) -> Path:
    """The round's profile: the template's, with its chapter lists pointing at report/NAME/."""
    book = (yaml.safe_load(template_profile.read_text(encoding="utf-8")) or {}).get("book") or {}
    prefix = f"report/{template_profile.stem.removeprefix('_quarto-')}/"
    book = {key: [f"report/{name}/" + c.removeprefix(prefix) if isinstance(c, str) else c for c in items]
            for key, items in book.items() if isinstance(items, list)}
    text = (f"# Profile for the '{name}' round: quarto render --profile {name}   (after: vvv execute --round {name})\n"
            f"# The round's chapters are whole files in report/{name}/; lists append to _quarto.yml's.\n"
            f"# The metadata file is written by 'vvv execute --round {name}'.\n"
            f"project:\n  output-dir: _build/{name}/quarto\nmetadata-files:\n  - _build/{name}/metadata.yml\n")
    if book:
        text += yaml.safe_dump({"book": book}, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
