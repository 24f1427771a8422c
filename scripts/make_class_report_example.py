#!/usr/bin/env python3
"""An example class report: a class of 200 made from six real gradings, and a screenshot.

    python scripts/make_class_report_example.py OUT_DIR [--size 200] [--screenshot docs/class_report.png]

Six typical submissions (correct, kernel flipped, "same" padding on the wrong
side, off by one, channels first, untouched stubs) are graded for real (about
30 seconds); the class is made of copies of their results under new ids,
each with its own trained-network accuracy and convolution speed
(tests/class_results.py). Then ``autograder report`` runs on it. With
``--screenshot``, headless chromium (``/usr/bin/chromium``) photographs the top
of the page and the mistakes section, joined into one small PNG (the
instructor guide's picture).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from class_results import grade_templates, make_class  # noqa: E402

from autograder.class_report import HTML_NAME, class_report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
WIDTH = 1000


def screenshot(page: Path, out: Path, parts: list[tuple[int, int]], colours: int = 96) -> None:
    """Photograph ``page`` and keep the given ``(top, height)`` bands, one under the other."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        shot = Path(tmp) / "page.png"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={tmp}/profile", f"--screenshot={shot}",
                        f"--window-size={WIDTH},{max(t + h for t, h in parts)}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
        image = Image.open(shot).convert("RGB")
    bands = [image.crop((0, top, WIDTH, top + height)) for top, height in parts]
    joined = Image.new("RGB", (WIDTH, sum(b.height for b in bands) + 12 * (len(bands) - 1)), "#bbbbbb")
    y = 0
    for band in bands:
        joined.paste(band, (0, y))
        y += band.height + 12
    # A palette of a few dozen colours keeps text sharp and the file small.
    joined.quantize(colours, method=Image.Quantize.MEDIANCUT).save(out, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--bands", default="0:1300,3205:700,5472:480",
                        help="top:height of each band of the page to keep (pixels)")
    args = parser.parse_args()
    templates = grade_templates(args.out / "submissions")
    made = make_class(args.out / "class", templates, args.size, seed=args.seed)
    report = class_report(made.root, args.out / "report", title=f"예시 반 (example class of {args.size})")
    print(f"report: {report.html}")
    if args.screenshot:
        bands = [tuple(int(v) for v in band.split(":")) for band in args.bands.split(",")]
        screenshot(args.out / "report" / HTML_NAME, args.screenshot, bands)
        print(f"screenshot: {args.screenshot} ({args.screenshot.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
