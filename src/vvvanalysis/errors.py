"""One error type for everything a user can fix: the CLI prints it as one plain message.

Every message is masked for personal data as it is rendered (personal_patterns.mask_text): a value echoed from the
data ('unknown code ...', a quote) can never put an e-mail address, phone or CPR number into a terminal or CI log.
"""

from __future__ import annotations

from vvvanalysis.personal_patterns import mask_text


class VVVError(Exception):
    """A problem the user can fix. Rendered as one message; no traceback unless --debug."""

    def __init__(self, message: str, *, file=None, row=None, column=None, expected=None, hint=None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.expected = expected
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = self.message
        if where:
            text = f"{', '.join(where)}: {text}"
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f". Fix: {self.hint}"
        return mask_text(text)


class DataError(VVVError):
    """Input data violates its contract (missing file, wrong column, bad value, ...)."""


class ConfigError(VVVError):
    """A round config, profile or report source is wrong."""


class RenderError(VVVError):
    """A notebook, pandoc or typst step failed."""
