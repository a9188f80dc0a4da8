"""Calanque: a grounded answer engine and virtual sailing races for a territory."""

__version__ = "0.1.0"
