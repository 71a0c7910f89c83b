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
    # --- Import and import history (pages/importer.py, pages/historikk.py) ---
    "section_data": "Data",
    "page_import": "Importer data",
    "page_history": "Importhistorikk",
    "import_open_in_demo": (
        "Siden er åpen for alle i demomodus. Når roller er på plass, er den bare for analytikere."
    ),
    "import_intro": (
        "Last opp eksporten fra Microsoft Forms, Google Forms, Nettskjema, SurveyXact eller Excel "
        "(xlsx, CSV eller Parquet). Ingenting lagres før du har sett kontrollen og trykket "
        "«Lagre importen». Navn, e-postadresser og fritekst lagres aldri."
    ),
    "import_kind": "Hva inneholder fila?",
    "import_kind_survey": "Spørreundersøkelse",
    "import_kind_projects": "Prosjektregister",
    "import_kind_events": "Arrangementer",
    "import_file": "Fil",
    "import_codebooks": (
        "Skjemaets egen kodebok (valgfri: Nettskjema-kodebok, SurveyXact labels og structure)"
    ),
    "import_round": "Runde",
    "import_round_help": "For eksempel 2025. La stå tom hvis fila har en kolonne «runde».",
    "import_group": "Respondentgruppe",
    "import_group_from_file": "Fra kolonnen «gruppe» i fila",
    "import_form": "Skjema",
    "import_form_help": (
        "Navnet på spørreskjemaet. Koblinger du bekrefter, huskes for neste opplasting av samme skjema."
    ),
    "import_reading": "Leser og kontrollerer fila …",
    "import_refused": "Fila kan ikke importeres. {message}",
    "import_report": "Kontroll før lagring",
    "metric_rows_read": "Rader lest",
    "metric_respondents_accepted": "Respondenter godtatt",
    "metric_answers": "Svar som lagres",
    "metric_rejected": "Avvist",
    "import_rejected_title": "Avviste rader og verdier (lagres ikke)",
    "col_row": "Rad",
    "col_column": "Kolonne",
    "col_value": "Verdi",
    "col_reason": "Grunn",
    "import_mapped_title": "Kolonner som leses, og hva de er koblet til",
    "import_mapping_title": "Kolonner som ikke er koblet til et spørsmål",
    "import_mapping_intro": (
        "Disse kolonnene leses ikke. Velg spørsmålet kolonnen svarer på, eller la den stå på "
        "«Ikke les». Forslagene er bare forslag: ingenting kobles før du trykker «Bruk koblingene»."
    ),
    "import_mapping_ignore": "Ikke les",
    "import_mapping_suggestion": "forslag {item_id} ({score} % likhet)",
    "import_mapping_apply": "Bruk koblingene og kontroller på nytt",
    "import_missing": (
        "{count} respondenter fra en tidligere import av dette skjemaet mangler i fila. "
        "Er de slettet i skjemaet?"
    ),
    "import_missing_keep": "Behold dem",
    "import_missing_delete": "Slett dem",
    "import_accept_rejected": "Lagre resten ({count} avviste rader og verdier lagres ikke)",
    "import_preview": "Slik lagres de første radene",
    "import_commit": "Lagre importen",
    "import_saving": "Lagrer …",
    "import_already": "Denne fila er allerede importert. Ingenting er endret.",
    "import_stored": "Lagret som import {import_id}: {respondents} respondenter, {rows} rader.",
    "import_see_history": "Se importhistorikken",
    "unit_map_title": "Enhetstabell (navn i eksportene og enheten de betyr)",
    "unit_map_intro": (
        "Når en enhet har byttet navn, legg inn det nye navnet som alias for den gamle enheten "
        "med datoen det gjelder fra, så fortsetter tidsseriene."
    ),
    "unit_map_save": "Lagre enhetstabellen",
    "unit_map_saved": "Enhetstabellen er lagret.",
    "header_map_title": "Huskede kolonnekoblinger",
    "header_map_save": "Lagre koblingene",
    "header_map_saved": "Koblingene er lagret.",
    "col_alias": "Navn i eksporten",
    "col_unit": "Enhet",
    "col_valid_from": "Gyldig fra",
    "col_valid_to": "Gyldig til",
    "col_form": "Skjema",
    "col_header": "Kolonneoverskrift",
    "col_target": "Spørsmål (item_id)",
    "history_intro": (
        "Alle importer, nyeste først. En import kan angres: dataene blir da som om den aldri hadde "
        "skjedd, og angringen står selv i historikken."
    ),
    "history_empty": "Ingen importer ennå.",
    "col_import": "Nr.",
    "col_at": "Tidspunkt (UTC)",
    "col_kind": "Type",
    "col_file": "Fil",
    "col_who": "Hvem",
    "col_respondents": "Respondenter",
    "col_rows": "Rader",
    "col_status": "Status",
    "history_active": "aktiv",
    "history_undone": "angret (nr. {by})",
    "history_undo_of": "angret nr. {ids}",
    "history_undo_choice": "Import som skal angres",
    "history_undo_confirm": "Jeg forstår at dataene fra denne importen fjernes fra alle figurer",
    "history_undo_button": "Angre importen",
    "history_undone_done": "Import {import_id} er angret.",
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
