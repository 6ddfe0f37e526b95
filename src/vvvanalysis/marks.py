"""Words printed on outputs of rounds whose data are invented (kept apart from style.py so the render
engine can use them without importing the plotting stack)."""

EXAMPLE_MARK = "Eksempeldata – ikke reelle tal"
