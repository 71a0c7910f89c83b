"""Importer data: upload, check, map, preview, then store; plus the unit table and remembered mappings."""

import pandas as pd
import streamlit as st

from analytics import ingest, ui
from analytics.core import access
from analytics.core.framework import framework
from analytics.core.text import fmt_number, literal, t
from analytics.present import prepublish
from analytics.store import StoreError, settings

ui.use_router()
ui.require(access.IMPORT)

fw = framework()
st.title(t("page_import"))
st.markdown(t("import_intro"))
store = ui.store()

kinds = {
    "survey": t("import_kind_survey"),
    "projects": t("import_kind_projects"),
    "events": t("import_kind_events"),
    "invited": t("import_kind_invited"),
    "benchmarks": t("import_kind_benchmarks"),
}
kind = st.radio(t("import_kind"), list(kinds), format_func=kinds.get, horizontal=True, key="import_kind")
if kind == "invited":
    with st.expander(t("invited_templates_title")):
        ui.template_downloads("invited")
upload = ui.file_upload(t("import_file"), key="import_file")
options: dict = {"kind": kind}
codebooks = []
group_chosen = True
if kind in ("survey", "invited"):
    left, middle, right = st.columns(3)
    options["round_label"] = left.text_input(
        t("import_round"), help=t("import_round_help"), key="import_round"
    )
    if upload is not None and st.session_state.get("import_form_of") != upload.file_id:
        # A new file: guess its form's name and (unless chosen) its group, and forget
        # mappings confirmed for another file.
        st.session_state["import_form_of"] = upload.file_id
        st.session_state["import_form"] = ingest.form_name(upload.name)
        st.session_state["import_confirmed"] = {}
        st.session_state.pop("import_group_guess", None)
        if st.session_state.get("import_group") is None:
            guess, note = ingest.guess_group(upload.getvalue(), upload.name, st.session_state["import_form"])
            if guess is not None:
                st.session_state["import_group"] = guess
                st.session_state["import_group_guess"] = note
    # "" is the file's own «gruppe» column; no choice yet is None.
    group_names = {"": t("import_group_from_file")} | {g.id: g.name for g in fw.groups}
    chosen_group = middle.selectbox(
        t("import_group"),
        list(group_names),
        index=None,
        placeholder=t("import_group_placeholder"),
        format_func=group_names.get,
        key="import_group",
    )
    if st.session_state.get("import_group_guess"):
        middle.caption(literal(st.session_state["import_group_guess"]))
    group_chosen = chosen_group is not None or kind == "invited"
    options["group"] = chosen_group or None
    if kind == "survey":
        options["form"] = right.text_input(t("import_form"), help=t("import_form_help"), key="import_form")
        extra = ui.file_upload(t("import_codebooks"), key="import_codebooks", multiple=True)
        codebooks = [(f.getvalue(), f.name) for f in extra or []]
if kind == "benchmarks":
    with st.expander(t("benchmarks_template_title")):
        ui.template_downloads("benchmarks")


def _report_and_save(report, confirmed) -> None:
    """The check before saving: the report, the mapping, the preview, and «Lagre importen»."""
    st.header(t("import_report"))
    metrics = st.columns(4)
    metrics[0].metric(t("metric_rows_read"), fmt_number(report.rows_read, 0))
    metrics[1].metric(t("metric_respondents_accepted"), fmt_number(report.respondents, 0))
    metrics[2].metric(t("metric_answers"), fmt_number(sum(report.tables.values()), 0))
    metrics[3].metric(t("metric_rejected"), fmt_number(len(report.rejected), 0))
    ui.bullet_list(report.lines()[2:-1])

    survey = report.survey
    if survey is not None and survey.mapped:
        with st.expander(t("import_mapped_title")):
            st.dataframe(
                pd.DataFrame(list(survey.mapped.items()), columns=[t("col_column"), t("col_item_target")]),
                hide_index=True,
                placeholder=ui.MISSING,
                key="import_mapped",
            )
    if survey is not None and survey.unmapped and survey.layout == "wide":
        st.header(t("import_mapping_title"))
        st.markdown(t("import_mapping_intro"))
        choices = ["", *fw.item_ids]
        texts = {i.item_id: f"{i.item_id} · {i.text}" for i in fw.items}
        picked = {}
        for position, column in enumerate(survey.unmapped):
            suggestions = survey.suggestions.get(column, [])
            hint = (
                t(
                    "import_mapping_suggestion",
                    item_id=suggestions[0][0],
                    score=round(100 * suggestions[0][1]),
                )
                if suggestions
                else ""
            )
            picked[column] = st.selectbox(
                literal(column) + (f" ({hint})" if hint else ""),
                choices,
                index=choices.index(suggestions[0][0]) if suggestions else 0,
                format_func=lambda c: texts.get(c, t("import_mapping_ignore")),
                key=f"import_map_{position}",
            )
        if st.button(t("import_mapping_apply"), key="import_mapping_apply"):
            ui.require(access.IMPORT)
            # «Ikke les» ("") is a decision too: remembered, and the column is no longer unmapped.
            ingest.save_header_map(store, report.form, picked, ui.who())
            st.session_state["import_confirmed"] = {**confirmed, **picked}
            st.rerun()

    if report.rejected:
        st.header(t("import_rejected_title"))
        st.dataframe(
            pd.DataFrame(
                [(r.row, r.column, r.value, r.reason) for r in report.rejected],
                columns=[t("col_row"), t("col_column"), t("col_value"), t("col_reason")],
            ),
            hide_index=True,
            placeholder=ui.MISSING,
            key="import_rejected",
        )
    st.header(t("import_preview"))
    st.dataframe(report.preview_for_people(), hide_index=True, placeholder=ui.MISSING, key="import_preview")

    delete_missing = False
    if not report.missing.empty:
        answer = st.radio(
            t("import_missing", count=len(report.missing)),
            ["keep", "delete"],
            format_func={"keep": t("import_missing_keep"), "delete": t("import_missing_delete")}.get,
            key="import_missing",
        )
        delete_missing = answer == "delete"
    accept = True
    if report.rejected:
        accept = st.checkbox(t("import_accept_rejected", count=len(report.rejected)), key="import_accept")
    undecided = survey is not None and survey.layout == "wide" and bool(survey.unmapped)
    if undecided:
        st.caption(t("import_unmapped_block"))
    if st.button(t("import_commit"), type="primary", disabled=not accept or undecided, key="import_commit"):
        ui.require(access.IMPORT)
        bar = st.progress(0.6, text=t("import_saving"))
        try:
            ingest.commit(
                store,
                report,
                ui.who(),
                accept_rejected=accept,
                delete_missing=delete_missing,
                progress=lambda fraction, text: bar.progress(fraction, text=text),
            )
        except (ingest.ImportRefused, StoreError) as refusal:
            bar.empty()
            ui.alert("error", t("import_refused", message=refusal), icon=":material/block:")
            st.stop()
        st.rerun()


