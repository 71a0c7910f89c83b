"""The README is the map: every command of ``python -m analytics`` once in its command table."""

import re

from tests.conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _table_commands() -> list[str]:
    """The first word of each row of the table under «## Command line» (one row per command)."""
    section = README.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.match(r"\| `([\w-]+)", row).group(1) for row in rows]


def _help_commands() -> list[str]:
    """The subcommands ``python -m analytics --help`` lists (its ``{a,b,c}`` choice list)."""
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    choices = re.search(r"\{([\w,-]+)\}", result.stdout)
    return choices.group(1).split(",")


def test_the_command_table_lists_every_command_of_the_help_once():
    table, commands = _table_commands(), _help_commands()
    assert len(commands) >= 10  # the help was read, not an empty list
    duplicates = sorted({c for c in table if table.count(c) > 1})
    assert duplicates == [], f"listed twice in the README's command table: {duplicates}"
    assert sorted(set(commands) - set(table)) == [], "commands missing from the README's command table"
    assert sorted(set(table) - set(commands)) == [], "README rows for commands the CLI does not have"


def test_the_benchmark_tables_live_in_benchmark_readme():
    benchmark = (REPO / "benchmark" / "README.md").read_text(encoding="utf-8")
    assert "<!-- benchmark sizes: start" in benchmark and "<!-- benchmark sizes: start" not in README
    assert "(benchmark/README.md)" in README


def test_the_readme_is_a_short_map_whose_reference_links_resolve():
    assert len(README.splitlines()) < 300
    linked = re.findall(r"\]\((docs/reference/[\w-]+\.md)", README)
    on_disk = sorted(f"docs/reference/{p.name}" for p in (REPO / "docs" / "reference").glob("*.md"))
    # Every reference file is linked from the map, and every link names a file that is there.
    assert sorted(set(linked)) == on_disk and len(on_disk) >= 10


def test_how_it_is_built_names_every_layer_folder_in_its_order():
    from tests.unit.test_layers import LAYERS

    section = README.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    found = [layer for layer in LAYERS if f"\n  {layer}/" in section]
    assert found == list(LAYERS)
    assert [section.index(f"\n  {layer}/") for layer in LAYERS] == sorted(
        section.index(f"\n  {layer}/") for layer in LAYERS
    )
