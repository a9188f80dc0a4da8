"""Test doubles that speak real protocols over real sockets, shipped for users' tests too."""
