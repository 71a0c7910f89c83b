"""Innovasjonskultur: the strategy's indicators per round, unit and group, with targets and gaps."""

import streamlit as st

from analytics import ui
from analytics.core import access, targets
from analytics.core.framework import framework
from analytics.core.text import literal, t
from analytics.measures import changes, culture, drivers, participation
from analytics.present import changes_text, charts, culture_text, drivers_text, participation_text

ui.use_router()

fw = framework()
st.title(t("page_culture"))
ui.require_data()
if not ui.has_survey():
    st.info(t("no_survey"))
    st.stop()
threshold = ui.threshold()
st.caption(t("culture_intro", threshold=threshold, scale=f"{fw.scale_min}–{fw.scale_max}"))

cells = ui.culture_cells()
goals, goals_error = ui.culture_targets()
if goals_error:
    st.warning(t("targets_error", error=goals_error))
labels = {k.id: f"{k.id} {k.label}" for k in fw.indicators} | {culture.INDEX: t("index_label")}
group_names = {g.id: g.name for g in fw.groups}
texts = {i.item_id: i.text for i in fw.items}
short_labels = {k.id: k.label for k in fw.indicators}
scale = [s.name for s in fw.likert_scale]

rounds = sorted(cells["round"].unique())
left, middle, right = st.columns(3)
round_label = left.selectbox(t("filter_round"), rounds, index=len(rounds) - 1, key="culture_round")
group = middle.selectbox(
    t("filter_group"),
    [None, *fw.group_ids],
    format_func=lambda g: t("all_groups") if g is None else group_names[g],
    key="culture_group",
)
# Unit and unit x group views are for leaders and analysts; politicians see the aggregates.
units_allowed = ui.allowed(access.UNITS)
units = culture.units_of(cells, group) if units_allowed else []
if st.session_state.get("culture_unit") not in [None, *units]:
    st.session_state["culture_unit"] = None
unit = right.selectbox(
    t("filter_unit"),
    [None, *units],
    format_func=lambda u: t("all_units") if u is None else u,
    disabled=not units,
    key="culture_unit",
)

# The unit view's response rate, and the heat map: every unit x indicator of the round, for the
# chosen group, with each unit's response rate.
if units_allowed:
    records = ui.participation_records()
    rates = participation_text.unit_rates(records, round_label, group, ui.flag_limit())
    if round_label in participation.rounds_without_invited(records):
        st.info(literal(t("culture_round_no_invited", round=round_label)))
    if unit is not None and unit in rates:
        ui.paragraph(t("culture_unit_participation", unit=unit, round=round_label, rate=rates[unit]))
    st.header(t("heatmap_title", round=round_label))
    heat = culture.heatmap(cells, round_label, group)
    if group is not None and not units:
        st.info(t("heatmap_no_units", group=group_names[group]))
    ui.takeaway(culture_text.heatmap_takeaway(heat, round_label))
    # Both layouts are drawn; a CSS media query (ui.RESPONSIVE_CSS) shows the one that fits the screen.
    with st.container(key="wide_only"):
        st.plotly_chart(
            charts.culture_heatmap(heat, labels, t("heatmap_title", round=round_label), rates),
            key="culture_heatmap",
        )
    with st.container(key="narrow_only"):
        st.markdown(t("heatmap_narrow_note"))
        st.plotly_chart(
            charts.unit_index_bars(heat, t("heatmap_title", round=round_label)), key="culture_unit_bars"
        )
    ui.numbers_behind(
        culture_text.heatmap_table(heat, labels, rates),
        f"kjennetegn_enheter_{round_label}",
        "culture_heatmap",
    )
else:
    st.info(t("culture_units_not_for_role"))

# Trend of one indicator for the chosen unit and group, against its target.
indicator = st.selectbox(
    t("filter_indicator"),
    list(labels),
    index=len(labels) - 1,
    format_func=labels.get,
    key="culture_indicator",
)
st.header(t("trend_title", label=labels[indicator]))
rows = changes.trend(cells, indicator, unit, group)
path, statuses = targets.along(goals, indicator, rows["round"], rows["mean"])
change_sentence = changes_text.describe(cells, labels[indicator], indicator, unit, group)
ui.takeaway(culture_text.trend_takeaway(rows, labels[indicator], statuses, change_sentence))
st.plotly_chart(
    charts.indicator_trend(rows, t("trend_title", label=labels[indicator]), path), key="culture_trend"
)
ui.numbers_behind(culture_text.trend_table(rows, path, statuses), f"utvikling_{indicator}", "culture_trend")

