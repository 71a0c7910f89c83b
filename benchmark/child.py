"""Run one ``python -m analytics`` command and report its peak memory.

Prints ``{"peak_mb": ..., "cpu_s": ...}`` as the last line on stderr, for the
benchmark (CPU seconds say what the work costs even on a busy machine).
"""

import json
import resource
import sys

from analytics.__main__ import main


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux from ``VmHWM``: ``ru_maxrss`` of a process started by another one
    can report the starting process's peak instead (it is carried over when the
    new program is executed), which made a large benchmark process's own memory
    look like the import's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


status = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
report = {"peak_mb": peak_mb(), "cpu_s": usage.ru_utime + usage.ru_stime}
print(json.dumps(report), file=sys.stderr)
sys.exit(status)
