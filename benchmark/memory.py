"""A process's peak resident memory, as the kernel keeps it (``VmHWM``, Linux)."""

from pathlib import Path


def peak_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory in MB of process ``pid`` (this one by default); None without /proc.

    ``VmHWM`` belongs to the running program: ``ru_maxrss`` of a process started
    by another one can report the starting process's peak instead (it is carried
    over when the new program is executed).
    """
    try:
        lines = Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None
