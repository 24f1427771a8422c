"""Run untrusted student code: one isolated, resource-limited worker per submission.

    from autograder.sandbox import Sandbox, Limits, RNG

    with Sandbox(Path("submissions/kim"), Limits.defaults(call_timeout=5)) as box:
        result = box.call("conv", "conv2d", (x, w), {"stride": 2})
        if result.status == "ok":
            out = result.value

Every outcome is a :class:`CallResult` (``ok``, ``raised``, ``timeout``,
``crashed``, ``memory``, ``missing``, ``import_error``, ``bad_output``); the
grader process survives anything the student code does. A timeout, crash or
memory kill ends the worker; the next call starts a fresh one
(``Sandbox.restarts`` counts them).

What crosses the boundary
-------------------------
Only data, never pickle: a JSON header plus raw array bytes in
length-prefixed frames over two pipes (:mod:`codec`, :mod:`frames`). Arrays
of numeric/bool dtype, numpy scalars, ``int``/``float``/``bool``/``None``/``str``,
``tuple``/``list``/``dict`` (``str`` keys), :class:`RNG` (a
``numpy.random.default_rng(seed)`` on the student side) and the
``cnnlab.layers`` dataclasses. A student return value of any other type
(objects, functions, generators, object arrays, things with ``__reduce__``)
becomes ``bad_output`` naming the type; nothing from the student side is
ever unpickled, imported or called by the grader. Decoding checks dtypes,
shapes against byte counts, nesting depth (64) and sizes
(``Limits.max_transfer_mb`` of array data, 16 MB of JSON).

Inside the worker (both isolations)
-----------------------------------
rlimits on address space (``memory_mb``), processes/threads (``max_processes``),
file size (``max_file_mb``) and core dumps, set before any student import;
stdout/stderr captured per call and cut to ``output_chars``; protocol pipes on
close-on-exec fds >= 900; every other inherited fd closed; stdin empty; a
minimal environment (single-threaded BLAS, ``PYTHONHASHSEED=0``); a ``pids``
cgroup caps processes where one can be created (:mod:`cgroup`), which also
binds when the student's processes keep outer uid 0.

``isolation="bwrap"`` (bubblewrap): what instructor grading uses
-----------------------------------------------------------------
New user, pid, network, ipc, uts and cgroup namespaces (no network: only a
private loopback with nothing listening), no capabilities, no nested user
namespaces, a new session, death with the grader. As root, bubblewrap itself
runs as ``nobody`` when that uid can read the Python installation (so
``RLIMIT_NPROC`` binds); otherwise it runs as root with every capability
dropped. The filesystem is a read-only root holding only ``/usr`` (and the
``/lib``/``/bin`` links), a few ``/etc`` files for the dynamic loader, the
Python installation (prefixes and site-packages, read-only), the worker's own
folder, a copy of ``cnnlab``, the copy of the submission's ``.py`` files, the
capture file, a fresh ``/proc`` and a read-only ``/dev``. The only writable
places are the capture file (``max_file_mb``) and two private tmpfs mounts,
``/tmp`` and ``/dev/shm``, of ``tmp_mb`` each (tmpfs pages are memory outside
the address-space limit, so each has a size); all vanish with the sandbox.
The course repository (``solutions/``, the grader, other submissions, their
results) is not there. Closing the sandbox kills the namespace's init, which
takes every process of the submission with it.

What it does not promise: CPU time beyond the wall-clock timeouts, fairness
between sandboxes running at once, memory of the kernel's own objects (pipes,
SysV shared memory and ``memfd`` pages are not counted by the address-space
limit; the last two vanish with the sandbox's namespaces and processes), or
protection from kernel bugs. Speed grading kills the submission's processes
before it times the reference (:mod:`autograder.speed_grading`).

``isolation="process"`` (fallback without bubblewrap): for trusted code only
----------------------------------------------------------------------------
A plain subprocess of the grader's own user in a new session, cwd in the
private copy, same rlimits and environment, killed by process group, by
cgroup when available, and by a /proc scan for its session id and a random
environment token. It is what ``autograder check`` uses on a student's
machine without bubblewrap (the student's own code, no secrets to keep) and
what ``--isolation process`` asks for explicitly for code one trusts;
instructor grading refuses to fall back to it by itself
(:mod:`autograder.grading_isolation`). It does NOT protect against:

- reading any file the grader's user can read, ``solutions/`` included, and
  writing wherever that user may write (other students' results, ``/tmp``,
  ``/dev/shm``: what is written there stays after grading);
- network access;
- signalling other processes of the same user (as root, any process) and,
  as root, raising its own rlimits;
- a process that double-forks (its parent exits), calls ``setsid`` *and*
  clears its environment, when no cgroup is available: it may outlive
  ``close()`` (children of the live worker are found through the process tree).

``isolation="auto"`` runs bubblewrap once per grader process (the real launch
plan, importing numpy) and falls back to ``process`` if that fails. Without an
``isolation`` argument the ``isolation`` setting decides (``AUTOGRADER_ISOLATION=process``
forces the fallback; see :mod:`autograder.settings`).
"""
from .codec import RNG, CodecError
from .launcher import isolation_available
from .limits import Limits
from .call_result import CallResult, SandboxError, SourcePlace
from .sandbox import Sandbox

__all__ = ["Sandbox", "CallResult", "Limits", "RNG", "isolation_available", "CodecError",
           "SandboxError", "SourcePlace"]
