"""Korean labels render from a plain install: the NanumGothic that koreanize-matplotlib ships.

The check runs in a fresh Python process whose machine has no font at all
(bubblewrap mounts an empty folder over the system's font folders) and a new
matplotlib cache, as on a student's laptop after ``pip install``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnnlab.fonts import bundled_font_files, korean_font

ROOT = Path(__file__).resolve().parents[1]
FONT_FOLDERS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
                str(Path.home() / ".local/share/fonts")]

# Runs in the fresh process; prints one JSON object.
PROBE = r'''
import io, json, warnings
import numpy as np
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

system = sorted({font_manager.FontProperties(fname=f).get_name()
                 for f in font_manager.findSystemFonts()})

from cnnlab import plots
from cnnlab.fonts import korean_rc
from autograder.class_report.plots import share_bars, to_png

def missing_glyphs(draw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]

def text_pixels(rc):
    with rc_context(rc):
        figure = Figure(figsize=(1.2, 0.5), dpi=100)
        figure.text(0.05, 0.3, "한글", fontsize=20)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="rgba", dpi=100)
    return np.frombuffer(buffer.getvalue(), np.uint8)

grid = lambda: plots.pixel_grid(np.arange(16).reshape(4, 4),
                                title=plots.label("특징 맵", "feature map")).savefig(io.BytesIO(), format="png")
bars = lambda: to_png(share_bars(["합성곱: 패딩", "풀링"], [3, 4], [5, 5], "개념별 통과 비율"))
with_font, without = text_pixels(korean_rc()), text_pixels({"font.family": ["DejaVu Sans"]})
print(json.dumps({
    "system_fonts": system,
    "font": plots.KOREAN_FONT,
    "label": plots.label("특징 맵", "feature map"),
    "font_file": font_manager.findfont(font_manager.FontProperties(family=plots.KOREAN_FONT)),
    "missing_in_plots": missing_glyphs(grid),
    "missing_in_report": missing_glyphs(bars),
    "missing_with_dejavu": missing_glyphs(lambda: text_pixels({"font.family": ["DejaVu Sans"]})),
    "ink": int((with_font < 128).sum()),
    "differs_from_tofu": bool((with_font != without).any()),
}))
'''


def bwrap_hides_fonts() -> bool:
    if shutil.which("bwrap") is None:
        return False
    try:
        return subprocess.run(["bwrap", "--dev-bind", "/", "/", "--tmpfs", "/usr/share/fonts", "true"],
                              capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def test_the_bundled_font_is_found_without_importing_the_package():
    files = {p.name for p in bundled_font_files()}
    assert "NanumGothic.ttf" in files, "koreanize-matplotlib (a dependency) is not installed"
    assert korean_font() == "NanumGothic"
    assert "koreanize_matplotlib" not in sys.modules       # its import would change global settings


@pytest.mark.skipif(not bwrap_hides_fonts(), reason="needs bubblewrap to hide the system's fonts")
def test_a_fresh_process_without_system_fonts_draws_korean(tmp_path):
    mounts = [arg for folder in FONT_FOLDERS if Path(folder).is_dir()
              for arg in ("--tmpfs", folder)]
    cache = tmp_path / "mplconfig"
    cache.mkdir()
    env = {**os.environ, "MPLCONFIGDIR": str(cache), "MPLBACKEND": "Agg",
           "PYTHONPATH": str(ROOT)}
    run = subprocess.run(["bwrap", "--dev-bind", "/", "/", *mounts, sys.executable, "-c", PROBE],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert not [f for f in found["system_fonts"] if "Nanum" in f or "CJK" in f], found["system_fonts"]
    assert found["font"] == "NanumGothic"
    assert found["label"] == "특징 맵 (feature map)"
    assert "koreanize_matplotlib" in found["font_file"] and found["font_file"].endswith(".ttf")
    assert found["missing_in_plots"] == [] and found["missing_in_report"] == []
    # The check can fail: without the font, the same text warns of missing glyphs.
    assert found["missing_with_dejavu"], "the missing-glyph warning was expected with DejaVu Sans"
    assert found["ink"] > 100 and found["differs_from_tofu"]
