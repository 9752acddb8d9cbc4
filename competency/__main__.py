"""``python -m competency`` runs the CLI, for checkouts where the console script points elsewhere."""

from .cli.main import cli

cli(prog_name="competency")
