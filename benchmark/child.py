"""Run one ``python -m analytics`` command and report its peak memory.

Prints ``{"peak_mb": ...}`` as the last line on stderr, for the benchmark.
"""

import json
import resource
import sys

from analytics.__main__ import main

status = main(sys.argv[1:])
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"peak_mb": peak_mb}), file=sys.stderr)
sys.exit(status)
