"""Report outputs per chapter: one module per memo (sub)chapter with its figures and tables.

Each function takes the notebook context (vvvanalysis.notebook.Context) and returns a matplotlib
figure or a Markdown table; notebooks call them in labelled cells, chapters embed them by label.
"""
