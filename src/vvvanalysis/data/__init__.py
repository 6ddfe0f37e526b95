"""Validated round data: load_table, load_yaml, load_round, validate_round; TABLES and YAMLS declare the files."""

from vvvanalysis.data.loader import Round, load_round, load_table, load_yaml, validate_round
from vvvanalysis.data.tables import TABLES
from vvvanalysis.data.yaml_schemas import YAMLS

__all__ = ["TABLES", "YAMLS", "Round", "load_round", "load_table", "load_yaml", "validate_round"]
