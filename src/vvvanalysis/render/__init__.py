"""Rendering: the Quarto project model, the built-in pandoc+typst engine and the Quarto engine."""
