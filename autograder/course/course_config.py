"""The course's nbgrader configuration: the instructor's file, and the autograder's part of it.

Two files in the course directory:

- ``nbgrader_config.py`` belongs to the instructor. The first build writes it
  (course id, exchange, commented examples for late penalties and export
  weights); later builds never rewrite it, so a changed course id, exchange
  root or penalty survives every rebuild.
- ``autograder_nbgrader_config.py`` belongs to the autograder and is rewritten
  by every build. ``nbgrader_config.py`` loads it near its top, so anything the
  instructor sets below that line wins. It makes ``nbgrader autograde`` record
  the autograder's results (:mod:`autograder.course.recording`) instead of
  running the notebooks, keeps the students' modules in the autograded copy,
  puts back grade cells a student deleted, and sets how cleared solutions look.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from autograder.manifest import assignments

from .errors import CourseError
from .sources import stub_modules

CONFIG_FILE = "nbgrader_config.py"
AUTOGRADER_CONFIG_FILE = "autograder_nbgrader_config.py"
LOAD_LINE = (f"load_subconfig({AUTOGRADER_CONFIG_FILE!r})  # noqa: F821 -- the autograder's part, "
             "rewritten by every build; settings below override it")
# The first line of configurations written before builds kept them.
OLD_HEADER = "# Written by `python -m autograder.course build`; running it again rewrites this file."
HEADER = ("# nbgrader's configuration of this course. `python -m autograder.course build` wrote it\n"
          "# once and never rewrites it: edit it freely (course id, exchange, late penalty, ...).")

# What a cleared solution region becomes in the released notebook. No
# ``raise NotImplementedError()`` (nbgrader's default): every task cell sets its
# answer to None before the region, so a student can run the whole notebook
# from the first day and the check cells say "no answer yet".
CODE_STUB = "# 여기에 코드를 작성하세요 (YOUR CODE HERE)"
TEXT_STUB = "여기에 답을 쓰세요 (YOUR ANSWER HERE)"

RECORDER = "autograder.course.recording.AutograderResults"
# nbgrader's own autograde preprocessors, with the recorder in the place of Execute.
AUTOGRADE_PREPROCESSORS = [
    RECORDER,
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]


def autograder_config() -> str:
    """The text of ``autograder_nbgrader_config.py``."""
    modules = [m.name for m in stub_modules()]
    keep = {assignment_id: modules for assignment_id in assignments()}
    preprocessors = "".join(f"    {p!r},\n" for p in AUTOGRADE_PREPROCESSORS)
    return "\n".join([
        "# The autograder inside nbgrader. Written by `python -m autograder.course build` and",
        f"# rewritten by every build: do not edit; set things in {CONFIG_FILE} instead.",
        "c = get_config()  # noqa: F821 (provided by nbgrader)",
        "",
        "# Cleared solutions: a comment, not `raise NotImplementedError()`, so a fresh notebook runs.",
        f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}",
        f"c.ClearSolutions.text_stub = {TEXT_STUB!r}",
        "",
        "# `nbgrader autograde` fills the autograder's grade cells with its results instead of",
        "# running the notebook (no student code runs here); the rest is nbgrader's own step:",
        "# scores into gradebook.db (manual scores kept), late penalties.",
        f"c.Autograde.autograde_preprocessors = [\n{preprocessors}]",
        "# The autograded copy keeps the student's modules (nbgrader would put the stubs back).",
        f"c.Autograde.exclude_overwriting = {keep!r}",
        "# A grade cell a student deleted from the notebook is put back, and graded.",
        "c.OverwriteCells.add_missing_cells = True",
        "",
    ])


def new_config(course_id: str, exchange_root: Optional[Path]) -> str:
    """The text of a new course's ``nbgrader_config.py``."""
    lines = [HEADER, "c = get_config()  # noqa: F821 (provided by nbgrader)", LOAD_LINE, "",
             f"c.CourseDirectory.course_id = {course_id!r}"]
    if exchange_root is not None:
        lines.append(f"c.Exchange.root = {str(exchange_root)!r}")
    ids = list(assignments())
    lines += [
        "",
        "# Late work. Set a due date with nbgrader:",
        f'#   nbgrader db assignment add {ids[0]} --duedate="2025-03-14 23:59:00 Asia/Seoul"',
        "# Late submissions are marked late; to also take 10% of the score per started day:",
        "# c.AssignLatePenalties.plugin_class = 'autograder.course.late_penalty.PercentPerDay'",
        "# c.PercentPerDay.percent_per_day = 10",
        "# c.PercentPerDay.max_percent = 100",
        "# c.PercentPerDay.grace_minutes = 0",
        "",
        "# Weights of the assignments in the course gradebook export (default: each assignment's points):",
        f"# c.CourseGradebookExport.weights = {{{ids[0]!r}: 10, {ids[1]!r}: 10}}",
        "",
    ]
    return "\n".join(lines)


