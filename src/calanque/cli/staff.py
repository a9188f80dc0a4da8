"""`calanque console …`: staff accounts of the agency's console (a thin shell over
`calanque.console.accounts`). There is no default account and no default password: the first
admin is created here."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from calanque.cli.common import Home, Pack, console, make_engine, user_errors
from calanque.console.accounts import ROLES, Accounts
from calanque.errors import CalanqueError

app = typer.Typer(help="Staff accounts of the console (/console).", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise CalanqueError("no terminal to ask the password on: pass it with --password-stdin")
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("Again", hide_input=True) != first:
        raise CalanqueError("the two passwords differ")
    return str(first)


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@app.command("add-user")
def add_user(
    username: Annotated[str, typer.Argument(help="Log-in name (lower case).")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")] = "editor",
    password_stdin: PasswordStdin = False,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Create a staff account (the password is asked, never given on the command line)."""
    with user_errors():
        accounts = Accounts(make_engine(home, pack).database)
        accounts.add_user(username, _password(password_stdin), role)
        console.print(f"[green]{username.strip().lower()}[/green] added ({role})")


@app.command("set-password")
def set_password(
    username: Annotated[str, typer.Argument(help="Log-in name.")],
    password_stdin: PasswordStdin = False,
    home: Home = None,
    pack: Pack = None,
) -> None:
    """Set a new password (and unlock the account; its open sessions end)."""
    with user_errors():
        Accounts(make_engine(home, pack).database).set_password(username, _password(password_stdin))
        console.print(f"password of [green]{username}[/green] changed")


@app.command("users")
def users(home: Home = None, pack: Pack = None) -> None:
    """List the staff accounts."""
    with user_errors():
        table = Table("username", "role", "state", "last log-in")
        for u in Accounts(make_engine(home, pack).database).users():
            state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "active")
            table.add_row(u["username"], u["role"], state, u["last_login"] or "never")
        console.print(table)
