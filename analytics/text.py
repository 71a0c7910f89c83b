"""Every UI string in bokmål, and number formatting the Norwegian way.

Pages and takeaway sentences take their words from here, so a second
language is one more dictionary away.
"""

from __future__ import annotations

import math

TEXT = {
    "app_title": "Innovasjonsbarometeret",
    "section_overview": "Oversikt",
    "section_strategy": "Strategien",
    "page_overview": "Oversikt",
    "page_strategy": "Strategien som mål",
    "page_questionnaire": "Spørreskjema",
    "demo_banner": (
        "Du ser på **demodata**: oppdiktede, men realistiske tall for {municipality}, "
        "laget av en generator. Importer egne data for å se virkeligheten."
    ),
    "no_data": (
        "Datamappa har ingen data ennå. Importer en spørreundersøkelse med "
        "`python -m analytics import FIL --data-dir {data_dir}`, eller skriv demodata med "
        "`python -m analytics demo --data-dir {data_dir}`."
    ),
    "writing_demo": "Skriver demodata første gang …",
    "overview_caption": "{municipality} · «{title}» · innovasjonsstrategi {period}",
    "metric_index": "Kulturindeks {round}",
    "metric_index_help": (
        "Gjennomsnittet av de ni kjennetegnene K1–K9 på skalaen 1–5, alle respondenter. "
        "Endringen er mot forrige runde ({previous})."
    ),
    "metric_respondents": "Respondenter {round}",
    "metric_projects": "Pågående prosjekter",
    "metric_zero": "Pågående med et null-fundament",
    "metric_zero_help": (
        "Fundamentene er et gangestykke: er ett av dem vurdert til 0, blir svaret null, og "
        "prosjektet vil mest sannsynlig ikke lykkes (strategien, kap. 3.2)."
    ),
    "hidden": "skjult",
    "hidden_help": "Skjult fordi færre enn {threshold} har svart, eller fordi tallet ellers kunne regnes ut.",
    "index_trend_title": "Kulturindeksen over tid",
    "indicators_title": "De ni kjennetegnene på innovasjonskultur, {latest} mot {previous}",
    "portfolio_title": "Prosjektporteføljen etter fase",
    "numbers_behind": "Tallene bak figuren",
    "download_csv": "Last ned CSV",
    "download_xlsx": "Last ned Excel",
    "all_respondents": "Alle",
    "axis_round": "Runde",
    "axis_mean": "Gjennomsnitt (1–5)",
    "axis_projects": "Antall prosjekter",
    "axis_phase": "Fase",
    "col_round": "Runde",
    "col_group": "Gruppe",
    "col_indicator": "Kjennetegn",
    "col_label": "Navn",
    "col_mean": "Gjennomsnitt",
    "col_n": "Antall svar (n)",
    "col_previous": "Forrige runde",
    "col_latest": "Siste runde",
    "col_change": "Endring",
    "col_phase": "Fase",
    "col_projects": "Prosjekter",
    "col_with_zero": "Med null-fundament",
    "takeaway_index": (
        "Kulturindeksen har gått {direction} fra {first} i {first_round} til {last} i "
        "{last_round} ({change})."
    ),
    "takeaway_index_groups": (
        " I {round} ser {high_group} kulturen mest positivt ({high}), {low_group} minst ({low})."
    ),
    "takeaway_index_missing": "Kulturindeksen kan ikke vises: for få svar.",
    "takeaway_indicators": (
        "Størst endring fra {previous} til {latest}: {label} ({change}). "
        "Svakest i {latest}: {weakest_label} ({weakest})."
    ),
    "takeaway_indicators_single": "Svakest i {latest}: {weakest_label} ({weakest}).",
    "takeaway_portfolio": (
        "{with_zero} av {open} pågående prosjekter ({share}) har minst ett fundament vurdert "
        "til 0 og vil mest sannsynlig ikke lykkes uten tiltak."
    ),
    "takeaway_portfolio_none": "Ingen pågående prosjekter har et fundament vurdert til 0.",
    "up": "opp",
    "down": "ned",
    "flat": "uendret",
    "strategy_intro": (
        "Innovasjonsbarometeret gjør strategien om til målinger. Her er strategiens mål, "
        "kjennetegn og fundamenter slik produktet bruker dem."
    ),
    "goals": "Overordnede mål (2.1)",
    "strategies": "Strategier (2.2)",
    "indicators": "Kjennetegn på tydelig innovasjonskultur (2.3)",
    "criteria": "Nytt, nyttig, nyttiggjort (1.2)",
    "fundaments": "De fem fundamentene (3.2)",
    "fundaments_note": (
        "Fundamentene er et gangestykke: dersom ett av dem vurderes til 0, blir svaret null. Skala: {scale}."
    ),
    "blt": "Behov–Løsning–Test (2.4)",
    "actors": "Aktører i samskaping (2.6)",
    "instruments": "Strategiske virkemidler (3.3)",
    "questionnaire_intro": (
        "Spørreskjemaet måler de ni kjennetegnene (K1–K9). Hver gruppe får utsagn skrevet for "
        "sin rolle. Svarskala: {scale}, pluss «{dont_know}» (teller ikke i gjennomsnittet). "
        "Behold item_id som kolonneoverskrift eller i spørsmålsteksten, så kjenner importen "
        "igjen svarene."
    ),
    "questionnaire_group": "Gruppe",
    "questionnaire_download": "Last ned spørreskjemaet for {group} (CSV)",
    "questionnaire_download_all": "Last ned hele kodeboka (Excel)",
    "col_item": "item_id",
    "col_text": "Utsagn",
    "col_groups": "Grupper",
    # ---------------------------------------------------------------- Innovasjonskultur (issue 3)
    "section_culture": "Kultur",
    "page_culture": "Innovasjonskultur",
    "culture_intro": (
        "De ni kjennetegnene på tydelig innovasjonskultur (strategien 2.3), målt på skalaen 1–5 "
        "(3 = verken enig eller uenig). «Skjult» betyr at færre enn {threshold} har svart, eller at "
        "tallet ellers kunne regnes ut fra tallene som vises."
    ),
    "filter_round": "Runde",
    "filter_group": "Gruppe",
    "filter_unit": "Enhet",
    "filter_indicator": "Kjennetegn",
    "filter_gap_group": "Sammenlign ansatte med",
    "all_groups": "Alle grupper",
    "all_units": "Alle enheter",
    "index_label": "Kulturindeks",
    "heatmap_title": "Enheter og kjennetegn, {round}",
    "heatmap_no_units": "{group} er ikke knyttet til enheter, så kartet viser bare tallet for alle.",
    "trend_title": "{label} over tid",
    "likert_title": "Svarfordeling per utsagn, {round}",
    "gap_title": "Ulike syn: {other} og ansatte, {round}",
    "gap_none": (
        "Ingen gruppe med felles utsagn med ansatte har svar her. Politikere og innbyggere er ikke "
        "knyttet til enheter; velg «Alle enheter» for å sammenligne dem."
    ),
    "gap_note": (
        "Forskjellen regnes bare på utsagn begge grupper har svart på. Innbyggerne svarer på egne "
        "utsagn og sammenlignes derfor ikke."
    ),
    "targets_error": "Målene kan ikke vises: {error}",
    "target_line": "Mål",
    "confidence_band": "95 % konfidensintervall",
    "takeaway_heatmap": (
        "I {round} har {high_unit} høyest kulturindeks ({high}) og {low_unit} lavest ({low}); "
        "{hidden} av {units} enheter er skjult for å verne små grupper."
    ),
    "takeaway_heatmap_too_few": (
        "I {round} kan ikke enhetene sammenlignes: {hidden} av {units} enheter er skjult for å verne "
        "små grupper."
    ),
    "takeaway_heatmap_none": "I {round} er det ingen enheter å vise for dette utvalget.",
    "takeaway_trend_level": "{label} er {value} i {round}",
    "takeaway_trend_change": ", {change} fra {previous} ({significance})",
    "takeaway_trend_hidden": "{label} er skjult i alle runder for dette utvalget: for få svar.",
    "takeaway_target_on_track": "– i rute mot målet for {year} ({target}, {distance} over)",
    "takeaway_target_behind": "– bak målet for {year} ({target}, {distance} under)",
    "significant": "en statistisk sikker endring",
    "not_significant": "innenfor feilmarginen",
    "takeaway_likert": (
        "Flest er enige i {agree_item}: {agree}. Flest er uenige i {disagree_item}: {disagree}. "
        "{hidden} utsagn er skjult."
    ),
    "takeaway_likert_hidden": "Alle utsagn er skjult for dette utvalget: for få svar.",
    "takeaway_gap": (
        "Størst forskjell på {label}: {other} svarer {gap} {direction} enn {base} "
        "({other_mean} mot {base_mean})."
    ),
    "takeaway_gap_hidden": "Forskjellen mellom {other} og {base} er skjult for dette utvalget: for få svar.",
    "higher": "høyere",
    "lower": "lavere",
    "on_track": "i rute",
    "behind": "bak",
    "yes": "ja",
    "no": "nei",
    "axis_share": "Andel av svarene",
    "axis_indicator": "Kjennetegn",
    "col_unit": "Enhet",
    "col_statement": "Utsagn",
    "col_ci_low": "Nedre grense (95 %)",
    "col_ci_high": "Øvre grense (95 %)",
    "col_significant": "Statistisk sikker endring",
    "col_target": "Mål",
    "col_status": "Status",
    "col_agree": "Enige (4–5)",
    "col_disagree": "Uenige (1–2)",
    "col_dont_know": "Vet ikke (antall)",
    "col_gap": "Forskjell",
    "col_items": "Felles utsagn",
}


def t(key: str, **values) -> str:
    """The bokmål text for ``key`` with ``values`` filled in."""
    return TEXT[key].format(**values)


def fmt_number(value, decimals: int = 2) -> str:
    """Norwegian number: decimal comma, thin space as thousands separator.

    >>> fmt_number(3.14159)
    '3,14'
    >>> fmt_number(12345, 0)
    '12\u202f345'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return TEXT["hidden"]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def fmt_change(value, decimals: int = 2) -> str:
    """A signed change: ``+0,21`` / ``−0,05`` (with a real minus sign)."""
    text = fmt_number(abs(value), decimals)
    return ("+" if value >= 0 else "\u2212") + text


def fmt_share(value) -> str:
    """A fraction as a whole percent: ``0.2`` -> ``20 %``."""
    return f"{fmt_number(100 * value, 0)}\u00a0%"