def read_config(course_dir: Path):
    """The configuration ``nbgrader_config.py`` of ``course_dir`` sets (a traitlets ``Config``)."""
    from traitlets.config.loader import ConfigFileNotFound, PyFileConfigLoader

    try:
        return PyFileConfigLoader(CONFIG_FILE, path=str(course_dir)).load_config()
    except ConfigFileNotFound:
        from traitlets.config import Config
        return Config()


def write_config(course_dir: Path, course_id: Optional[str], exchange_root: Optional[Path],
                 default_course_id: str) -> list[str]:
    """Write the autograder's part, and ``nbgrader_config.py`` unless it exists.

    An existing ``nbgrader_config.py`` is kept as it is; it only gains the line
    that loads the autograder's part when it lacks it, and a course id or an
    exchange asked for that it does not set.

    Returns
    -------
    list of str
        What was done, for people.

    Raises
    ------
    CourseError
        When ``course_id`` or ``exchange_root`` differ from what the existing
        file sets (the build does not overwrite the instructor's settings).
    """
    course_dir = Path(course_dir)
    config_path = course_dir / CONFIG_FILE
    if not config_path.exists():
        (course_dir / AUTOGRADER_CONFIG_FILE).write_text(autograder_config(), encoding="utf-8")
        config_path.write_text(new_config(course_id or default_course_id, exchange_root), encoding="utf-8")
        return [f"wrote {config_path}"]
    current = read_config(course_dir)
    additions = []
    for section, key, wanted, flag in (("CourseDirectory", "course_id", course_id, "--course-id"),
                                       ("Exchange", "root", exchange_root, "--exchange")):
        if wanted is None:
            continue
        wanted = str(wanted)
        if key not in current[section]:
            additions.append(f"c.{section}.{key} = {wanted!r}")
            continue
        same = (Path(current[section][key]).resolve() == Path(wanted).resolve() if key == "root"
                else str(current[section][key]) == wanted)
        if not same:
            raise CourseError(f"{config_path} sets c.{section}.{key} = {current[section][key]!r}, "
                              f"not {wanted!r}; the build keeps that file, so edit it there "
                              f"(or leave out {flag})")
    (course_dir / AUTOGRADER_CONFIG_FILE).write_text(autograder_config(), encoding="utf-8")
    text = config_path.read_text(encoding="utf-8")
    notes = []
    if LOAD_LINE.split("  #")[0] not in text:
        text = _with_load_line(text)
        notes.append(f"{config_path}: added the line that loads {AUTOGRADER_CONFIG_FILE}")
    if additions:
        text = text.rstrip("\n") + "\n" + "\n".join(additions) + "\n"
        notes.append(f"{config_path}: added {'; '.join(additions)}")
    if notes:
        config_path.write_text(text, encoding="utf-8")
    return notes or [f"kept {config_path}"]


def _with_load_line(text: str) -> str:
    """``text`` with :data:`LOAD_LINE` after its ``c = get_config()`` (or first), old header replaced."""
    lines = text.splitlines()
    if lines and lines[0] == OLD_HEADER:
        lines[0:1] = HEADER.splitlines()
    at = next((i + 1 for i, line in enumerate(lines) if line.strip().startswith("c = get_config()")), 0)
    lines.insert(at, LOAD_LINE)
    return "\n".join(lines) + "\n"


def check_config(course_dir: Path) -> None:
    """Raise :class:`CourseError` unless nbgrader, run in ``course_dir``, would record the autograder's results."""
    course_dir = Path(course_dir)
    if not (course_dir / CONFIG_FILE).is_file():
        raise CourseError(f"{course_dir} has no {CONFIG_FILE}; run `python -m autograder.course build "
                          f"{course_dir}` first")
    preprocessors = read_config(course_dir).Autograde.get("autograde_preprocessors", [])
    if not preprocessors or preprocessors[0] != RECORDER:
        raise CourseError(f"{course_dir / CONFIG_FILE} does not load {AUTOGRADER_CONFIG_FILE}; run "
                          f"`python -m autograder.course build {course_dir}` to add it")
