"""Settings: one object, values and descriptions in the manifest, environment and flags override."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from dataclasses import fields

import pytest

from autograder.sandbox import Limits
from autograder.settings import (MANIFEST, Budget, Settings, SettingsError, describe_settings,
                                 load_settings)
from submissions import ROOT


def test_every_setting_has_a_value_and_a_description_in_the_manifest():
    table = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["settings"]
    assert list(table) == [f.name for f in fields(Settings)]
    for key, entry in table.items():
        assert set(entry) == {"value", "description"}, key
        assert len(entry["description"]) > 20, key
    settings = load_settings(environ={})
    assert {k: getattr(settings, k) for k in table} == {k: e["value"] for k, e in table.items()}


def test_limits_and_budget_are_views_of_the_settings():
    settings = load_settings({"call_timeout": 3, "memory_mb": 512, "shrink_calls": 7}, environ={})
    assert isinstance(settings.limits, Limits) and settings.limits.call_timeout == 3.0
    assert settings.limits.memory_mb == 512
    assert isinstance(settings.budget, Budget) and settings.budget.shrink_calls == 7
    assert Limits.defaults(output_chars=10).output_chars == 10


def test_the_command_line_wins_over_the_environment_which_wins_over_the_manifest():
    environ = {"AUTOGRADER_CALL_TIMEOUT": "5", "AUTOGRADER_EXAMPLE_BANK": "off",
               "AUTOGRADER_ISOLATION": "process"}
    settings = load_settings({"call_timeout": 2.5}, environ=environ)
    assert settings.call_timeout == 2.5 and settings.example_bank is False
    assert settings.isolation == "process"
    sources = {i.key: i.source for i in describe_settings({"call_timeout": 2.5}, environ=environ)}
    assert sources["call_timeout"] == "command line"
    assert sources["isolation"] == "environment (AUTOGRADER_ISOLATION)"
    assert sources["memory_mb"] == "assignments.toml"


@pytest.mark.parametrize("key, value", [("call_timeout", "soon"), ("workers", 1.5),
                                        ("memory_mb", -1), ("isolation", "docker"),
                                        ("example_bank", "maybe"), ("no_such_key", 1)])
def test_bad_values_are_refused_with_the_key_named(key, value):
    with pytest.raises(SettingsError, match=key):
        load_settings({key: value}, environ={})


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_list_settings_prints_each_value_its_source_and_its_meaning():
    shown = _cli("list", "--settings", "--call-timeout", "3", "--no-example-bank",
                 AUTOGRADER_MEMORY_MB="1024")
    assert shown.returncode == 0, shown.stderr
    assert "call_timeout = 3.0    [command line]" in shown.stdout
    assert "example_bank = False    [command line]" in shown.stdout
    assert "memory_mb = 1024    [environment (AUTOGRADER_MEMORY_MB)]" in shown.stdout
    assert "Address-space limit of the student process" in shown.stdout
    bad = _cli("list", "--settings", AUTOGRADER_WORKERS="many")
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0
    assert "workers" in bad.stderr
    flags = _cli("grade-class", "--help").stdout
    assert "--concept-seconds" in flags and "--scheduler" in flags and "--isolation" in flags
