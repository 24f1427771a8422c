"""Resource limits of one sandboxed submission.

The values in force come from the settings (``autograder/assignments.toml``);
:meth:`Limits.defaults` gives them without arguments.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace


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
        Address-space limit (``RLIMIT_AS``) of the student process, in MiB. With
        ``2 * tmp_mb`` it is also the limit of the sandbox's memory cgroup, where one
        can be created (:attr:`memory_cgroup_bytes`).
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
    call_timeout: float
    memory_mb: int
    max_processes: int
    output_chars: int
    import_timeout: float
    max_file_mb: int
    max_transfer_mb: int
    tmp_mb: int
    startup_timeout: float

    @classmethod
    def defaults(cls, **changes) -> "Limits":
        """The limits of the settings in force, with ``changes`` applied."""
        from ..settings import load_settings  # the settings module reads the manifest

        return replace(load_settings().limits, **changes)

    @property
    def memory_cgroup_bytes(self) -> int:
        """What the sandbox's memory cgroup may hold: ``memory_mb`` plus both tmpfs mounts.

        The cgroup also charges what ``RLIMIT_AS`` does not see (memfd and SysV
        shared memory pages, pipe buffers, the tmpfs files), so a submission that
        stays within its address space and fills ``/tmp`` and ``/dev/shm`` fits,
        and one that hoards memory elsewhere is stopped at the same total.
        """
        return (self.memory_mb + 2 * self.tmp_mb) << 20

    def as_dict(self) -> dict:
        return asdict(self)
