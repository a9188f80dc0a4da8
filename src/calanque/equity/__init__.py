"""Territorial equity: which questions cover the whole territory, fair exposure of its groups in
their answers, and how to measure it (exposure, AWRF, Jensen-Shannon, Gini, coverage)."""
