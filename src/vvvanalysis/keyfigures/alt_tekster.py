"""Figure alternative texts that depend on the round's data (vvvanalysis.alt_texts), for the notebooks'
`#| fig-alt: "{{< meta v.alt_… >}}"`."""

from vvvanalysis import alt_texts


def values(round_name) -> dict[str, str]:
    return {alt_texts.key(label): text(round_name) for label, text in alt_texts.BY_LABEL.items()}