if upload is not None and not group_chosen:
    st.info(t("import_group_needed"))
elif upload is not None:
    raw = upload.getvalue()
    confirmed = st.session_state.setdefault("import_confirmed", {})
    signature = (upload.file_id, tuple(sorted((k, str(v)) for k, v in options.items())), len(codebooks))
    cached = st.session_state.get("import_prepared")
    if cached is None or cached[0] != (signature, tuple(sorted(confirmed.items()))):
        bar = st.progress(0.0, text=t("import_reading"))
        try:
            report = ingest.prepare(
                store,
                raw,
                upload.name,
                **{k: (v or None) for k, v in options.items()},
                confirmed=confirmed,
                codebooks=codebooks,
                progress=lambda fraction, text: bar.progress(fraction, text=text),
            )
        except ingest.ImportRefused as refusal:
            bar.empty()
            ui.alert("error", t("import_refused", message=refusal), icon=":material/block:")
            st.stop()
        bar.empty()
        st.session_state["import_prepared"] = ((signature, tuple(sorted(confirmed.items()))), report)
    report = st.session_state["import_prepared"][1]

    if report.stored:
        st.success(
            t(
                "import_stored",
                import_id=report.import_id,
                respondents=fmt_number(report.respondents, 0),
                rows=fmt_number(sum(report.tables.values()), 0),
            ),
            icon=":material/check_circle:",
        )
        if report.refresh:
            st.caption(t("import_numbers_updated"))
        published_now = set(store.published_rounds())
        waiting = [label for label in report.rounds() if label not in published_now]
        for label in waiting:
            ui.alert("info", t("import_round_not_published", round=label), icon=":material/schedule:")
        if waiting and st.session_state.get("import_publish_of") != report.import_id:
            # The publish step below opens on the round just saved.
            st.session_state["import_publish_of"] = report.import_id
            st.session_state["publish_round"] = waiting[-1]
        st.page_link("pages/historikk.py", label=t("import_see_history"), icon=":material/history:")
    elif report.already_imported:
        st.info(t("import_already"))
    else:
        _report_and_save(report, confirmed)


st.header(t("publish_title"))
st.markdown(t("publish_intro", threshold=store.threshold()))
rounds = store.rounds()
if not rounds:
    st.info(t("publish_none"))
