"""Command-line shell over the core library (`calanque …`)."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="calanque",
    help="Ask questions about a territory, from sources you ingest; run virtual sailing races.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Console-script entry point."""
    app()
