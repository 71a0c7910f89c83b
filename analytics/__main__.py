"""Command line: ``python -m analytics COMMAND``.

Calls the same functions as the pages. Exit status 0 on success; input that
is refused exits with status 2 and a short message in bokmål on stderr, and
leaves the data folder exactly as it was.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import sys
from pathlib import Path

from analytics.core import suppression
from analytics.core.config import ConfigError, load_config
from analytics.core.framework import FrameworkError, framework
from analytics.core.schema import conform
from analytics.core.text import figure_text, refresh_summary, t
from analytics.ingest import KINDS, ImportRefused, history, import_file, load_demo, undo_import
from analytics.measures import actions, changes, culture, inputs, participation, portfolio
from analytics.present import actions_text, audit, meeting, participation_text, prepublish
from analytics.store import Store, StoreError, settings

REFUSED = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English
        self.exit(REFUSED, t("cli_invalid_command", message=message))


def _store(args) -> tuple[Store, int]:
    """The data folder and the anonymity threshold in force (:meth:`Store.threshold`)."""
    store = Store(load_config(args.data_dir).data_dir)
    return store, store.threshold()


def _require_data(store: Store) -> None:
    if not store.has_data():
        raise StoreError(t("cli_no_data", data_dir=store.data_dir))


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def cmd_demo(args) -> int:
    store, _ = _store(args)
    manifest = load_demo(store, args.seed)
    print(t("cli_demo_written", data_dir=store.data_dir, version=manifest["version"]))
    return 0


def cmd_codebook(args) -> int:
    items = [
        {"item_id": i.item_id, "indicator": i.indicator, "text": i.text, "groups": list(i.groups)}
        for i in framework().items
    ]
    if args.json:
        _print_json(items)
    else:
        for item in items:
            print(f"{item['item_id']:6} {item['indicator']:3} {item['text']}")
    return 0


def _who() -> str:
    return f"cli ({getpass.getuser()})"


def cmd_import(args) -> int:
    store, _ = _store(args)
    report = import_file(
        store,
        args.file,
        kind=args.kind,
        round_label=args.round,
        group=args.group,
        dry_run=args.dry_run,
        who=_who(),
        form=args.form,
        accept_rejected=args.accept_rejected,
        delete_missing=args.delete_missing,
        codebook_paths=args.codebook,
    )
    print("\n".join(report.lines()))
    if args.dry_run and not report.already_imported:
        print(t("cli_first_rows"))
        print(report.preview().to_string(index=False))
    return 0


def _one_line(value) -> str:
    r"""A value on one line of a plain listing: a line break, a control or a direction
    character is written as its escape, so no value can forge a line.

    >>> print(_one_line("svar.csv\n2026-01-01  admin  undo"))
    svar.csv\n2026-01-01  admin  undo
    """
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def cmd_history(args) -> int:
    store, _ = _store(args)
    records = history(store)
    if args.json:
        _print_json(records)
    else:
        for r in records:
            state = (
                t("history_active") if r["active"] else t("cli_history_undone_by", undone_by=r["undone_by"])
            )
            if r["kind"] == "undo":
                state = t("cli_history_undoes", imports=", ".join(map(str, r["undoes"])))
            if r["kind"] == "meeting":
                state = t("history_meeting")
            refreshed = f"{r['refresh']['seconds']:>7.2f} s" if r.get("refresh") else " " * 9
            print(
                f"{r['id']:>4}  {r['at']}  {r['kind']:8} {state:22} {refreshed}  "
                f"{_one_line(r['file_name'] or '')}  {_one_line(r['who'])}"
            )
    return 0


def cmd_undo(args) -> int:
    store, _ = _store(args)
    record = undo_import(store, args.import_id, _who())
    if record.get("refresh"):
        print(refresh_summary(record["refresh"]))
    print(t("cli_undone", import_id=args.import_id, version=record["version"]))
    return 0


def cmd_audit(args) -> int:
    store, _ = _store(args)
    entries = audit.newest_first(store.audit_log())
    if args.json:
        _print_json(entries)
    else:
        for e in entries:
            who, action, detail = (_one_line(e[key]) for key in ("who", "action", "detail"))
            print(f"{e['at']}  {who:28} {action:9} v{e['data_version']:<4} {detail}")
    return 0


def cmd_refresh(args) -> int:
    store, _ = _store(args)
    _require_data(store)
    if args.spark_root and args.engine != "spark":
        raise StoreError(t("spark_root_needs_spark"))
    compute = None
    if args.engine == "spark":
        from analytics.store import spark

        compute = spark.compute(store, spark.session(), root=args.spark_root)
    record = store.refresh(compute, who=_who(), engine=args.engine)
    print(refresh_summary(record["refresh"]))
    print(t("refresh_done", engine=args.engine, version=record["version"]))
    return 0


def cmd_summary(args) -> int:
    store, threshold = _store(args)
    _require_data(store)
    cells = store.query("culture_cells", include_unpublished=args.include_unpublished)
    records = culture.summary_records(
        suppression.suppress(cells, threshold, store.shown_thresholds()), args.by
    )
    if args.include_unpublished:
        published = set(store.published_rounds())
        records = [{**r, "published": r["round"] in published} for r in records]
    if args.json:
        _print_json(records)
    elif not records:
        waiting = ", ".join(r["round"] for r in store.rounds() if not r["published"]) or t("word_none")
        print(t("summary_none_published", rounds=waiting, data_dir=store.data_dir), file=sys.stderr)
    else:
        for r in records:
            figure = t("hidden") if r["suppressed"] else f"{r['mean']:.2f} (n={r['n']})"
            where = " / ".join(w for w in (r["unit"], r["group"]) if w) or t("word_all")
            state = "" if r.get("published", True) else f"  ({t('publish_state_unpublished')})"
            print(f"{r['round']} {r['indicator']:5} {where:20} {figure}{state}")
    return 0


def cmd_changes(args) -> int:
    store, threshold = _store(args)
    _require_data(store)
    shown = suppression.suppress(store.query("culture_cells"), threshold, store.shown_thresholds())
    try:
        records = changes.changes(shown, args.from_round, args.to_round, args.by)
    except ValueError as exc:
        print(t("cli_error", exc=exc), file=sys.stderr)
        return REFUSED
    if args.json:
        _print_json(records)
    elif not records:
        print(t("changes_none"), file=sys.stderr)
    else:
        for r in records:
            where = " / ".join(w for w in (r["unit"], r["group"]) if w) or t("word_all")
            if r["note"]:
                figure = t("changes_note_" + r["note"])
            elif r["suppressed"]:
                figure = t("hidden")
            else:
                significant = "*" if r["significant"] else ""
                figure = f"{r['from_value']:.2f} -> {r['to_value']:.2f} ({r['change']:+.2f}){significant}"
            print(f"{r['from_round']}-{r['to_round']} {r['indicator']:5} {where:20} {figure}")
    return 0


def cmd_participation(args) -> int:
    store, threshold = _store(args)
    _require_data(store)
    shown = suppression.suppress(store.query("culture_cells"), threshold, store.shown_thresholds())
    limit = settings.flag_limit(store.settings())
    records = participation.participation(shown, store.table("invited"), threshold, limit, args.by)
    if args.json:
        _print_json(records)
        return 0
    for r in records:
        where = " / ".join(w for w in (r["unit"], r["group"]) if w) or t("word_all")
        flag = f"  {t('participation_flag', limit=limit)}" if r["flag"] else ""
        print(f"{r['round']} {where:32} {participation_text.rate_text(r)}{flag}")
    for label in participation.rounds_without_invited(records):
        print(t("participation_round_missing", round=label), file=sys.stderr)


def cmd_drivers(args) -> int:
    from analytics.measures import drivers

    config = load_config(args.data_dir)
    store, threshold = _store(args)
    _require_data(store)
    fw = framework()
    if not fw.outcome:
        raise StoreError(t("drivers_no_outcome"))
    records = drivers.from_store(store, threshold, config.driver_min_respondents, fw)
    published = store.published_rounds()
    if args.round is not None and args.round not in published:
        raise StoreError(
            t("drivers_unknown_round", round=args.round, rounds=", ".join(published) or t("word_none"))
        )
    if args.group is not None and args.group not in fw.group_ids:
        raise StoreError(t("drivers_unknown_group", group=args.group, groups=", ".join(fw.group_ids)))
    records = [r for r in records if args.round in (None, r["round"]) and args.group in (None, r["group"])]
    if args.json:
        _print_json(records)
    else:
        for r in records:
            sign = "*" if r["significant"] else " "
            print(
                t(
                    "cli_drivers_line",
                    round=r["round"],
                    group=format(r["group"] or t("word_all"), "12"),
                    indicator=format(r["indicator"], "5"),
                    n=format(r["n"], "<5"),
                    level=format(r["level"], ".2f"),
                    r=format(r["r"], "+.2f"),
                    ci_low=format(r["ci_low"], "+.2f"),
                    ci_high=format(r["ci_high"], "+.2f"),
                    sign=sign,
                )
            )
    return 0


def cmd_share(args) -> int:
    from analytics.measures import benchmarks
    from analytics.present.export import to_csv_bytes

    store, threshold = _store(args)
    _require_data(store)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise StoreError(t("cli_out_folder_missing", parent=out.parent))
    shown = suppression.suppress(store.query("culture_cells"), threshold, store.shown_thresholds())
    rows = benchmarks.share_rows(shown, framework(), threshold, store.is_demo())
    if rows.empty:
        raise StoreError(t("share_no_rounds"))
    out.write_bytes(to_csv_bytes(rows))
    print(t("share_done", rows=len(rows), rounds=rows["year"].nunique(), out=out, threshold=threshold))
    return 0


def cmd_rounds(args) -> int:
    store, _ = _store(args)
    records = store.rounds()
    if args.json:
        _print_json(records)
    else:
        for r in records:
            state = "published" if r["published"] else ("withdrawn" if r["withdrawn"] else "unpublished")
            deleted = f"  ({t('rounds_answers_deleted')})" if r["answers_deleted"] else ""
            counted = t("cli_rounds_respondents", respondents=format(r["respondents"], ">6"))
            print(f"{r['round']:12} {t('publish_state_' + state):16} {counted}{deleted}")
    return 0


def cmd_publication(action: str):
    """The command that publishes (``action`` "publish") or withdraws a survey round."""

    def run(args) -> int:
        store, threshold = _store(args)
        _require_data(store)
        if action == "withdraw":
            done = store.withdraw(args.round, _who())
        else:
            limit = settings.flag_limit(store.settings())
            if args.dry_run:
                _print_dry_run(prepublish.dry_run(store, args.round, threshold, limit), args.json)
                return 0
            who = _who()
            done = prepublish.publish(store, args.round, who, threshold, limit, args.confirm_warnings)
        print(t(f"{action}_done" if done else f"{action}_already", round=args.round))
        return 0

    return run


def _print_dry_run(found: dict, as_json: bool) -> None:
    if as_json:
        _print_json(found)
        return
    print(t("dry_run_cli_title", round=found["round"], previous=found["previous_round"] or "-"))
    for measure in [found["index"], *found["indicators"]]:
        figure = figure_text(measure["mean"], "mean", measure["suppressed"])
        change = "" if measure["change"] is None else f"  {figure_text(measure['change'], 'change', False)}"
        print(f"  {measure['indicator']:6} {figure}{change}")
    for record in found["participation"]:
        where = " / ".join(w for w in (record["unit"], record["group"]) if w) or t("word_all")
        print(f"  {where:32} {participation_text.rate_text(record)}")
    for hidden in found["hidden"]:
        print(f"  {hidden['text']}")
    for warning in found["warnings"]:
        print(f"  {t('dry_run_cli_warning')}: {warning['text']}")


def cmd_projects(args) -> int:
    store, _ = _store(args)
    _require_data(store)
    manifest = store.manifest()
    records = portfolio.project_summaries(
        *(store.table(name, manifest) for name in ("projects", "assessments", "phases", "actors"))
    )
    if args.json:
        _print_json(records)
    else:
        for r in records:
            index = t("word_unknown") if r["fundament_index"] is None else f"{r['fundament_index']:.0f}"
            print(f"{r['project_id']:4} {index:>6}  {r['phase'] or '':12} {r['name']}")
    return 0


def cmd_actions(args) -> int:
    store, threshold = _store(args)
    _require_data(store)
    table = conform("actions", store.table("actions"))
    shown = (
        suppression.suppress(store.query("culture_cells"), threshold, store.shown_thresholds())
        if store.has_published_survey()
        else None
    )
    records = actions.action_records(table, shown)
    if args.json:
        _print_json(records)
    else:
        for r in records:
            change, interval, _ = actions_text.effect_text(r["effect"])
            where = r["unit"] or "-"
            print(f"{r['action_id']:4} {r['status']:12} {where:20} {r['target']:10} {change:>8}  {interval}")
    return 0


def cmd_goals(args) -> int:
    from analytics.measures import goals

    store, threshold = _store(args)
    _require_data(store)
    for note in goals.goal_targets(framework(), store.settings())[2]:
        print(f"Merk: {note}", file=sys.stderr)
    records = inputs.sources_from_store(store, threshold).goals
    if args.json:
        _print_json(records)
    else:
        for r in records:
            print(f"{r['id']} {r['text']}\n   {r['sentence']}")
            for m in r["measures"]:
                print(f"   - {m['label']}: {goals.fmt_value(m['measure'], m['latest'])} ({m['status']})")
    return 0


def cmd_meetings(args) -> int:
    store, _ = _store(args)
    records = meeting.meeting_records(meeting.meetings(store))
    if args.json:
        _print_json(records)
    else:
        for r in records:
            print(f"{r['meeting_id']:32} {r['date'] or '':10}  {r['title']}  ({', '.join(r['slides'])})")
    return 0


def cmd_report(args) -> int:
    store, threshold = _store(args)
    _require_data(store)
    # Imported here: the PowerPoint and PDF libraries would slow every other command's start.
    from analytics.present import reports

    chosen = meeting.find_meeting(store, args.meeting)
    sources = inputs.sources_from_store(store, threshold)
    slides = meeting.build_slides(chosen, sources)
    out = Path(args.out)
    if out.is_dir():
        raise StoreError(t("report_out_is_folder", out=out, example=out / f"rapport.{args.format}"))
    if not out.parent.is_dir():
        raise StoreError(t("cli_out_folder_missing", parent=out.parent))

    def write(content: bytes) -> None:
        try:
            out.write_bytes(content)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                if out.is_file():  # a report cut short is no report
                    out.unlink()
                raise
            raise StoreError(t("report_out_unwritable", out=out, reason=exc.strerror or exc)) from None

    reports.make(store, args.format, chosen, slides, sources, _who(), deliver=write)
    print(t("cli_report_written", title=chosen.title, count=len(slides), out=out))
    return 0


def cmd_backup(args) -> int:
    from analytics.store import backup

    store, _ = _store(args)
    index = backup.backup(store, args.out, _who())
    count = len(index["files"])
    print(t("backup_done", version=index["data_version"], count=count, out=args.out))
    return 0


def cmd_restore(args) -> int:
    from analytics.store import backup

    data_dir = load_config(args.data_dir).data_dir
    index = backup.restore(args.file, data_dir, _who(), replace=args.replace)
    count = len(index["files"])
    print(t("restore_done", version=index["data_version"], file=args.file, data_dir=data_dir, count=count))
    return 0


def cmd_health(args) -> int:
    from analytics.store import health

    result = health.check(load_config(args.data_dir).data_dir)
    if args.json:
        _print_json(result)
    else:
        print("ok" if result["ok"] else "\n".join(result["problems"]))
    return 0 if result["ok"] else 1


def cmd_retention(args) -> int:
    from analytics.store import retention

    store, _ = _store(args)
    _require_data(store)
    done = retention.run(store, _who(), dry_run=args.dry_run)
    print("\n".join(done.lines()))
    if not done.empty:
        print(t("retention_dry_run" if args.dry_run else "retention_done"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analytics", description="Innovasjonsbarometeret")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name, func, help_text, json_flag=False):
        p = sub.add_parser(name, help=help_text)
        p.set_defaults(func=func)
        p.add_argument("--data-dir", help="data folder (default: INNOBARO_DATA_DIR or data/store)")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON")
        return p

    demo = command("demo", cmd_demo, "write the demo dataset")
    demo.add_argument("--seed", type=int, default=None, help="generator seed")
    command("codebook", cmd_codebook, "print the survey codebook", json_flag=True)
    imp = command("import", cmd_import, "import a survey, project, event or follow-up measures file")
    imp.add_argument("file")
    imp.add_argument("--kind", choices=KINDS, default="survey")
    imp.add_argument("--round", help="survey round label, e.g. 2024")
    imp.add_argument("--group", help="respondent group id from the strategy file (see codebook)")
    imp.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")
    imp.add_argument(
        "--form", help="the questionnaire's name, for remembered mappings (default: from file name)"
    )
    imp.add_argument(
        "--accept-rejected",
        action="store_true",
        help="store the file even if some rows or values are rejected",
    )
    imp.add_argument(
        "--delete-missing",
        action="store_true",
        help="delete respondents of earlier imports of the same form that this export no longer has",
    )
    imp.add_argument(
        "--codebook",
        action="append",
        default=[],
        help="the form's own codebook file (Nettskjema codebook, SurveyXact labels/structure); repeatable",
    )
    command("history", cmd_history, "list imports, newest first", json_flag=True)
    command("audit", cmd_audit, "print the audit trail, newest first", json_flag=True)
    undo = command("undo", cmd_undo, "undo an import by its id (see history)")
    undo.add_argument("import_id", type=int)
    summary = command("summary", cmd_summary, "culture indicators per round", json_flag=True)
    summary.add_argument(
        "--by",
        choices=tuple(culture.BREAKDOWNS),
        help="one breakdown besides the overall rows (default: per unit and per group)",
    )
    summary.add_argument(
        "--include-unpublished",
        action="store_true",
        help="add the rounds readers do not see yet, each record marked with published true/false",
    )
    changed = command("changes", cmd_changes, "changes between two rounds, like for like", json_flag=True)
    changed.add_argument("--from", dest="from_round", help="the earlier round (default: the one before --to)")
    changed.add_argument("--to", dest="to_round", help="the later round (default: the latest published)")
    changed.add_argument(
        "--by",
        choices=tuple(culture.BREAKDOWNS),
        help="one breakdown besides the overall rows (default: per unit and per group)",
    )
    rates = command(
        "participation", cmd_participation, "response rates: responded of invited per round", json_flag=True
    )
    rates.add_argument(
        "--by",
        choices=tuple(culture.BREAKDOWNS),
        help="one breakdown besides the overall rows (default: per unit and per group)",
    )
    drivers = command(
        "drivers", cmd_drivers, "how each indicator goes together with the strategy's outcome", json_flag=True
    )
    drivers.add_argument("--round", help="one published round (default: every published round)")
    drivers.add_argument("--group", help="one respondent group (default: all respondents and every group)")
    share = command(
        "share", cmd_share, "write the shown municipality and group figures for other municipalities"
    )
    share.add_argument(
        "--out", required=True, help="the CSV file to write (import it with --kind benchmarks)"
    )
    command("rounds", cmd_rounds, "survey rounds: published or not, respondents, answers", json_flag=True)
    publish = command("publish", cmd_publication("publish"), "publish a survey round to readers")
    publish.add_argument("round", help="the round's label (see rounds)")
    publish.add_argument(
        "--dry-run", action="store_true", help="show what readers will see and the warnings; publish nothing"
    )
    publish.add_argument("--json", action="store_true", help="with --dry-run: print JSON")
    publish.add_argument(
        "--confirm-warnings", action="store_true", help="publish although the publish step has warnings"
    )
    withdraw = command(
        "withdraw", cmd_publication("withdraw"), "take a published survey round away from readers"
    )
    withdraw.add_argument("round", help="the round's label (see rounds)")
    command("projects", cmd_projects, "projects from their latest assessment", json_flag=True)
    command("actions", cmd_actions, "follow-up measures and their effect next round", json_flag=True)
    command("goals", cmd_goals, "goals and strategies with their measures and targets", json_flag=True)
    command("meetings", cmd_meetings, "the meetings composed for Møtemodus", json_flag=True)
    report = command("report", cmd_report, "a meeting's slides as PowerPoint, PDF or Excel")
    report.add_argument("--meeting", help="meeting id or title (default: the standard set)")
    report.add_argument("--format", choices=meeting.REPORT_FORMATS, required=True)
    report.add_argument("--out", required=True, help="the file to write")
    refresh = command("refresh", cmd_refresh, "recompute the aggregate tables for every round")
    refresh.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="duckdb (in this process) or spark (PySpark: local mode, or the cluster of spark-submit)",
    )
    refresh.add_argument(
        "--spark-root",
        help="where Spark reads the data folder's files (for example s3a://bucket/store); "
        "default: the data folder itself",
    )
    backup = command("backup", cmd_backup, "write a consistent snapshot of the data folder to one file")
    backup.add_argument("--out", required=True, help="the backup file to write")
    restore = command("restore", cmd_restore, "restore a backup file into an empty data folder")
    restore.add_argument("file", help="a file written by backup")
    restore.add_argument(
        "--replace", action="store_true", help="replace what the data folder holds (default: refuse)"
    )
    command(
        "health",
        cmd_health,
        "check the data folder: readable, files present, aggregate current",
        json_flag=True,
    )
    retention = command(
        "retention", cmd_retention, "delete raw answers and pådriver names whose retention period has passed"
    )
    retention.add_argument("--dry-run", action="store_true", help="say what is due, delete nothing")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        framework()  # every command works on the strategy: a broken file is refused first
        status = args.func(args)
        sys.stdout.flush()
        return status
    except (ImportRefused, StoreError, ConfigError, FrameworkError, meeting.MeetingError) as exc:
        print(t("cli_error", exc=exc), file=sys.stderr)
        return REFUSED
    except BrokenPipeError:
        # The reader stopped early (``projects --json | head``): nothing more to say, and
        # Python's flush at exit must not raise again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        print(t("cli_error", exc=t("cli_disk_full", where=exc.filename or exc.strerror)), file=sys.stderr)
        return REFUSED


if __name__ == "__main__":
    sys.exit(main())
