"""Show that no id of the bundled strategy is written into the product's code.

``python -m tests.check_ids`` (or ``make check-ids``) reads the indicator,
respondent group, fundament and project phase ids from ``data/framework.json``
and ``data/codebook.csv`` and looks for them in ``analytics/`` and ``pages/``:

- in Python, a string literal (also a part of an f-string or a docstring)
  that *is* one of those ids, or that names an indicator id as a word;
- in SQL, a quoted literal that is one of those ids, or an indicator id as a
  word anywhere (comments too).

Norwegian prose that happens to use the same word («behov», «ansatte») is not
an id and is not reported. Exit status 1 and one line per finding when there
is any.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from analytics.core.framework import CODEBOOK_FILE, FRAMEWORK_FILE, load_framework

REPO = Path(__file__).resolve().parent.parent
FOLDERS = ("analytics", "pages")
# The projects table's column for the pådriver's *name* shares its spelling with
# Jevnaker's fundament «padriver»; it is a column of every strategy's register.
NOT_IDS = {("analytics/core/schema.py", "padriver"), ("analytics/measures/portfolio.py", "padriver")}


def strategy_ids(framework_file: Path = FRAMEWORK_FILE, codebook_file: Path = CODEBOOK_FILE):
    """(indicator ids, every id) of a strategy."""
    fw = load_framework(framework_file, codebook_file)
    indicators = set(fw.indicator_ids)
    return indicators, indicators | set(fw.group_ids) | set(fw.fundament_ids) | set(fw.phase_ids)


def _words(indicators: set[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(indicators))) + r")(?![\w-])")


def find_ids(path: Path, indicators: set[str], ids: set[str], name: str | None = None) -> list[str]:
    """Findings in one file, as ``file:line: «id»``."""
    name = name or path.relative_to(REPO).as_posix()
    text = path.read_text(encoding="utf-8")
    words = _words(indicators)
    found = []
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                hits = {value} & ids if (name, value) not in NOT_IDS else set()
                hits |= set(words.findall(value))
                found += [f"{name}:{node.lineno}: «{hit}»" for hit in sorted(hits)]
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            hits = {literal for literal in re.findall(r"'([^']*)'", line) if literal in ids}
            hits |= set(words.findall(line))
            found += [f"{name}:{number}: «{hit}»" for hit in sorted(hits)]
    return found


def check(root: Path = REPO) -> list[str]:
    """Every finding in ``analytics/`` and ``pages/`` (Python and SQL files)."""
    indicators, ids = strategy_ids()
    files = sorted(p for folder in FOLDERS for p in (root / folder).rglob("*") if p.suffix in (".py", ".sql"))
    return [
        hit for path in files for hit in find_ids(path, indicators, ids, path.relative_to(root).as_posix())
    ]


def main() -> int:
    found = check()
    if found:
        print("Ids from the strategy files written into the code:")
        print("\n".join(f"  {hit}" for hit in found))
        return 1
    ids = strategy_ids()[1]
    print(f"No indicator, group, fundament or phase id ({len(ids)} ids) appears in analytics/ or pages/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
