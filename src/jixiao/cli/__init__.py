"""Command-line interface: a Typer app with one sub-command per area."""
