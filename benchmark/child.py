"""Run one ``python -m analytics`` command and report its peak memory.

Prints ``{"peak_mb": ..., "cpu_s": ...}`` as the last line on stderr, for the
benchmark (CPU seconds say what the work costs even on a busy machine).
"""

import json
import resource
import sys

from analytics.__main__ import main
from benchmark.memory import peak_mb

status = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
# Linux: the import's own peak; elsewhere the best the system says.
peak = peak_mb() or usage.ru_maxrss / 1024
report = {"peak_mb": peak, "cpu_s": usage.ru_utime + usage.ru_stime}
print(json.dumps(report), file=sys.stderr)
sys.exit(status)
