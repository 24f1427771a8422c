"""Resource limits of one sandboxed submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    """What one submission's process may use.

    Attributes
    ----------
    call_timeout : float
        Seconds of wall time per call (sending the arguments and receiving the
        result included); past it the process is killed and restarted on the
        next call.
    memory_mb : int
        Address-space limit (``RLIMIT_AS``) of the student process, in MiB.
    max_processes : int
        Processes and threads the student may run (``RLIMIT_NPROC`` when the
        process runs under its own uid, plus a ``pids`` cgroup where one can
        be created).
    output_chars : int
        Characters of stdout+stderr kept per call; the rest is dropped with a note.
    import_timeout : float
        Seconds for importing one student module.
    max_file_mb : int
        Largest file the student process may write (``RLIMIT_FSIZE``), which
        also bounds output written straight to fds 1 and 2.
    max_transfer_mb : int
        Largest array data in one message, either way.
    tmp_mb : int
        Size of the private ``/tmp`` under bubblewrap (if its version supports ``--size``).
    startup_timeout : float
        Seconds for a new worker to get ready (no student code runs before that).
    """
    call_timeout: float = 10.0
    memory_mb: int = 2048
    max_processes: int = 32
    output_chars: int = 4000
    import_timeout: float = 20.0
    max_file_mb: int = 64
    max_transfer_mb: int = 256
    tmp_mb: int = 64
    startup_timeout: float = 60.0

    def as_dict(self) -> dict:
        return asdict(self)