else:

    def _state(record: dict) -> str:
        state = "published" if record["published"] else "withdrawn" if record["withdrawn"] else "unpublished"
        return t(f"publish_state_{state}")

    st.dataframe(
        pd.DataFrame(
            {
                t("col_round"): [r["round"] for r in rounds],
                t("col_status"): [_state(r) for r in rounds],
                t("col_respondents"): [r["respondents"] for r in rounds],
                t("col_answers"): [r["answers"] for r in rounds],
            }
        ),
        hide_index=True,
        placeholder=ui.MISSING,
        key="publish_table",
    )
    by_label = {r["round"]: r for r in rounds}
    if st.session_state.get("publish_round") not in by_label:
        st.session_state["publish_round"] = list(by_label)[-1]
    chosen = st.selectbox(
        t("publish_choice"),
        list(by_label),
        format_func=lambda label: f"{label} ({_state(by_label[label])})",
        key="publish_round",
    )
    published = by_label[chosen]["published"]
    confirmed_warnings = True
    if not published:
        threshold, limit = ui.threshold(), settings.flag_limit(store.settings())
        found = prepublish.dry_run(store, chosen, threshold, limit)
        st.subheader(t("dry_run_title", round=chosen))
        previous = found["previous_round"]
        st.caption(t("dry_run_intro", previous=previous) if previous else t("dry_run_intro_first"))
        left, right = st.columns(2)
        left.dataframe(prepublish.measures_table(found), hide_index=True, key="dry_run_measures")
        right.dataframe(prepublish.rates_table(found), hide_index=True, key="dry_run_rates")
        st.markdown(f"**{t('dry_run_hidden_title')}**")
        if found["hidden"]:
            ui.bullet_list([h["text"] for h in found["hidden"]])
        else:
            st.caption(t("dry_run_hidden_none"))
        st.markdown(f"**{t('dry_run_warnings_title')}**")
        for warning in found["warnings"]:
            ui.alert("warning", warning["text"], icon=":material/warning:")
        if found["warnings"]:
            confirmed_warnings = st.checkbox(
                literal(t("publish_confirm", warnings=prepublish.warnings_text(found["warnings"]))),
                key="publish_confirm",
            )
        else:
            st.caption(t("dry_run_no_warnings"))
    label = t("withdraw_button" if published else "publish_button")
    if st.button(
        label,
        key="publish_button",
        type="secondary" if published else "primary",
        disabled=not confirmed_warnings,
    ):
        ui.require(access.IMPORT)
        try:
            if published:
                done = store.withdraw(chosen, ui.who())
            else:
                threshold, limit = ui.threshold(), settings.flag_limit(store.settings())
                done = prepublish.publish(store, chosen, ui.who(), threshold, limit, confirmed_warnings)
            action = "withdraw" if published else "publish"
            st.session_state["publish_done"] = t(
                f"{action}_done" if done else f"{action}_already", round=chosen
            )
        except StoreError as refusal:
            st.session_state["publish_refused"] = str(refusal)
        st.rerun()
    if "publish_done" in st.session_state:
        ui.alert("success", st.session_state.pop("publish_done"))
    if "publish_refused" in st.session_state:
        ui.alert("error", st.session_state.pop("publish_refused"), icon=":material/block:")

with st.expander(t("invited_editor_title")):
    st.markdown(t("invited_editor_intro"))
    invited = ui.invited_table()
    edited_invited = st.data_editor(
        invited,
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "round": st.column_config.TextColumn(t("preview_col_round"), required=True),
            "unit": st.column_config.TextColumn(t("preview_col_unit")),
            "group": st.column_config.SelectboxColumn(
                t("preview_col_group"), options=list(fw.group_ids), required=True
            ),
            "invited": st.column_config.NumberColumn(
                t("preview_col_invited"), min_value=0, max_value=100000, step=1, required=True
            ),
            "source": st.column_config.SelectboxColumn(t("preview_col_source"), options=["HR", "manuell"]),
        },
        placeholder="",  # a number for the whole group has no unit: an empty cell, not «None»
        key="invited_editor",
    )
    if st.button(t("invited_editor_save"), key="invited_editor_save"):
        ui.require(access.IMPORT)
        try:
            saved = ingest.save_invited(store, edited_invited, ui.who())
            if saved is None:
                st.info(t("invited_editor_unchanged"))
            else:
                st.success(t("invited_editor_saved", import_id=saved.import_id, rows=saved.tables["invited"]))
        except (ingest.ImportRefused, StoreError) as refusal:
            ui.alert("error", str(refusal))

with st.expander(t("unit_map_title")):
    st.markdown(t("unit_map_intro"))
    units = ui.unit_map()
    edited = st.data_editor(
        units,
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        column_config={
            "alias": st.column_config.TextColumn(t("col_alias"), required=True),
            "unit": st.column_config.TextColumn(t("col_unit"), required=True),
            "valid_from": st.column_config.DateColumn(t("col_valid_from"), format="DD.MM.YYYY"),
            "valid_to": st.column_config.DateColumn(t("col_valid_to"), format="DD.MM.YYYY"),
        },
        key="unit_map_editor",
    )
    if st.button(t("unit_map_save"), key="unit_map_save"):
        ui.require(access.IMPORT)
        try:
            ingest.save_unit_map(store, edited, ui.who())
            st.success(t("unit_map_saved"))
        except ingest.ImportRefused as refusal:
            ui.alert("error", str(refusal))

with st.expander(t("header_map_title")):
    headers = ui.header_map()
    edited_headers = st.data_editor(
        headers,
        num_rows="dynamic",
        hide_index=True,
        placeholder="",
        column_config={
            "form": st.column_config.TextColumn(t("col_form"), required=True),
            "header": st.column_config.TextColumn(t("col_header"), required=True),
            "target": st.column_config.SelectboxColumn(t("col_item_target"), options=list(fw.item_ids)),
        },
        key="header_map_editor",
    )
    if st.button(t("header_map_save"), key="header_map_save"):
        ui.require(access.IMPORT)
        ingest.replace_header_map(store, edited_headers, ui.who())
        st.success(t("header_map_saved"))
