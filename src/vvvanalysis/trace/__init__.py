"""Where a piece of the report comes from: the one map from output text to its source.

- rows.py      which data rows (file, Excel-style row, column) each inline number is computed from, found by
               changing each data cell in turn and seeing which numbers change (so the rows named are the rows
               used, not the rows someone remembered to list);
- method.py    how the number was computed from those cells, in Danish ("sum af række 2–5", "andel = 22 af 42");
- catalogue.py one entry per key: value, description, rows, method, source, the chapter lines that print it;
               the `vvv keys` listing, docs/noegletal.md, the map the HTML's data-kilde attributes come from,
               and the render's check that every printed key has a description;
- uses.py      which chapter lines and notebooks print which key (the one scan of {{< meta v.KEY >}});
- anchors.py   where each prose paragraph was written (chapter, line): bookmarks in the DOCX of both engines
               (the built-in engine writes them into its markdown, kilde.lua into Quarto's from afsnit.json);
               and where text from data was (a recommendation's or quote's data line, a table cell's position);
- comments.py  `vvv comments`: a reviewer's comments and tracked changes traced back by those bookmarks.

The HTML (report/_filters/kilde.lua), `vvv keys` and `vvv comments` all read this map; there is no second way
to find where a number came from.
"""
