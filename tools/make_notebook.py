"""Write a thin report notebook from a short spec (keeps notebooks uniform; edit the .ipynb freely after).

Usage: python tools/make_notebook.py notebooks/NAME.ipynb "Title" "module.func:label:alt" ...
Each spec makes one labelled cell calling vvvanalysis.outputs.<module>.<func>(ctx); alt text is given
for figures and left empty for tables.
"""

import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def build(path: str, title: str, specs: list[str]) -> None:
    modules = sorted({spec.split(":", 1)[0].split(".")[0] for spec in specs})
    cells = [
        new_markdown_cell(f"# {title}\n\nThin notebook: all logic lives in `vvvanalysis`; each labelled cell is "
                          "embedded in the report by its label (`{{< embed … >}}`)."),
        new_code_cell('round_name = "midterm"\ndata_dir = None', metadata={"tags": ["parameters"]}),
        new_code_cell(f"from vvvanalysis.outputs import {', '.join(modules)}\nfrom vvvanalysis.notebook import setup\n\n"
                      "ctx = setup(round_name, data_dir)"),
    ]
    for spec in specs:
        call, label, alt = spec.split(":", 2)
        module, func = call.split(".")
        options = f"#| label: {label}\n"
        if alt:
            options += f'#| fig-alt: "{alt}"\n'
        body = f"fig = {module}.{func}(ctx)" if alt else f"{module}.{func}(ctx)"
        cells.append(new_code_cell(options + body))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.write(nb, path)


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2], sys.argv[3:])
