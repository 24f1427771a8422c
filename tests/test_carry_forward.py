"""Students find the order of the assignments where they look, and carry their work forward.

The order is the manifest's; every built notebook shows it in its first cell and
runs ``carry_forward`` in its setup cell; the student guide lists it too.
``carry_forward`` copies finished modules and trained weights from the earlier
assignment folders nbgrader fetched, and never overwrites work.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.carry_forward import carry_forward, implemented_functions
from autograder.course.notebooks import build_notebook, carry_forward_call
from autograder.course.sources import REPO_ROOT, has_notebook, notebook_name, stub_modules
from autograder.manifest import assignments

ORDER = list(assignments())
STUBS = {path.name: path for path in stub_modules()}


def fetched(root: Path, assignment_id: str) -> Path:
    """An assignment folder as nbgrader fetches it: every stub module."""
    folder = root / assignment_id
    folder.mkdir(parents=True)
    for name, path in STUBS.items():
        shutil.copy(path, folder / name)
    return folder


def implement(folder: Path, module: str, function: str, body: str = "return 1") -> None:
    """Replace one stub body by an implementation, as a student would."""
    path = folder / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    stub = f'    raise NotImplementedError("{function} is not implemented yet")'
    assert stub in text
    path.write_text(text.replace(stub, f"    {body}"), encoding="utf-8")


def test_the_course_order_puts_the_sections_students_need_first():
    assert ORDER.index("cnn36_color_conv") < ORDER.index("cnn34_mnist_backprop")
    assert ORDER.index("cnn34_mnist_backprop") < ORDER.index("cnn31_mlp_vs_cnn")
    assert ORDER.index("cnn34_mnist_backprop") < ORDER.index("cnn32_features")
    assert ORDER[-1] == "cnn37_cifar10"


@pytest.mark.parametrize("assignment_id", [a for a in ORDER if has_notebook(assignments()[a])])
def test_every_notebook_shows_the_order_and_carries_work_forward(assignment_id, tmp_path):
    nb = nbformat.read(build_notebook(assignments()[assignment_id], tmp_path / "nb.ipynb"),
                       as_version=4)
    intro = nb.cells[0].source
    rows = re.findall(r"^\| (\d+) \| `(\w+)` \|", intro, flags=re.MULTILINE)
    assert [a for _, a in rows] == ORDER and [int(n) for n, _ in rows] == list(range(1, len(ORDER) + 1))
    (marked,) = [line for line in intro.splitlines() if "이 과제 (this one)" in line]
    assert f"`{assignment_id}`" in marked
    assert "3.6 을 먼저" in intro and f"autograder carry-forward . --assignment {assignment_id}" in intro
    setup = next(c for c in nb.cells if c.cell_type == "code").source
    assert carry_forward_call(assignment_id) in setup
    # before the student's modules are imported
    first_own_import = min(setup.index(f"from {m} import") for m in
                           ("shapes", "params", "conv", "pooling", "dropout", "backprop", "activations")
                           if f"from {m} import" in setup)
    assert setup.index(carry_forward_call(assignment_id)) < first_own_import


def test_the_student_guide_lists_every_assignment_in_the_course_order():
    guide = (REPO_ROOT / "docs" / "student_guide.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| (\d+) \| `(\w+)` \|", guide, flags=re.MULTILINE)
    assert [a for _, a in listed] == ORDER
    assert "carry_forward" in guide and "autograder carry-forward" in guide


def test_finished_modules_and_weights_come_forward_untouched_work_stays(tmp_path):
    first = fetched(tmp_path, "cnn31_flatten_mlp")
    implement(first, "shapes", "flatten")
    implement(first, "params", "dense_params")
    conv = fetched(tmp_path, "cnn331_convolution")
    implement(conv, "conv", "conv2d_single")
    implement(conv, "params", "conv2d_params")        # edited here too, later than cnn31
    (conv / "mnist_cnn.npz").write_bytes(b"weights")
    here = fetched(tmp_path, "cnn332_pooling")
    implement(here, "pooling", "max_pool2d")           # the student started here already
    before = (here / "pooling.py").read_text()

    report = carry_forward(here, "cnn332_pooling")

    assert report.earlier == [first, conv]
    assert report.copied == {"shapes.py": first, "params.py": conv, "conv.py": conv,
                             "mnist_cnn.npz": conv}
    assert implemented_functions(here / "shapes.py") == ["flatten"]
    assert implemented_functions(here / "params.py") == ["conv2d_params"]
    assert (here / "pooling.py").read_text() == before      # never overwritten
    assert (here / "mnist_cnn.npz").read_bytes() == b"weights"
    assert "shapes.py ← cnn31_flatten_mlp/" in report.text()
    # params.py of cnn331 lacks cnn31's dense_params: said, not merged
    assert report.elsewhere == {"params.py": ["dense_params"]}
    assert "dense_params" in report.text() and "copy by hand" in report.text()
    # a second run changes nothing: everything here is work now
    again = carry_forward(here, "cnn332_pooling")
    assert again.copied == {} and sorted(again.kept) == ["conv.py", "params.py", "shapes.py"]


def test_edited_modules_are_kept_and_the_missing_functions_named(tmp_path):
    earlier = fetched(tmp_path, "cnn31_flatten_mlp")
    implement(earlier, "params", "dense_params")
    here = fetched(tmp_path, "cnn332_pooling")
    implement(here, "params", "count_params")
    report = carry_forward(here, "cnn332_pooling")
    assert report.kept == ["params.py"] and report.elsewhere == {"params.py": ["dense_params"]}
    assert "params.py" not in report.copied
    assert "그대로 둠 (kept, already edited here): params.py" in report.text()


def test_without_earlier_folders_nothing_happens_and_the_note_says_why(tmp_path):
    here = fetched(tmp_path, "cnn34_mnist_backprop")
    report = carry_forward(here, "cnn34_mnist_backprop")
    assert report.copied == {} and "앞 과제의 폴더를 찾지 못했습니다" in report.text()
    with pytest.raises(ValueError, match="assignment_id"):
        carry_forward(here, "cnn99_nothing")


def test_the_command_line_does_the_same(tmp_path):
    earlier = fetched(tmp_path, "cnn36_color_conv")
    implement(earlier, "conv", "conv2d")
    here = fetched(tmp_path, "cnn34_mnist_backprop")
    result = subprocess.run([sys.executable, "-m", "autograder", "carry-forward", str(here),
                             "--assignment", "cnn34_mnist_backprop"],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    assert "conv.py ← cnn36_color_conv/" in result.stdout
    assert implemented_functions(here / "conv.py") == ["conv2d"]
    bad = subprocess.run([sys.executable, "-m", "autograder", "carry-forward", str(here),
                          "--assignment", "nope"], capture_output=True, text=True, cwd=REPO_ROOT)
    assert bad.returncode == 2 and "assignment_id" in bad.stderr
