"""Words printed on outputs of rounds whose data are invented, and the marker of a figure's phone variant: kept
apart from style.py so the render engines can use them without importing the plotting stack."""

EXAMPLE_MARK = "Eksempeldata – ikke reelle tal"

# The notebook output that carries a figure's phone variant (style.finish): an SVG under a type of its own, so that
# nothing takes it for the figure. The built-in engine writes it to media/<label>-phone.svg, the Quarto stage to
# report/<round>/_generated/; only the HTML shows it (report/_filters/html.lua).
PHONE_MIME = "image/vnd.vvvanalysis.phone+svg+xml"
