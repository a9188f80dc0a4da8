"""The docs name every setting, and the README keeps its two set-up commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calanque.config import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting: object) -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert f"`CALANQUE_{setting.name.upper()}`" in text  # type: ignore[attr-defined]


def test_readme_quick_start_has_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", quick, re.M)
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALANQUE_TOP_K", "3")
    monkeypatch.setenv("CALANQUE_LLM_TIMEOUT", "2.5")
    settings = Settings.load({"llm": "openai"})
    assert (settings.top_k, settings.llm_timeout, settings.llm) == (3, 2.5, "openai")


def test_bad_setting_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALANQUE_TOP_K", "many")
    with pytest.raises(ValueError, match="CALANQUE_TOP_K"):
        Settings.load()
