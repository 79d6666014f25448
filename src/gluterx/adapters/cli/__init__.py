"""The `gluterx` command line (Typer + Rich)."""
