"""The grader's own memory is bounded, whatever the student returns.

``tests/corpus/hostile/returns_huge_outputs`` answers every call with 200 MB of
the wrong shape. The grader runs in a fresh process so that its peak resident
memory can be measured: ``VmHWM`` of ``/proc/self/status``, the grader alone
(sandboxes are other processes). ``ru_maxrss`` would not do: Linux keeps it
across ``exec``, so it reports the test runner's own size at the fork.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus" / "hostile"
GRADER = """
import json, sys
from autograder.engine import grade_submission
from autograder.manifest import specs_for
from autograder.settings import load_settings
settings = load_settings({"shrink_calls": 12, "isolation": sys.argv[2]})
result = grade_submission(sys.argv[1], specs_for(functions=["shapes.flatten"]), settings=settings)
received = [c.counterexample.received for c in result.concepts if c.counterexample]
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
peak_kb = int(status["VmHWM"].split()[0])
print(json.dumps({"score": result.score, "received": received, "peak_mb": peak_kb / 1024}))
"""


def test_huge_wrong_outputs_leave_the_grader_under_one_gib():
    from autograder.sandbox import isolation_available

    done = subprocess.run([sys.executable, "-c", GRADER, str(CORPUS / "returns_huge_outputs"),
                           isolation_available()], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\ngrader peak RSS with 200 MB answers: {report['peak_mb']:.0f} MB")
    assert report["score"] == 0
    assert report["peak_mb"] < 1024
    # Feedback still shows what came back: its shape and dtype, and a few values.
    assert any("shape=(26214400,)" in text and "float64" in text for text in report["received"])
