"""Every message for users lives in the catalogue ``analytics/core/text.py``.

The check reads every Python file in ``analytics/``, ``pages/`` and ``app.py``
except the catalogue itself, and reports ``file:line: «text»`` for each string
literal (a plain string, or the text parts of an f-string taken together, a
placeholder counting as a word) that reads as bokmål for a person:

- at least two words with a space between them;
- not code: a regular expression, SQL, a JSON snippet, markup or a script;
- a common bokmål word (:data:`BOKMAL`) or a word with æ, ø or å, or two words
  that the catalogue's own bokmål uses (:data:`VOCABULARY`);
- and more such words than English ones (:data:`ENGLISH`), so the CLI's English
  ``--help`` and log lines for developers pass.

A token with ``_``, ``=``, ``/``, ``@`` or a dot inside (``item_id``,
``secrets.toml``) is a name, not a word. Docstrings and comments are not looked at.

A message belongs in ``TEXT`` with a key, used as ``t("key", name=value)``.
:data:`NOT_MESSAGES` lists the few places whose bokmål is data, not a message,
each with the reason. ``python -m tests.unit.test_messages`` prints the findings.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = "analytics/core/text.py"

NORWEGIAN_LETTER = re.compile("[æøåÆØÅ]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are bokmål and not English.
BOKMAL = _words(
    """
    og ikke er til med av på den det de som en et ei fila mappa mappe runde runden har kan skal
    må ble blir ingen eller fra om ved etter når men så seg sin sine alle hver finnes mangler
    feil fil fant finner kunne skriv velg bruk sett lagre lagret ugyldig tom gyldig linje rad
    kolonnen kolonnene tabellen ukjent ukjente eksempel tall heltall mer mindre enn ut også
    """
)
# English words that mark a text as English (help for developers and the CLI's options).
ENGLISH = _words(
    """
    the a an and of is are was be in on with from by or not this that it its as one two
    default which when where each every into see print show write will has have their whose
    what file files folder list new seed stopped stopping retention python
    """
)
# Words both languages use: they count for neither.
BOTH = _words("for per")
WORD = re.compile(r"[^\W\d_]+")
PLACEHOLDER = "{}"
# Literals that are code, not prose: a regular expression, SQL, a JSON snippet, markup, a script.
CODE = (
    re.compile(r"\(\?|\\[sdwbSDW]|\[\^|\]\{\d|^\^"),
    re.compile(r"\b(SELECT|FROM|WHERE|JOIN|LIMIT|NULL|CREATE|INSERT|UPDATE|DELETE|COPY|PRAGMA)\b"),
    re.compile(r'^\s*[{\[]*\s*"[\w ]+"\s*:'),
    re.compile(r"=>|<script|</?[a-zA-Z][\w-]*[\s>/]|\{\{?\s*[\w-]+\s*:[^}]*;"),
)


def prose_words(text: str) -> list[str]:
    """The words of a text, lower case; a token with _, =, /, @ or a dot inside is a name, a
    setting or an address, not a word."""
    tokens = [token for token in text.split() if not re.search(r"[_=/@]|\w\.\w", token)]
    return [w.lower() for token in tokens for w in WORD.findall(token)]


def _vocabulary() -> frozenset[str]:
    """The words of the catalogue's bokmål: without placeholders, quoted names («…», "…", […])
    and English words."""
    from analytics.core.text import TEXT

    quoted = re.compile(r"\{[^}]*\}|«[^»]*»|\"[^\"]*\"|\[[^\]]*\]")
    words = {w for text in TEXT.values() for w in prose_words(quoted.sub(" ", text))}
    return frozenset(w for w in words if len(w) > 2) - ENGLISH - BOTH


VOCABULARY = _vocabulary()

# (file, the assignment or function the literal is in): why its bokmål is not a message.
NOT_MESSAGES = {
    (
        "analytics/ingest/survey.py",
        "ROLE_HEADERS",
    ): "column headers recognised in survey exports (input vocabulary)",
    ("analytics/ingest/survey.py", "PERSONAL_HEADERS"): "headers of personal data recognised in exports",
    ("analytics/ingest/survey.py", "IGNORED_SYSTEM_HEADERS"): "system headers recognised in exports",
    ("analytics/ingest/survey.py", "DONT_KNOW"): "answers read as «vet ikke» (input vocabulary)",
    ("analytics/ingest/survey.py", "ROLES_IN_CODEBOOK"): "codebook headers recognised in exports",
    ("analytics/core/schema.py", "ACTION_STATUSES"): "the status values of a tiltak in the data model",
    ("analytics/core/schema.py", "FIXED_ALIASES"): "header names recognised in imported tables",
    ("analytics/core/schema.py", "aliases"): "header names recognised in imported tables",
    (
        "analytics/ingest/read.py",
        "TOTAL_WORDS",
    ): "words that mark a sum row in a spreadsheet (input vocabulary)",
    ("analytics/__main__.py", "build_parser"): "the CLI's --help, in English like argparse's own words",
    ("analytics/measures/actions.py", "VERDICTS"): "verdict values stored in the records and the CLI's JSON",
    ("analytics/measures/goals.py", "STATUS_ON_TRACK"): "status values stored in the scorecard records",
    ("analytics/ingest/demo.py", "DEMO_BENCHMARK_SOURCE"): "invented demo data",
    ("analytics/ingest/demo.py", "DEMO_NETWORK"): "invented demo data",
    ("analytics/ingest/demo.py", "_ACTION_OWNERS"): "invented demo data",
    ("analytics/ingest/demo.py", "generic_model"): "invented demo data (a project's description)",
    ("analytics/ingest/demo.py", "demo_actions"): "status values of the invented tiltak",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _scopes(tree: ast.AST) -> dict[int, str]:
    """For every node: the name of the function, class or module-level assignment it is in."""
    scopes: dict[int, str] = {}

    def visit(node: ast.AST, scope: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and scope == "":
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            first = targets[0].elts[0] if isinstance(targets[0], ast.Tuple) else targets[0]
            scope = first.id if isinstance(first, ast.Name) else ""
        scopes[id(node)] = scope
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(tree, "")
    return scopes


def literals(tree: ast.AST):
    """(node, text) for every string literal that is not a docstring; an f-string as one text."""
    docstrings = _docstrings(tree)
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node, "".join(v.value if isinstance(v, ast.Constant) else PLACEHOLDER for v in node.values)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and id(node) not in parts
        ):
            yield node, node.value


def is_message(text: str) -> bool:
    """Whether a literal reads as bokmål for a person (see the module's docstring)."""
    if len(text.split()) < 2 or any(pattern.search(text) for pattern in CODE):
        return False
    words = prose_words(text)
    common = sum(w in BOKMAL or bool(NORWEGIAN_LETTER.search(w)) for w in words)
    known = sum(w in VOCABULARY and w not in BOKMAL and not NORWEGIAN_LETTER.search(w) for w in words)
    english = sum(w in ENGLISH for w in words)
    # One word the catalogue also uses («cli», «indicator») does not make a sentence bokmål.
    return common + known > english and (common > 0 or known > 1)


def find_messages(path: Path, name: str) -> list[str]:
    """Findings in one file, as ``file:line: «text»``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = _scopes(tree)
    return [
        f"{name}:{node.lineno}: «{text}»"
        for node, text in literals(tree)
        if is_message(text) and (name, scopes.get(id(node), "")) not in NOT_MESSAGES
    ]


def files(root: Path = REPO) -> list[Path]:
    found = [*(root / "analytics").rglob("*.py"), *(root / "pages").rglob("*.py"), root / "app.py"]
    return sorted(p for p in found if p.relative_to(root).as_posix() != CATALOGUE)


def check(root: Path = REPO) -> list[str]:
    """Every finding, ordered by file and line."""
    found = []
    for path in files(root):
        hits = find_messages(path, path.relative_to(root).as_posix())
        found += sorted(hits, key=lambda hit: int(hit.split(":")[1]))
    return found


def test_every_message_is_in_the_catalogue():
    found = check()
    assert not found, "Messages outside analytics/core/text.py (put them in TEXT):\n" + "\n".join(found)


def test_the_check_tells_messages_from_code(tmp_path):
    code = tmp_path / "x.py"
    code.write_text(
        '"""Modul for å lese fila."""\n'
        'error = f"Fila {name} er tom."\n'
        'label = "Ingen null-fundament"\n'
        'verdict = f"Feil: {exc}"\n'
        'status = "gjennomført"\n'
        'help_text = "the meetings composed for Møtemodus"\n'
        'pattern = r"(?<=[.!?])\\s+(?=[A-ZÆØÅ])"\n'
        "query = \"SELECT runde FROM svar WHERE enhet = 'Skole og barnehage'\"\n"
        'hint = \'{"id": "ansatte", "name": "Ansatte og ledere"}\'\n'
        "def f():\n"
        '    """Lager en tabell for hver runde."""\n'
        '    return "alle", "skjult"  # Bare et ord, og en kommentar.\n',
        "utf-8",
    )
    assert find_messages(code, "x.py") == [
        "x.py:2: «Fila {} er tom.»",
        "x.py:3: «Ingen null-fundament»",
        "x.py:4: «Feil: {}»",
    ]


def test_every_exception_names_its_reason():
    for (name, scope), reason in NOT_MESSAGES.items():
        assert (REPO / name).is_file() and scope and reason, name


def main() -> int:
    found = check()
    if found:
        print(f"{len(found)} messages outside {CATALOGUE}:")
        print("\n".join(f"  {hit}" for hit in found))
        return 1
    print(f"Every message in analytics/, pages/ and app.py is in {CATALOGUE}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