# Answer distribution per statement.
st.header(t("likert_title", round=round_label))
distribution = culture.distribution(cells, round_label, unit, group)
item_names = [f"{i} {texts[i][:60]}{'…' if len(texts[i]) > 60 else ''}" for i in distribution["item_id"]]
ui.takeaway(culture_text.likert_takeaway(distribution, texts))
st.plotly_chart(
    charts.likert_bars(distribution, item_names, scale, t("likert_title", round=round_label)),
    key="culture_likert",
)
ui.numbers_behind(
    culture_text.likert_table(distribution, texts, scale), f"svarfordeling_{round_label}", "culture_likert"
)

# Perception gaps: another group against the baseline group, on the statements both answer.
choices = [
    g
    for g in culture.gap_groups(fw.items, fw.group_ids)
    if not culture.distribution(cells, round_label, unit, g).empty
]
if choices:
    base_name = group_names[fw.baseline_group]
    other = st.selectbox(
        t("filter_gap_group", base=base_name.lower()),
        choices,
        format_func=group_names.get,
        key="culture_gap_group",
    )
    other_name = group_names[other]
    title = t("gap_title", other=other_name, base=base_name.lower(), round=round_label)
    st.header(title)
    st.caption(t("gap_note"))
    gaps = culture.perception_gaps(cells, fw.items, round_label, unit, other)
    ui.takeaway(culture_text.gap_takeaway(gaps, short_labels, base_name, other_name))
    st.plotly_chart(
        charts.gap_dumbbell(gaps, short_labels, base_name, other_name, title),
        key="culture_gap",
    )
    ui.numbers_behind(
        culture_text.gap_table(gaps, short_labels, base_name, other_name),
        f"ulike_syn_{other}_{round_label}",
        "culture_gap",
    )
else:
    st.info(t("gap_none", base=group_names[fw.baseline_group].lower()))

# Where it fell and where it rose since the round before, like for like (units: leaders and analysts).
before = culture.previous_round(rounds, round_label)
if units_allowed and before is not None:
    by = "unit" if group is None else "unit,group"
    moved = [r for r in changes.changes(cells, before, round_label, by=by) if r["group"] == group]
    change_title = t("change_heatmap_title", before=before, after=round_label)
    st.header(change_title)
    ui.takeaway(changes_text.units_sentence(moved))
    st.caption(t("change_heatmap_note"))
    with st.container(key="wide_only_changes"):
        st.plotly_chart(charts.change_heatmap(moved, labels, change_title), key="culture_change_heatmap")
    with st.container(key="narrow_only_changes"):
        st.plotly_chart(charts.change_bars(moved, change_title), key="culture_change_bars")
    ui.numbers_behind(
        changes_text.change_table(moved, labels), f"endring_enheter_{before}_{round_label}", "culture_change"
    )
# Figures from others, with their source and year: context, never a target.
st.header(
    t(
        "benchmarks_title",
        round=round_label,
        slice=t("all_groups") if group is None else group_names[group],
    )
)
ui.benchmark_section(round_label, group, "culture_benchmarks")

# Drivers: which indicators go together with the strategy's outcome (everyone or a group, never a unit).
if fw.outcome:
    least = max(ui.config().driver_min_respondents, threshold)
    slice_name = t("all_groups") if group is None else group_names[group]
    title = t("drivers_title", round=round_label, slice=slice_name)
    st.header(title)
    outcome = drivers_text.outcome_label(fw)
    st.caption(literal(t("drivers_intro", outcome=outcome, least=least)))
    if unit is not None:
        st.caption(t("drivers_not_per_unit"))
    chosen = drivers.select(ui.drivers(), round_label, group)
    ui.takeaway(drivers_text.takeaway(chosen, short_labels, outcome, least))
    if chosen:
        st.plotly_chart(
            charts.driver_quadrant(chosen, short_labels, drivers.focus(chosen), title), key="culture_drivers"
        )
        ui.numbers_behind(
            drivers_text.table(chosen, short_labels), f"sammenhenger_{round_label}", "culture_drivers"
        )
    st.caption(t("drivers_caveat"))
