"""vvvanalysis: data, indicators, figures and rendering for the Venner Viser Vej II evaluation reports."""

__version__ = "0.1.0"
