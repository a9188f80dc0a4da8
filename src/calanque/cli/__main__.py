"""`python -m calanque.cli …`, same as the `calanque` command."""

from calanque.cli import main

main()
