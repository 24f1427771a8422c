"""Every limit and budget of grading in one object, with a description per key.

The values and their descriptions live in ``autograder/assignments.toml``
(``[settings.<key>]`` tables), next to the assignments they grade. A key can be
overridden for one shell with the environment variable ``AUTOGRADER_<KEY>``
(``AUTOGRADER_ISOLATION=process``) and for one run with its command-line flag
(``--call-timeout 5``); the command line wins over the environment, which wins
over the manifest. ``autograder list --settings`` prints the values in force and
where each came from.

    settings = load_settings({"call_timeout": 5})
    settings.limits      # what the sandbox enforces (autograder.sandbox.Limits)
    settings.budget      # how long grading may search (Budget)
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

from .sandbox.limits import Limits

MANIFEST = Path(__file__).resolve().parent / "assignments.toml"
ENV_PREFIX = "AUTOGRADER_"
ISOLATIONS = ("auto", "bwrap", "process")
NOT_IN_FINGERPRINT = ("workers", "scheduler", "example_bank", "bank_dir", "solutions_dir")


class SettingsError(ValueError):
    """A setting is missing, unknown, or has a value of the wrong type."""


@dataclass(frozen=True)
class Budget:
    """How long grading may search one submission (a view of :class:`Settings`)."""
    concept_seconds: float
    function_seconds: float
    aborts_per_function: int   # timeouts/crashes before the rest of a function is skipped
    shrink_calls: int          # a count, not a time: the same submission, the same counterexample


@dataclass(frozen=True)
class Settings:
    """The settings of one grading run; see ``[settings]`` in ``assignments.toml`` for each key."""
    isolation: str
    solutions_dir: str
    workers: int
    scheduler: str
    example_bank: bool
    bank_dir: str
    examples_per_concept: int
    concept_seconds: float
    function_seconds: float
    aborts_per_function: int
    shrink_calls: int
    call_timeout: float
    import_timeout: float
    startup_timeout: float
    memory_mb: int
    max_processes: int
    output_chars: int
    max_file_mb: int
    max_transfer_mb: int
    tmp_mb: int

    @property
    def budget(self) -> Budget:
        return Budget(**{f.name: getattr(self, f.name) for f in fields(Budget)})

    @property
    def limits(self) -> Limits:
        return Limits(**{f.name: getattr(self, f.name) for f in fields(Limits)})

    def replace(self, **values: Any) -> "Settings":
        """A copy with some keys changed (values are checked and converted like overrides)."""
        return dataclasses.replace(self, **{k: _convert(k, v) for k, v in values.items()})

    def as_json(self) -> str:
        """The values that can change a grade, as canonical JSON (part of a grade's fingerprint).

        Where and how fast grading runs (workers, scheduler, the example bank and
        its folder) cannot change a grade; the references count by their content,
        which the fingerprint hashes, not by their folder.
        """
        values = dataclasses.asdict(self)
        for key in NOT_IN_FINGERPRINT:
            values.pop(key)
        return json.dumps(values, sort_keys=True)


@dataclass(frozen=True)
class SettingInfo:
    """One key for people: its value in force, where that came from, what it means."""
    key: str
    value: Any
    source: str
    description: str


_TYPES = {f.name: f.type for f in fields(Settings)}


def _convert(key: str, value: Any) -> Any:
    """``value`` as the type of ``key`` (strings from the environment or a flag are parsed)."""
    if key not in _TYPES:
        raise SettingsError(f"unknown setting {key!r}; known: {', '.join(_TYPES)}")
    kind = _TYPES[key]
    try:
        if kind == "bool":
            if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on"):
                value = True
            elif isinstance(value, str) and value.lower() in ("0", "false", "no", "off"):
                value = False
            if not isinstance(value, bool):
                raise ValueError
            converted: Any = value
        elif kind == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            converted = int(value)
        elif kind == "float":
            if isinstance(value, bool):
                raise ValueError
            converted = float(value)
        else:
            converted = str(value)
    except (TypeError, ValueError):
        expected = {"bool": "true or false", "int": "an integer", "float": "a number"}.get(kind, "text")
        raise SettingsError(f"setting {key!r} must be {expected}, got {value!r}") from None
    if key == "isolation" and converted not in ISOLATIONS:
        raise SettingsError(f"setting 'isolation' must be one of {', '.join(ISOLATIONS)}, got {converted!r}")
    if kind in ("int", "float") and not isinstance(converted, bool) and converted < 0:
        raise SettingsError(f"setting {key!r} must not be negative, got {converted!r}")
    return converted


@lru_cache(maxsize=None)
def _manifest_table(manifest: Path) -> dict[str, dict]:
    table = tomllib.loads(manifest.read_text(encoding="utf-8")).get("settings", {})
    unknown = set(table) - set(_TYPES)
    missing = set(_TYPES) - set(table)
    if unknown or missing:
        raise SettingsError(f"{manifest}: [settings] " + "; ".join(
            part for part in (f"unknown keys {sorted(unknown)}" if unknown else "",
                              f"missing keys {sorted(missing)}" if missing else "") if part))
    for key, entry in table.items():
        if not isinstance(entry, dict) or "value" not in entry or not entry.get("description"):
            raise SettingsError(f"{manifest}: [settings.{key}] needs a value and a description")
    return table


def describe_settings(overrides: Optional[Mapping[str, Any]] = None, manifest: Path = MANIFEST,
                      environ: Optional[Mapping[str, str]] = None) -> list[SettingInfo]:
    """Every key in manifest order with its value in force, its source and its description."""
    environ = os.environ if environ is None else environ
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(overrides) - set(_TYPES)
    if unknown:
        raise SettingsError(f"unknown setting(s) {sorted(unknown)}; known: {', '.join(_TYPES)}")
    infos = []
    for key, entry in _manifest_table(Path(manifest)).items():
        variable = ENV_PREFIX + key.upper()
        if key in overrides:
            value, source = overrides[key], "command line"
        elif environ.get(variable, "") != "":
            value, source = environ[variable], f"environment ({variable})"
        else:
            value, source = entry["value"], Path(manifest).name
        infos.append(SettingInfo(key, _convert(key, value), source, entry["description"]))
    return infos


def load_settings(overrides: Optional[Mapping[str, Any]] = None, manifest: Path = MANIFEST,
                  environ: Optional[Mapping[str, str]] = None) -> Settings:
    """The settings in force: the manifest's, then the environment's, then ``overrides``.

    Parameters
    ----------
    overrides : mapping, optional
        Key -> value from the command line (``None`` values are ignored).

    Raises
    ------
    SettingsError
        An unknown key or a value of the wrong type.
    """
    return Settings(**{info.key: info.value
                       for info in describe_settings(overrides, manifest, environ)})


# ---------------------------------------------------------------- command line

def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def add_setting_flags(parser: argparse.ArgumentParser, keys: Optional[list[str]] = None) -> None:
    """One ``--key`` flag per setting (or per key of ``keys``), documented from the manifest."""
    group = parser.add_argument_group("settings (default from autograder/assignments.toml; "
                                      "`autograder list --settings` shows them)")
    for key, entry in _manifest_table(MANIFEST).items():
        if keys is not None and key not in keys:
            continue
        kind = _TYPES[key]
        extra = {"choices": ISOLATIONS} if key == "isolation" else {}
        if kind == "bool":
            group.add_argument(_flag(key), dest=f"setting_{key}", default=None,
                               action=argparse.BooleanOptionalAction, help=entry["description"])
            continue
        group.add_argument(_flag(key), dest=f"setting_{key}", default=None, metavar=kind.upper(),
                           type={"int": int, "float": float}.get(kind, str),
                           help=entry["description"], **extra)


def overrides_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given on the command line (flags added by :func:`add_setting_flags`)."""
    return {name.removeprefix("setting_"): value for name, value in vars(args).items()
            if name.startswith("setting_") and value is not None}
