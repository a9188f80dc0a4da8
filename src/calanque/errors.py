"""The base of user-facing errors.

A `CalanqueError` is a failure the user can act on: a missing file, a corrupt document, a bad
setting, a refused URL, an unreachable server. Its message says what failed and, where it helps,
what to do; the shells (CLI, web) show it as it is. Any other exception is a bug.

Each error class keeps its older base too (`ValueError`, `RuntimeError`), so code that catches
those still does.
"""

from __future__ import annotations


class CalanqueError(Exception):
    """A user-facing error: its message is meant to be shown as it is, on one line."""
