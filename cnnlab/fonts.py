"""A Korean font for matplotlib on every machine: the one installed, or the bundled NanumGothic.

matplotlib's default font (DejaVu Sans) has no Hangul: Korean labels become
empty boxes with a "Glyph ... missing from font(s)" warning. The package
``koreanize-matplotlib`` (a dependency of this project) ships NanumGothic as
TrueType files; :func:`korean_font` registers them with matplotlib's font
manager, so a fresh ``pip install`` renders Korean without any system font.

The package itself is never imported: importing it changes matplotlib's
global settings (and, on old versions, needs ``distutils``). Only its font
files are used, and every figure chooses the font itself
(:func:`korean_rc`).
"""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from matplotlib import font_manager

# Preferred first: the bundled NanumGothic has this name too.
KOREAN_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR",
                "Malgun Gothic", "AppleGothic", "UnDotum", "Baekmuk Gulim")
BUNDLED_PACKAGE = "koreanize_matplotlib"


def bundled_font_files() -> list[Path]:
    """The ``.ttf`` files shipped by ``koreanize-matplotlib`` (empty when it is not installed).

    Found without importing the package (see the module docstring).
    """
    try:
        spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    except (ImportError, ValueError):
        return []
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    return sorted(p for folder in folders for p in (Path(folder) / "fonts").glob("*.ttf"))


@functools.lru_cache(maxsize=None)
def korean_font() -> str | None:
    """The family name of a Korean font matplotlib can use, or None.

    Registers the bundled font files once per process, then returns the first
    installed family of :data:`KOREAN_FONTS`.
    """
    for path in bundled_font_files():
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):  # an unreadable file: use what else there is
            continue
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in KOREAN_FONTS if name in installed), None)


def korean_rc() -> dict:
    """matplotlib settings that draw Hangul (for ``matplotlib.rc_context``); empty without a font."""
    name = korean_font()
    if name is None:
        return {}
    return {"font.family": [name, "DejaVu Sans"], "axes.unicode_minus": False}
