"""What every report notebook does first: theme, round config and data access, from two parameters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vvvanalysis.config import RoundConfig, load_config


@dataclass(frozen=True)
class Context:
    round_name: str
    data: str | Path          # the round folder (a name or an explicit path)
    config: RoundConfig

    @property
    def example_data(self) -> bool:
        return self.config.example_data


def setup(round_name: str, data_dir: str | None = None) -> Context:
    from vvvanalysis.style import apply_theme

    apply_theme()
    data = data_dir or round_name
    return Context(round_name=round_name, data=data, config=load_config(str(data)))
