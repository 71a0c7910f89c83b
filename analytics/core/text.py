"""Every UI string in bokmål, and number formatting the Norwegian way.

Pages and takeaway sentences take their words from here, so a second
language is one more dictionary away.
"""

from __future__ import annotations

import math

import pandas as pd

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
        "Datamappa har ingen data ennå. En analytiker importerer en spørreundersøkelse på siden "
        "«Importer data»."
    ),
    "writing_demo": "Skriver demodata første gang …",
    "no_survey": (
        "Ingen runde av spørreundersøkelsen er publisert ennå. Last ned spørreskjemaet (siden "
        "«Spørreskjema»), importer svarene på siden «Importer data», og publiser runden der."
    ),
    "overview_caption": "{municipality} · «{title}» · innovasjonsstrategi {period}",
    "metric_index": "Kulturindeks {round}",
    "metric_index_help": (
        "Gjennomsnittet av alle strategiens kjennetegn på svarskalaen, alle respondenter. "
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
    "indicators_title": "Kjennetegnene på innovasjonskultur, {latest} mot {previous}",
    "portfolio_title": "Prosjektporteføljen etter fase",
    "numbers_behind": "Tallene bak figuren",
    "download_csv": "Last ned CSV",
    "download_xlsx": "Last ned Excel",
    "all_respondents": "Alle",
    "axis_round": "Runde",
    "axis_mean": "Gjennomsnitt ({low}–{high})",
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
    "takeaway_index_groups": (
        " I {round} ser {high_group} kulturen mest positivt ({high}), {low_group} minst ({low})."
    ),
    "takeaway_index_missing": "Kulturindeksen kan ikke vises: for få svar.",
    "takeaway_portfolio": (
        "{with_zero} av {open} pågående prosjekter ({share}) har minst ett fundament vurdert "
        "til 0 og vil mest sannsynlig ikke lykkes uten tiltak."
    ),
    "takeaway_portfolio_none": "Ingen pågående prosjekter har et fundament vurdert til 0.",
    "strategy_intro": (
        "Innovasjonsbarometeret gjør strategien om til målinger. Her er strategiens mål, "
        "kjennetegn og fundamenter slik produktet bruker dem."
    ),
    "goals": "Overordnede mål (2.1)",
    "strategies": "Strategier (2.2)",
    "indicators": "Kjennetegn på tydelig innovasjonskultur (2.3)",
    "criteria": "Nytt, nyttig, nyttiggjort (1.2)",
    "fundaments": "Fundamentene (3.2)",
    "fundaments_note": (
        "Fundamentene er et gangestykke: dersom ett av dem vurderes til 0, blir svaret null. Skala: {scale}."
    ),
    "blt": "Behov–Løsning–Test (2.4)",
    "actors": "Aktører i samskaping (2.6)",
    "instruments": "Strategiske virkemidler (3.3)",
    "questionnaire_intro": (
        "Spørreskjemaet måler strategiens kjennetegn. Hver gruppe får utsagn skrevet for "
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
    # ---------------------------------------------------------------- project portfolio,
    # co-creation and strategic instruments (pages Prosjekter og fundamenter, Samskaping, Virkemidler)
    "section_projects": "Prosjekter",
    "page_projects": "Prosjekter og fundamenter",
    "page_cocreation": "Samskaping",
    "page_instruments": "Virkemidler",
    "projects_caption": (
        "Fundamentene {fundaments} er et gangestykke: er ett av "
        "dem 0, vil prosjektet mest sannsynlig ikke lykkes (strategien, kap. 3.2). Et fundament som ikke "
        "er vurdert, vises som «ikke vurdert», aldri som 0."
    ),
    "cocreation_caption": (
        "Hvem skaper løsningene sammen med kommunen (strategien, kap. 2.6), og kommer behovet før "
        "løsningen – «stor B, liten L» (kap. 2.4)? Alle prosjekter i registeret."
    ),
    "instruments_caption": (
        "De strategiske virkemidlene i kap. 3.3 – innovasjonsdag, workshoper, folkevalgtopplæring, "
        "lederutvikling, støtteteam, nettverk, deling og årets innovasjonsprosjekt – "
        "gjennomført mot årets plan."
    ),
    "no_projects": (
        "Ingen prosjekter er importert ennå. Last ned malen under, fyll inn prosjektregisteret og "
        "importer den på siden «Importer data»."
    ),
    "no_events": (
        "Ingen arrangementer eller planer er importert ennå. Last ned malen under, fyll den inn og "
        "importer den på siden «Importer data»."
    ),
    "no_projects_selected": (
        "Ingen prosjekter passer med filtrene. Velg flere sektorer eller en annen status."
    ),
    "filter_status": "Status",
    "status_open": "Pågående prosjekter",
    "status_all": "Alle prosjekter",
    "status_closed": "Avsluttede og stoppede",
    "filter_sector": "Sektor",
    "all_sectors": "Alle sektorer",
    "metric_selected": "Prosjekter valgt",
    "metric_zero_selected": "Med et null-fundament",
    "metric_median_index": "Median fundamentindeks",
    "metric_median_index_help": (
        "Fundamentindeksen er 100 × det geometriske gjennomsnittet av poeng/{top} for fundamentene "
        "(0–100). Medianen er over prosjektene der indeksen er kjent."
    ),
    "metric_index_fundament_help": (
        "100 × det geometriske gjennomsnittet av poeng/{top} for fundamentene. 0 når ett fundament er "
        "0; ukjent («ikke vurdert») når et fundament ikke er vurdert."
    ),
    "metric_not_assessed": "Ikke ferdig vurdert",
    "tab_risk": "Risiko",
    "tab_table": "Porteføljen",
    "tab_fundaments": "Fundamentene",
    "tab_phases": "Faser og BLT",
    "tab_criteria": "Nytt, nyttig, nyttiggjort",
    "tab_profile": "Prosjektprofil",
    "tab_templates": "Maler for import",
    "not_assessed": "ikke vurdert",
    "not_given": "ikke oppgitt",
    "yes": "Ja",
    "no": "Nei",
    "and": " og ",
    "risk_title": "Risikoliste: hva holder prosjektene igjen?",
    "risk_zero": "{fundament} er 0",
    "risk_nothing": "ingenting (alle fullt på plass)",
    "portfolio_table_title": "Prosjektene med siste vurdering",
    "distribution_title": "Fordelingen av hvert fundament",
    "limiting_title": "Fundamentene som oftest holder prosjektene igjen",
    "fundament_trend_title": "Fundamentene over tid (pågående prosjekter ved årsslutt)",
    "funnel_title": "Hvor langt prosjektene har kommet",
    "loops_title": "Runder med Behov–Løsning–Test",
    "criteria_title": "Nytt, nyttig, nyttiggjort",
    "profile_project": "Prosjekt",
    "profile_scores_title": "Siste vurdering av fundamentene",
    "profile_history_title": "Vurderingene over tid",
    "profile_timeline_title": "Fasene",
    "stor_b_title": "Innbyggere med i behovsfasen, etter startår",
    "matrix_title": "Aktører i hvert prosjekt (antall faser aktøren var med i)",
    "reach_title": "Hvor mange prosjekter hver aktør er med i",
    "breadth_title": "Bredden i samskapingen, etter startår",
    "instrument_year_title": "Planlagt og gjennomført per virkemiddel",
    "delivery_trend_title": "Virkemidlene gjennomført mot plan, per år",
    "participants_title": "Deltakere per år",
    "events_title": "Arrangementer i {year}",
    "instruments_year": "År",
    "templates_title": "Maler for import",
    "templates_intro": (
        "Last ned malen, fyll inn én rad per linje og importer fila på siden «Importer data». "
        "Arket «Forklaring» beskriver hver kolonne og "
        "hvilke verdier som er gyldige. Excel-filer lagret som «CSV (semikolondelt)» går også."
    ),
    "template_xlsx": "Last ned malen (Excel, alle tabeller)",
    "template_csv": "Mal: {table} (CSV)",
    "template_col_table": "Tabell",
    "template_col_column": "Kolonne",
    "template_col_required": "Påkrevd",
    "template_col_type": "Type",
    "template_col_allowed": "Gyldige verdier",
    "template_col_help": "Forklaring",
    "template_type_str": "tekst",
    "template_type_date": "dato",
    "template_type_bool": "ja/nei",
    "template_type_int": "heltall",
    "template_type_score": "heltall (poeng)",
    "template_bool_values": "ja, nei",
    "template_date_values": "ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
    "template_range_values": "{low}–{high}",
    "metric_citizens_in_behov": "Prosjekter med innbyggere i behovsfasen",
    "metric_citizens_in_behov_help": (
        "«Stor B»: behovet kartlegges grundig sammen med dem som har det (kap. 2.4). Andelen er av alle "
        "prosjekter i registeret."
    ),
    "metric_days_in_behov": "Median dager i behov før løsning",
    "metric_days_in_behov_help": (
        "Dager fra behovsfasen startet til løsningsfasen startet, for prosjektene som har nådd løsning. "
        "0 når løsningen kom først."
    ),
    "metric_breadth": "Aktørtyper per prosjekt (snitt)",
    "metric_breadth_help": (
        "Hvor mange av de ti aktørtypene i kap. 2.6 et prosjekt har hatt med i minst én fase."
    ),
    "metric_events_held": "Arrangementer holdt",
    "delivered_as_planned_help": (
        "Arrangementer som dekker planen: per virkemiddel telles høyst så mange som planlagt, så en "
        "ekstra workshop ikke veier opp for en innovasjonsdag som ikke ble holdt."
    ),
    "participants_other": "Andre",
    "col_rank": "Nr.",
    "col_project_id": "Id",
    "col_project": "Prosjekt",
    "col_sector": "Sektor",
    "col_started": "Startet",
    "col_ended": "Sluttet",
    "col_index": "Fundamentindeks",
    "col_zero_veto": "Null-fundament",
    "col_holding_back": "Holder igjen",
    "col_not_assessed": "Ikke vurdert",
    "col_index_change": "Endring siden forrige vurdering",
    "col_weakest": "Svakest",
    "col_handlingsrom": "Handlingsrom avklart",
    "col_award": "Årets innovasjonsprosjekt",
    "col_has_padriver": "Pådriver registrert",
    "col_fundament": "Fundament",
    "col_score": "Poeng",
    "col_year": "År",
    "col_assessed": "Vurdert",
    "col_assessed_on": "Vurdert dato",
    "col_assessor": "Vurdert av (rolle)",
    "col_comment": "Kommentar",
    "col_loop": "Runde",
    "col_days": "Dager",
    "col_actors": "Aktører",
    "col_actor": "Aktør",
    "col_criterion": "Kriterium",
    "col_reached_on": "Nådd",
    "col_share_percent": "Andel (%)",
    "col_share_of_previous": "Andel av forrige trinn (%)",
    "col_had_behov": "Hadde behovsfase",
    "col_citizens_in_behov": "Innbyggere i behovsfasen",
    "col_solution_first": "Løsning før behov",
    "col_days_in_behov": "Dager i behov før løsning",
    "col_mean_breadth": "Aktørtyper per prosjekt",
    "col_share_citizens": "Andel med innbyggere i behovsfasen (%)",
    "col_instrument": "Virkemiddel",
    "col_events": "Arrangementer",
    "col_date": "Dato",
    "col_title": "Tittel",
    "not_ended": "pågår",
    "not_reached": "ikke nådd",
    "not_reached_losning": "ikke nådd løsning",
    "not_planned": "ikke i planen",
    "series_limiting": "Svakest i prosjektet",
    "series_zero": "Vurdert til 0",
    "series_reached": "Har vært i fasen",
    "series_current": "Er i fasen nå",
    "series_phase": "Fase",
    "series_closed": "Avsluttet",
    "series_planned": "Planlagt",
    "series_delivered": "Gjennomført",
    "series_delivered_as_planned": "Gjennomført av planen",
    "axis_score": "Poeng",
    "axis_year": "År",
    "axis_start_year": "Startår",
    "axis_loops": "Antall runder",
    "axis_assessed_on": "Vurdert",
    "axis_date": "Dato",
    "axis_percent": "Prosent",
    "axis_events": "Antall arrangementer",
    "axis_participants": "Antall deltakere",
    "loops_label": "{loops} runde(r)",
    "phase_loop": "{phase} (runde {loop})",
    "days_label": "{days} dager",
    "n_of_m": "{n} av {m}",
    "instrument_behind": "{name} ({delivered} av {planned})",
    "takeaway_no_projects": "Ingen prosjekter å vise.",
    "takeaway_none_assessed": "Ingen av prosjektene er vurdert på fundamentene ennå.",
    "takeaway_no_actors": "Ingen aktører er registrert for prosjektene ennå.",
    "takeaway_risk_zero": (
        "{zero} av {total} prosjekter har et fundament vurdert til 0 og vil mest sannsynlig ikke lykkes "
        "uten tiltak: {names}."
    ),
    "takeaway_risk_no_zero": "Ingen av prosjektene har et fundament vurdert til 0.",
    "takeaway_risk_lowest": " Lavest indeks ellers: {name} ({index}), holdes igjen av {holding_back}.",
    "takeaway_distribution": (
        "{fundament} er oftest svakt eller mangler: {weak} av {total} prosjekter har 1 eller 0 "
        "({zero} har 0)."
    ),
    "takeaway_distribution_none": "Ingen av de {total} prosjektene har et fundament vurdert til 0 eller 1.",
    "takeaway_not_assessed": " {count} fundamentvurderinger mangler (ikke vurdert).",
    "takeaway_limiting": (
        "{fundament} holder oftest prosjektene igjen: svakest i {limiting} av {projects} prosjekter."
    ),
    "takeaway_limiting_none": "Ingen fundamenter holder prosjektene igjen: alle vurderte er fullt på plass.",
    "takeaway_trend": "Fra {first_year} til {last_year} har {fundament} økt mest ({before} til {after}). ",
    "takeaway_trend_fell": (
        "Fra {first_year} til {last_year} har ingen fundamenter økt; {fundament} har falt mest "
        "({before} til {after}). "
    ),
    "takeaway_trend_weakest": "Svakest ved utgangen av {year}: {fundament} ({mean} i snitt).",
    "takeaway_funnel": "Av {projects} prosjekter har {reached}.",
    "takeaway_loops": (
        "{more} av {projects} prosjekter har gått mer enn én runde med Behov–Løsning–Test; "
        "flest runder: {most}."
    ),
    "takeaway_criteria": "Av {projects} prosjekter er {reached}.",
    "takeaway_profile": "Fundamentindeks {index}: svakest er {weakest} ({score}).",
    "takeaway_profile_zero": (
        "{fundaments} er vurdert til 0: prosjektet vil mest sannsynlig ikke lykkes uten tiltak."
    ),
    "takeaway_profile_unknown": (
        "Indeksen er ukjent fordi {missing} ikke er vurdert; svakest av de vurderte er {weakest} ({score})."
    ),
    "takeaway_profile_full": "Alle fundamentene er fullt på plass (indeks 100).",
    "takeaway_profile_unassessed": "Prosjektet er ikke vurdert ennå.",
    "takeaway_history_once": "Prosjektet er vurdert én gang ({date}).",
    "takeaway_history": "Siden forrige vurdering ({date}) har indeksen gått fra {before} til {after}.",
    "takeaway_history_up": " Bedre: {fundaments}.",
    "takeaway_history_down": " Svakere: {fundaments}.",
    "takeaway_history_same": " Ingen fundamenter er endret.",
    "takeaway_timeline": (
        "Prosjektet er i fasen {phase} siden {date}, etter {loops} runde(r) med Behov–Løsning–Test."
    ),
    "takeaway_timeline_none": "Ingen faser er registrert for prosjektet.",
    "takeaway_matrix": (
        "Prosjektene har i snitt {mean} av {total} aktørtyper med; bredest er {broadest} med {most}."
    ),
    "takeaway_reach": (
        "{top} er med i flest prosjekter ({top_n} av {projects}); sjeldnest med er {rare} ({rare_n})."
    ),
    "takeaway_breadth": (
        "Prosjekter startet i {first_year} hadde i snitt {first} aktørtyper med, prosjekter startet i "
        "{last_year} {last}."
    ),
    "takeaway_breadth_one": "Prosjektene startet i {year} har i snitt {mean} aktørtyper med.",
    "takeaway_stor_b": "{citizens} av {projects} prosjekter ({share}) hadde innbyggere med i behovsfasen.",
    "takeaway_stor_b_days": " Behovsfasen varte i median {days} dager før løsningen startet.",
    "takeaway_stor_b_solution_first": " Løsningen kom før behovet i {count} av prosjektene.",
    "takeaway_instruments_year": (
        "I {year} ble {as_planned} av {planned} planlagte arrangementer gjennomført ({share})."
    ),
    "takeaway_instruments_all": " Alle virkemidlene nådde planen.",
    "takeaway_instruments_behind": " Under plan: {lagging}.",
    "takeaway_instruments_unplanned": "For {year} finnes ingen plan; {delivered} arrangementer ble holdt.",
    "takeaway_instruments_no_plan": "Ingen år har en plan å måle mot.",
    "takeaway_instruments_trend": (
        "Fra {first} til {last} ble planen best fulgt i {best_year} ({best}) og svakest i "
        "{worst_year} ({worst})."
    ),
    "takeaway_participants": (
        "I {year} deltok {total} personer på {events} arrangementer, flest {largest} ({largest_n}); "
        "{others} var med."
    ),
    "takeaway_participants_none": "Ingen arrangementer er registrert i {year}.",
    # ---------------------------------------------------------------- Innovasjonskultur (issue 3)
    "section_culture": "Kultur",
    "page_culture": "Innovasjonskultur",
    "culture_intro": (
        "Kjennetegnene på tydelig innovasjonskultur (strategien 2.3), målt på skalaen {scale}. "
        "«Skjult» betyr at færre enn {threshold} har svart, eller at "
        "tallet ellers kunne regnes ut fra tallene som vises."
    ),
    "filter_round": "Runde",
    "filter_group": "Gruppe",
    "filter_unit": "Enhet",
    "filter_indicator": "Kjennetegn",
    "filter_gap_group": "Sammenlign {base} med",
    "all_groups": "Alle grupper",
    "all_units": "Alle enheter",
    "index_label": "Kulturindeks",
    "heatmap_title": "Enheter og kjennetegn, {round}",
    "heatmap_no_units": "{group} er ikke knyttet til enheter, så kartet viser bare tallet for alle.",
    "trend_title": "{label} over tid",
    "likert_title": "Svarfordeling per utsagn, {round}",
    "gap_title": "Ulike syn: {other} og {base}, {round}",
    "gap_none": (
        "Ingen gruppe med felles utsagn med {base} har svar her. Grupper som ikke er knyttet til "
        "enheter, sammenlignes under «Alle enheter»."
    ),
    "gap_note": (
        "Forskjellen regnes bare på utsagn begge grupper har svart på. Grupper som bare svarer på "
        "egne utsagn, sammenlignes derfor ikke."
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
    "takeaway_trend_hidden": "{label} er skjult i alle runder for dette utvalget: for få svar.",
    "takeaway_target_on_track": "– i rute mot målet for {year} ({target}, {distance} over)",
    "takeaway_target_behind": "– bak målet for {year} ({target}, {distance} under)",
    "not_significant": "innenfor feilmarginen",
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
    "col_dont_know": "{label} (antall)",
    "col_gap": "Forskjell",
    "col_items": "Felles utsagn",
    # --- Import and import history (pages/importer.py, pages/historikk.py) ---
    "section_data": "Data",
    "page_import": "Importer data",
    "page_history": "Importhistorikk",
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
    "col_valid_from": "Gyldig fra",
    "col_valid_to": "Gyldig til",
    "col_form": "Skjema",
    "col_header": "Kolonneoverskrift",
    "col_item_target": "Spørsmål (item_id)",
    "history_intro": (
        "Alle importer, nyeste først. En import kan angres: dataene blir da som om den aldri hadde "
        "skjedd, og angringen står selv i historikken."
    ),
    # --- Published rounds (pages/importer.py, pages/historikk.py, the CLI's publish and withdraw) ---
    "publish_title": "Publisering",
    "publish_intro": (
        "Lesere ser tallene fra en runde først når den er publisert. Til da vises runden bare her og "
        "i importhistorikken. En publisert runde kan bare endres (ny opplasting, angring, sletting) "
        "når endringen selv ikke avslører en liten gruppe: hver celle må endres for ingen eller for "
        "minst {threshold} respondenter, og ingen skjult forskjell kan regnes ut fra de viste. "
        "Trekker du runden tilbake, kan den endres fritt, men når den publiseres igjen, "
        "kontrolleres den på samme måte mot det leserne allerede har sett."
    ),
    "publish_waiting": "Venter på publisering: {rounds}. Publiser på siden «Importer data».",
    "publish_none": "Ingen runder av spørreundersøkelsen er importert ennå.",
    "col_answers": "Svar",
    "publish_state_published": "publisert",
    "publish_state_unpublished": "ikke publisert",
    "publish_state_withdrawn": "trukket tilbake",
    "publish_choice": "Runde",
    "publish_button": "Publiser runden",
    "withdraw_button": "Trekk runden tilbake",
    "summary_none_published": (
        "Ingen runde av spørreundersøkelsen er publisert ennå, så det er ingen tall å vise. "
        "Venter på publisering: {rounds}. Publiser en runde med "
        "`python -m analytics publish RUNDE --data-dir {data_dir}`, eller ta med upubliserte "
        "runder med --include-unpublished."
    ),
    "publish_done": "Runde {round} er publisert. Leserne ser den nå.",
    "withdraw_done": "Runde {round} er trukket tilbake. Leserne ser den ikke lenger.",
    "publish_already": "Runde {round} er allerede publisert. Ingenting er endret.",
    "withdraw_already": "Runde {round} er ikke publisert. Ingenting er endret.",
    "publish_no_rounds": "ingen runder er importert",
    "publish_unknown_round": "Runden «{round}» finnes ikke i undersøkelsen. Runder: {rounds}.",
    "publish_cell": "{where}, {measure} ({n} endret)",
    "publish_cell_shown": "{where}, {measure}",
    "publish_cell_all": "alle",
    "publish_cells_more": " og {count} celler til",
    "publish_reason_too_few": (
        "disse cellene er endret for færre enn {threshold} respondenter, så forskjellen mellom de to "
        "versjonene viser en liten gruppes svar"
    ),
    "publish_reason_derivable": (
        "disse cellene vises i begge versjonene, og forskjellen i dem gjør det mulig å regne ut "
        "forskjellen i en skjult celle"
    ),
    "publish_reason_exposing": (
        "disse cellene vises i den nye versjonen, og sammen med det leserne har sett, gjør de det mulig "
        "å regne ut en skjult celle"
    ),
    "publish_change_refused": (
        "Runde {round} er publisert, og leserne har allerede sett tallene. Endringen ville avsløre en "
        "liten gruppe: {reason}: {cells}. Ingenting er lagret. Trekk runden tilbake først "
        "med knappen «Trekk runden tilbake» på siden «Importer data», eller "
        "importer en endring som legger til eller endrer minst {threshold} respondenter i hver celle som "
        "endres. En runde som er trukket tilbake, kan publiseres igjen bare når forskjellen fra det "
        "leserne har sett, består den samme kontrollen."
    ),
    "publish_republish_refused": (
        "Runde {round} kan ikke publiseres igjen: leserne har sett en annen versjon av den før den ble "
        "trukket tilbake, og forskjellen ville avsløre en liten gruppe: {reason}: {cells}. Ingenting er "
        "endret. La runden være upublisert, eller importer flere svar, slik at minst {threshold} "
        "respondenter er endret i hver celle som endres."
    ),
    "history_empty": "Ingen importer ennå.",
    "col_import": "Nr.",
    "col_at": "Tidspunkt",
    "col_kind": "Type",
    "col_file": "Fil",
    "col_who": "Hvem",
    "col_respondents": "Respondenter",
    "col_rows": "Rader",
    "history_active": "aktiv",
    "history_undone": "angret (nr. {by})",
    "history_undo_of": "angret nr. {ids}",
    "history_undo_choice": "Import som skal angres",
    "history_undo_confirm": "Jeg forstår at dataene fra denne importen fjernes fra alle figurer",
    "history_undo_button": "Angre importen",
    "history_undone_done": "Import {import_id} er angret.",
    # ---- Follow-up measures (tiltak): page «Tiltak», overview section, effect next round
    "page_actions": "Tiltak",
    "actions_intro": (
        "Tiltak er det enhetene gjør med resultatene: hva, hvor, hvilket kjennetegn eller fundament det "
        "skal styrke, hvem som eier det (en rolle eller en enhet, ikke en person), frist og status. Neste "
        "runde viser om kjennetegnet endret seg for enheten, ved siden av endringen for enhetene uten "
        "tiltak."
    ),
    "actions_association": (
        "Endringen viser en sammenheng, ikke et bevis: også andre ting skjer mellom to runder. "
        "Sammenligningen er gjennomsnittet av endringene for enhetene uten tiltak på samme kjennetegn fra "
        "samme runde, av de enhetene som vises begge rundene."
    ),
    "actions_calls_title": "Der resultatene krever handling ({round})",
    "actions_calls_intro": (
        "Enheter og kjennetegn i siste runde som falt statistisk sikkert, ligger under målet eller er "
        "enhetens svakeste: fall først (størst først), så avstand under målet, så lavest gjennomsnitt. "
        "«Lag tiltak» legger et utfylt forslag inn i tabellen under."
    ),
    "actions_calls_none": "Ingen enhet har et kjennetegn som falt, ligger under målet eller kan vises.",
    "actions_make": "Lag tiltak",
    "actions_make_help": "Legg til et tiltak for {unit}, {indicator}, utfylt fra dette funnet",
    "actions_call_line": "**{unit}** · {indicator}: {details}",
    "actions_table_title": "Tiltakene",
    "actions_table_intro": (
        "Rediger i tabellen og trykk «Lagre tiltakene». Nye rader legges til nederst; tom id gir en ny id. "
        "Et tiltak slettes ikke: sett status «avbrutt», eller angre lagringen. Hver lagring er en import "
        "og står i importhistorikken."
    ),
    "actions_save": "Lagre tiltakene",
    "actions_saved": "Tiltakene er lagret som import {import_id}.",
    "actions_unchanged": "Ingen endringer å lagre.",
    "actions_undo_last": "Angre lagringen",
    "actions_undone": "Lagringen (import {import_id}) er angret.",
    "actions_drafts": (
        "{count} utfylte forslag er lagt til nederst i tabellen og lagres når du trykker «Lagre tiltakene»."
    ),
    "actions_effect_title": "Tiltak og effekt",
    "actions_no_survey": "Effekten av tiltak måles i undersøkelsen; ingen runde av den er publisert ennå.",
    "actions_empty": "Ingen tiltak er registrert ennå.",
    "actions_takeaway_none": "Ingen tiltak er registrert ennå.",
    "actions_takeaway_waiting": "{total} tiltak er registrert; ingen har en ny runde som kan vises ennå.",
    "actions_status_line": "Status: {counts}.",
    "actions_templates": "Mal for import av tiltak",
    "action_draft_title": "Styrke «{label}» i {unit}",
    "action_reason_fell": "falt statistisk sikkert",
    "action_reason_below_target": "under målet",
    "action_reason_weakest": "enhetens svakeste",
    "action_not_measured": "måles ikke i undersøkelsen",
    "action_no_later_round": "ingen ny runde ennå",
    "action_comparison": "{change} ({units} enheter)",
    "action_interval": "{low} til {high}",
    "whole_municipality": "hele kommunen",
    "col_action_id": "Id",
    "col_action_title": "Tiltak",
    "col_action_target": "Kjennetegn eller fundament",
    "col_action_owner": "Eier (rolle eller enhet)",
    "col_action_start": "Start",
    "col_action_deadline": "Frist",
    "col_action_prompted_by": "Utløst av runde",
    "col_action_project": "Prosjekt",
    "col_action_reasons": "Hvorfor",
    "col_has_action": "Har tiltak",
    "col_rounds": "Runder",
    "col_ci": "95 % konfidensintervall",
    "col_comparison": "Enheter uten tiltak",
    # Møtemodus and reports (analytics/present/meeting.py, analytics/present/reports.py, pages/mote.py)
    "page_meeting": "Møtemodus",
    "headline_level": "{subject} var {value} i {round}.",
    "headline_hidden": "{subject} for {round} er skjult fordi for få svarte.",
    "headline_previous_hidden": (
        "{subject} var {value} i {round}. Tallet for {previous} er skjult fordi for få svarte, "
        "så endringen kan ikke vises."
    ),
    "source_survey": "Kilde: spørreundersøkelsen, runde {round}, n = {n}.",
    "source_hidden": "Skjult av hensyn til anonymitet: {hidden}.",
    "source_none_hidden": "Ingen tall er skjult.",
    "source_none": "Ingen data ennå.",
    "source_projects": (
        "Kilde: prosjektregisteret, siste vurdering av {projects} prosjekter ({open} pågående)."
    ),
    "source_instruments": (
        "Kilde: arrangementer og årsplan for virkemidlene {first}–{last} ({events} arrangementer)."
    ),
    "slide_no_survey": "Ingen runde av spørreundersøkelsen er publisert ennå.",
    "slide_index_title": "Kulturindeksen over tid",
    "slide_index_subject": "Kulturindeksen",
    "slide_agree_title": "Kjennetegnene: andelen som er enige",
    "slide_agree_subject": "Andelen som er enige i «{label}»",
    "slide_agree_all_hidden": (
        "Andelen som er enige i kjennetegnene for {round} er skjult fordi for få svarte."
    ),
    "slide_share_in": "Andel enige {round}",
    "col_n_round": "n {round}",
    "slide_groups_title": "Kulturindeksen per gruppe",
    "slide_groups_headline": (
        "I {round} ser {high} kulturen mest positivt ({high_value}), {low} minst positivt ({low_value})."
    ),
    "slide_groups_hidden": "Tallet for {hidden} av {total} grupper er skjult fordi for få svarte.",
    "slide_groups_too_few": (
        "I {round} kan gruppene ikke sammenlignes: {hidden} av {total} grupper er skjult fordi for få svarte."
    ),
    "slide_units_title": "Kulturindeksen per enhet",
    "slide_units_headline": (
        "I {round} har {high} den høyeste kulturindeksen ({high_value}) og {low} den laveste ({low_value})."
    ),
    "slide_units_hidden": "{hidden} av {total} enheter er skjult fordi for få svarte.",
    "slide_units_too_few": (
        "I {round} kan enhetene ikke sammenlignes: {hidden} av {total} enheter er skjult fordi for få svarte."
    ),
    "slide_portfolio_title": "Prosjektporteføljen",
    "slide_without_zero": "Ingen null-fundament",
    "slide_with_zero": "Minst ett fundament = 0",
    "slide_instruments_title": "Virkemidlene levert etter plan",
    "slide_planned": "Planlagt",
    "slide_delivered": "Gjennomført",
    "slide_as_planned": "Gjennomført etter plan",
    "slide_share_as_planned": "Andel levert etter plan",
    "slide_sectors_title": "Kultur og prosjekter per sektor",
    "slide_sectors_missing": "Kultur per sektor trenger både en spørreundersøkelse og prosjektregisteret.",
    "slide_sectors_headline": (
        "I {round} har {high} den høyeste kulturindeksen blant {group} ({high_value}), og sektorens "
        "prosjekter {high_projects}; {low} har den laveste ({low_value}), og prosjektene {low_projects}."
    ),
    "slide_sectors_projects": "har median fundamentindeks {median} og {share} {criterion}",
    "slide_sectors_too_few": (
        "I {round} kan kulturen blant {group} ikke sammenlignes mellom sektorene: {hidden} av {total} "
        "er skjult fordi for få svarte."
    ),
    "slide_sectors_hidden": "{hidden} av {total} sektorer er skjult fordi for få svarte.",
    "slide_sectors_series": "Kulturindeks, {group} {round}",
    "slide_sectors_no_cause": "Tallene står side om side; de sier ikke at det ene er årsak til det andre.",
    "col_n_group": "n ({group})",
    "col_median_index": "Median fundamentindeks",
    "col_share_in_use": "Andel {criterion}",
    "meeting_standard_title": "Standardsettet",
    "meeting_error_title": "Møtet mangler tittel.",
    "meeting_error_date": "Møtet mangler en gyldig dato (ÅÅÅÅ-MM-DD).",
    "meeting_error_slides": "Velg minst ett lysbilde.",
    "meeting_error_unknown": "Ukjente lysbilder: {unknown}. Velg blant {known}.",
    "meeting_error_missing": (
        "Finner ikke møtet «{meeting}». Velg et av møtene som finnes på siden «Møtemodus»."
    ),
    "report_meeting_date": "Møtedato: {date}",
    "report_source": "Datakilde: {source}",
    "report_round": "Siste spørreundersøkelse: runde {round}",
    "report_generated": "Laget {at}",
    "report_data": "Innovasjonsbarometeret, dataversjon {version} ({kind})",
    "report_demo": "demodata",
    "report_imported": "importerte data",
    "report_footer": "{title} · {source}",
    "report_meeting": "Møte",
    "report_fact": "Om rapporten",
    "report_slide": "Lysbilde {number}",
    "report_about_sheet": "Om rapporten",
    "report_field": "Felt",
    "report_value": "Verdi",
    "meeting_unknown_link": "Fant ikke møtet «{meeting}» fra lenken. Viser standardsettet i stedet.",
    "meeting_position": "{title} · lysbilde {number} av {count}",
    "meeting_previous": "Forrige",
    "meeting_next": "Neste",
    "meeting_choose_title": "Velg møte og last ned",
    "meeting_choose": "Møte",
    "meeting_link": (
        "Lenke til et lysbilde i saksframlegget: legg «?mote={meeting}&lysbilde=3» "
        "til adressen til denne siden."
    ),
    "meeting_download_pptx": "Last ned PowerPoint",
    "meeting_download_pdf": "Last ned PDF",
    "meeting_download_xlsx": "Last ned tallene (Excel)",
    "meeting_compose_title": "Sett sammen et møte",
    "meeting_title_label": "Tittel",
    "meeting_date_label": "Møtedato",
    "meeting_slides_label": "Lysbilder, i rekkefølge",
    "meeting_slides_help": (
        "Standardsettet er valgt. Fjern lysbilder, eller fjern og legg til igjen for å endre rekkefølgen."
    ),
    "meeting_save": "Lagre møtet",
    "meeting_saved": "Møtet «{title}» er lagret.",
    # Phones and tablets (narrow screens)
    "heatmap_narrow_note": (
        "Kulturindeksen per enhet, høyest først (på en smal skjerm i stedet for varmekartet)."
    ),
    # Goals and strategies scorecard (analytics/measures/goals.py, page Strategien som mål)
    "col_measure": "Måltall",
    "col_period": "Runde/år",
    "hidden_or_missing": "skjult/ukjent",
    "measure_culture_group": "{what} blant {group}",
    "measure_zero_share": "Andel pågående prosjekter med et null-fundament",
    "measure_median_index": "Median fundamentindeks, pågående prosjekter",
    "measure_breadth": "Samskapingsbredde (aktørtyper per prosjekt, etter startår)",
    "measure_citizens_behov": "Andel prosjekter med innbyggere i behovsfasen (etter startår)",
    "measure_delivered": "Andel virkemidler levert etter plan",
    "measure_outcome": "Andel prosjekter som er {criterion}",
    "measure_unknown": "«{measure}» er ikke et kjent måltall i framework.json.",
    "measure_targets_unreadable": "Kan ikke lese målfila {file}: {error}.",
    "measure_targets_unknown": (
        "linje {line}: «{measure}» er ikke et måltall som et mål eller en strategi bruker."
    ),
    "measure_targets_year": "linje {line}: «{year}» er ikke et årstall som 2024.",
    "measure_targets_value": "linje {line}: målet «{target}» må være et tall fra {low} til {high}.",
    "measure_targets_problems": "Målfila {file} har {count} feil:",
    "goal_sentence": "{on_track} av {total} måltall med målverdi er i rute.",
    "goal_sentence_behind": "Bak: {behind}.",
    "goal_sentence_no_targets": "Ingen av de {measures} måltallene har en målverdi ennå.",
    "scorecard_title": "Status for mål og strategier",
    "scorecard_intro": (
        "Hvert overordnet mål og hver strategi følges med måltallene strategien knytter til dem: siste "
        "verdi, endring siden forrige runde eller år, målverdi og status. Tallene viser utvikling, "
        "ikke årsak."
    ),
    "scorecard_goal": "Mål",
    "scorecard_strategy": "Strategi",
    "scorecard_targets_left_out": "{message} Måltallene vises uten disse målverdiene.",
    # --- Sign-in, roles and the audit trail (access.py, pages/tilgang.py, pages/administrasjon.py) ---
    "section_access": "Tilgang",
    "page_access": "Tilgang",
    "section_admin": "Administrasjon",
    "page_admin": "Administrasjon",
    "access_denied": (
        "Du har ikke tilgang til dette. Be den som drifter tjenesten i kommunen om riktig rolle."
    ),
    "access_sign_in_intro": (
        "Innovasjonsbarometeret viser kommunens egne data og er bare for innloggede brukere. "
        "Logg inn med kommunens konto."
    ),
    "access_sign_in_button": "Logg inn",
    "access_sign_out_button": "Logg ut",
    "access_mode_signed_in": "Du er logget inn som **{who}** med rollene {roles}. Du kan:",
    "access_mode_local": (
        "Innlogging er ikke satt opp. Nettleseren din åpnet adressen med nøkkelen tjenesten skrev ut "
        "da den startet («{who}»), og du kan alt:"
    ),
    "access_mode_demo": (
        "Demo – ingen innlogging. Du ser demodata og kan ikke endre noe. Den som startet tjenesten, "
        "får full tilgang ved å åpne adressen med nøkkelen som «make run» skrev ut. Du kan:"
    ),
    "access_no_role_short": "ingen rolle",
    "access_no_role": (
        "Du er logget inn som **{who}**, men e-postadressen din og gruppene dine står ikke under "
        "noen rolle. Be den som drifter Innovasjonsbarometeret i kommunen (administrator) om å legge "
        "deg eller en av gruppene dine inn som politiker, leder, analytiker eller admin."
    ),
    "access_closed": (
        "Denne tjenesten har importerte data og ingen innlogging. Uten innlogging vises dataene bare "
        "i en nettleser som åpnet adressen med nøkkelen tjenesten skrev ut da den startet. "
        "Den som drifter tjenesten må sette opp "
        "innlogging (Microsoft Entra ID eller en annen OpenID Connect-leverandør) i "
        ".streamlit/secrets.toml, slik README forklarer under «Sign-in and roles», "
        "og starte tjenesten på nytt."
    ),
    "access_misconfigured": "Ingen kan logge inn før dette er rettet, og tjenesten startes på nytt:",
    "demo_no_sign_in": "Demo – ingen innlogging",
    "col_padriver_name": "Pådriver",
    "culture_units_not_for_role": (
        "Tallene per enhet er for ledere og analytikere. Her vises kommunen samlet og per gruppe."
    ),
    "admin_intro": (
        "Innstillinger som endres her, lagres i datamappa og gjelder straks for alle brukere. "
        "Hver endring står i revisjonsloggen nederst."
    ),
    "admin_threshold_title": "Anonymitetsgrense",
    "admin_threshold": "Minste antall svar bak et tall som vises",
    "admin_threshold_help": "Mellom {low} og {high}. Tall for færre svar vises som «skjult» overalt.",
    "admin_threshold_save": "Lagre grensen",
    "admin_threshold_saved": "Anonymitetsgrensen er nå {threshold}.",
    "admin_targets_title": "Mål for kjennetegnene",
    "admin_targets_intro": (
        "Ledelsens mål per kjennetegn og år (1–5). Mellom to år går målet i en rett linje. "
        "Kjennetegn: {indicators} eller Kulturindeks (samlet)."
    ),
    "admin_targets_save": "Lagre målene",
    "admin_targets_saved": "Målene er lagret ({count} linjer).",
    "admin_roles_title": "Roller",
    "admin_roles_intro": (
        "Rollene står i tabellen [roles] i .streamlit/secrets.toml og kan bare endres der "
        "(omstart etterpå). En person kan ha flere roller."
    ),
    "admin_roles_none": "Innlogging er ikke satt opp: den som bruker appen på samme maskin, har alle roller.",
    "admin_audit_title": "Revisjonslogg",
    "admin_audit_intro": (
        "Alt som er gjort: innlogginger, importer, angringer, nedlastinger og endrede innstillinger, "
        "nyeste først. Loggen kan ikke endres fra appen."
    ),
    "admin_audit_empty": "Revisjonsloggen er tom.",
    "col_role": "Rolle",
    "col_members": "E-post og grupper",
    "col_may": "Kan",
    "col_action": "Handling",
    "col_detail": "Detaljer",
    "col_data_version": "Dataversjon",
    "permission_view": "se de samlede sidene",
    "permission_units": "se enheter og enhet × gruppe",
    "permission_personal": "se pådriverens navn",
    "permission_import": "importere, koble kolonner, se historikk og angre",
    "permission_settings": "endre innstillinger og se revisjonsloggen",
    "audit_action_sign_in": "Innlogging",
    "audit_action_import": "Import",
    "audit_action_undo": "Angret import",
    "audit_action_download": "Nedlasting",
    "audit_action_setting": "Endret innstilling",
    "audit_action_mapping": "Lagret kolonnekobling",
    "audit_action_unit_map": "Lagret enhetstabell",
    "audit_import_detail": "{file} lagret som import {import_id}",
    "audit_undo_detail": "import {import_id} angret (ny versjon {version})",
    "audit_action_publish": "Publiserte runde",
    "audit_action_withdraw": "Trakk tilbake runde",
    "audit_publish_detail": "runde {round} publisert (ny versjon {version})",
    "audit_withdraw_detail": "runde {round} trukket tilbake (ny versjon {version})",
    "audit_mapping_detail": "skjema {form}: {count} kolonner koblet",
    "audit_header_map_detail": "huskede kolonnekoblinger: {count} linjer",
    "audit_unit_map_detail": "enhetstabellen: {count} linjer",
    "audit_threshold_detail": "anonymitetsgrense {old} → {new}",
    "audit_targets_detail": "mål for kjennetegnene: {count} linjer",
    # Incremental aggregate refresh and the refresh command (national scale: storage and Spark)
    "refresh_line": (
        "Aggregatene er oppdatert på {seconds} s: {count} av {total} runder oppdatert ({rounds}); "
        "{reused} gjenbrukt uendret."
    ),
    "refresh_line_none": "Aggregatene er uendret ({reused} runder gjenbrukt), kontrollert på {seconds} s.",
    "refresh_done": "Aggregatene er beregnet på nytt med {engine} (ny versjon {version}).",
    "col_refresh": "Tallene oppdatert på (sekunder)",
    "spark_missing": (
        "PySpark er ikke installert. Installer det med «pip install -r requirements-spark.txt», "
        "eller beregn med «--engine duckdb»."
    ),
    "spark_no_java": (
        "Spark trenger Java 17, men finner ikke «java». Installer det (Debian: «apt-get install "
        "openjdk-17-jre-headless») eller sett JAVA_HOME, eller beregn med «--engine duckdb»."
    ),
    "spark_root_needs_spark": (
        "--spark-root gjelder bare --engine spark. Fjern det, eller legg til --engine spark."
    ),
    "spark_failed": "Spark kunne ikke beregne aggregatene: {error}. Ingenting er endret.",
    "refresh_nothing": (
        "Datamappa {data_dir} har ingen svar å beregne aggregater av. Importer en spørreundersøkelse først."
    ),
    "store_newer_layout": (
        "Datamappa {data_dir} er skrevet av en nyere versjon av Innovasjonsbarometeret (lagringsformat "
        "{layout}; denne versjonen kan format {known}). Oppdater programmet før du bruker denne mappa."
    ),
    "store_round_missing": "Tabellen {table} må ha en runde (kolonnen {column}) i hver rad.",
    # Hostile and careless input (issue 10): safe names, text from data, limits and messages.
    "sheet_default": "Tabell",
    "store_aggregate_outdated": (
        "Datamappa {data_dir} har sammendrag fra en eldre versjon av Innovasjonsbarometeret. Beregn dem på "
        "nytt én gang med «python -m analytics refresh --data-dir {data_dir}»; neste import gjør det også."
    ),
    "store_file_unreadable": (
        "Datamappa er ufullstendig: fila {path} som manifest.json viser til, mangler eller kan ikke "
        "leses. Legg tilbake mappa fra en sikkerhetskopi, eller skriv dataene på nytt i en tom mappe."
    ),
    "store_not_writable": (
        "Kan ikke lage eller skrive til datamappa {data_dir}. Velg en mappe du kan skrive i "
        "med --data-dir eller INNOBARO_DATA_DIR."
    ),
    "upload_bad_name": (
        "Filnavnet inneholder et tegn som ikke kan brukes (et null-tegn). Gi fila et vanlig navn "
        "og last den opp på nytt."
    ),
    "page_cannot_run": "Siden kan ikke vises. {message}",
    "times_unreadable": (
        "{source}: tidspunktene i kolonnen «{column}» kan ikke leses på rad {rows} (for eksempel "
        "«{example}»). Skriv dem som DD.MM.ÅÅÅÅ TT:MM:SS eller ÅÅÅÅ-MM-DD TT:MM:SS, eller rett radene."
    ),
    "too_many_rejected": (
        "Mer enn {limit} rader eller verdier kan ikke leses, så dette ser ut som feil fil eller feil "
        "oppsett (gjentatte overskrifter, feil skilletegn?). De første:\n  {examples}"
    ),
    "too_many_columns": (
        "Fila «{file}» har {columns} kolonner; en import tar høyst {limit}. Er dette riktig fil, "
        "og riktig skilletegn? Ta bort kolonner som ikke er spørsmål, eller del fila opp."
    ),
    "too_many_cells": (
        "Fila «{file}» har {cells} celler; en import tar høyst {limit}. Del fila opp, "
        "eller eksporter den som CSV (en Excel-fil leses langsommere)."
    ),
    "date_implausible": (
        "rad {row}: «{value}» i {column} er utenfor årene {first}–{last}. Sjekk årstallet (skrivefeil?)."
    ),
    # --- Roles, audit and history for meetings, reports and tiltak (integration of the three features) ---
    "permission_lead": "skrive tiltak og sette sammen møter",
    "col_measures": "Tiltak",
    "source_measures": (
        "Kilde: tiltakstabellen, {total} tiltak; {measured} har en ny runde som kan vises, "
        "{hidden} er skjult fordi for få svarte."
    ),
    "meeting_no_slides_for_role": (
        "Møtet har bare lysbilder med tall per enhet, og dem gir ikke rollen din tilgang til. "
        "Velg et annet møte."
    ),
    "meeting_units_left_out": (
        "Lysbilder med tall per enhet er utelatt fordi rollen din ikke gir tilgang til dem."
    ),
    "actions_units_only": "Tiltakene per enhet vises for ledere og analytikere.",
    "audit_action_meeting": "Lagret møte",
    "audit_action_report": "Laget rapport",
    "audit_action_tiltak": "Lagret tiltak",
    "audit_action_tiltak_undo": "Angret lagring av tiltak",
    "audit_meeting_detail": "møtet «{title}» ({meeting_id}) med {count} lysbilder",
    "audit_report_detail": "{format}-rapport av «{title}» ({meeting_id}), {count} lysbilder",
    "audit_tiltak_detail": "{count} tiltak lagret som import {import_id}",
    "audit_tiltak_undo_detail": "lagringen av tiltak, import {import_id}, angret",
    "history_meeting": "møte lagret",
    "slide_goals_title": "Mål og strategier",
    "slide_goals_none": "Strategien har ingen mål med måltall ennå.",
    "slide_goals_headline": (
        "{on_track} av {total} måltall som har et mål, er i rute ({goals} mål og strategier)."
    ),
    "slide_goals_no_targets": (
        "Ingen av måltallene for de {goals} målene og strategiene har et mål å måles mot."
    ),
    "source_goals": (
        "Kilde: målstyringen på «Strategien som mål», {measures} måltall. "
        "Skjulte tall regnes som «ingen mål»."
    ),
    "col_goal": "Mål eller strategi",
    # ---------------------------------------------------------------- any municipality's strategy (issue 9)
    "funnel_reached": "{count} nådd {phase}",
    "participants_count": "{count} {group}",
    "framework_error": (
        "Strategifilene kan ikke brukes: {error} Rett fila (framework.json eller codebook.csv i mappa "
        "INNOBARO_FRAMEWORK_DIR peker på) og last siden på nytt."
    ),
    # ---------------------------------------------------------------- changes between rounds (issue 24)
    "changes_unknown_round": (
        "Runden «{round}» finnes ikke blant de publiserte rundene ({rounds}). Velg en av dem."
    ),
    "changes_none": "Det er færre enn to publiserte runder å sammenligne, så ingen endring kan vises ennå.",
    "change_rose": "økte",
    "change_fell": "sank",
    "change_stable": "var stabil",
    "change_untested": "for få svar til å teste endringen",
    "change_sentence": "{subject} {verb} fra {before} til {after} ({values}).",
    "change_none": "{subject}: ingen tidligere runde å sammenligne med.",
    "change_new": "{subject} fantes ikke i {before}, så endringen til {after} kan ikke vises.",
    "change_gone": "{subject} finnes ikke i {after}, så endringen fra {before} kan ikke vises.",
    "change_hidden": "{subject}: endringen fra {before} til {after} er skjult fordi for få svarte.",
    "change_mix_only": "{round} har bare {groups}",
    "change_mix_other": "{after} har {after_groups}, {before} hadde {before_groups}",
    "change_mix": "{start}; blant {group} {verb} den ({values}).",
    "change_mix_hidden": "{start}; blant {group} er endringen skjult fordi for få svarte.",
    "change_mix_no_stand_in": "{start}. {subject} kan derfor ikke sammenlignes med {before}.",
    "changes_note_new": "fantes ikke i forrige runde",
    "changes_note_gone": "finnes ikke i siste runde",
    "changes_note_group_mix": "andre svargrupper",
    "changes_note_too_few": "for få svar",
    "changes_list_rose": "steg {items}",
    "changes_list_fell": "falt {items}",
    "changes_indicators": "Fra {before} til {after} {moves}; de andre kjennetegnene var stabile.",
    "changes_indicators_none": (
        "Ingen av kjennetegnene endret seg utenfor feilmarginen fra {before} til {after}."
    ),
    "changes_indicators_group": "{start}. Blant {group} fra {before} til {after} {moves}.",
    "changes_indicators_group_none": (
        "{start}. Blant {group} endret ingen av kjennetegnene seg utenfor feilmarginen."
    ),
    "changes_weakest": "Svakest i {round}: {items} ({value}).",
    "changes_points": "{points} prosentpoeng",
    "slide_agree_points": "{subject} var {before} i {previous} og {after} i {round} ({points}).",
    "slide_agree_mix": (
        "{subject} var {after} i {round}. {start}, så andelen sammenlignes ikke med {previous}."
    ),
    "takeaway_likert_most_agree": "Flest er enige i {items} ({share}).",
    "takeaway_likert_largest_agree": "Størst andel enige: {items} ({share}).",
    "takeaway_likert_most_disagree": "Flest er uenige i {items} ({share}).",
    "takeaway_likert_largest_disagree": "Størst andel uenige: {items} ({share}).",
    "takeaway_likert_hidden_count": "{hidden} utsagn er skjult.",
    "changes_indicators_group_absent": (
        "{start}, og {group} svarte ikke i begge rundene: kjennetegnene kan ikke sammenlignes med {before}."
    ),
    "col_net_effect": "Netto effekt (95 % KI)",
    "col_verdict": "Vurdering",
    "action_verdict_weaker": "{verdict} (svakere sammenligning: kjennetegnets forrige endring)",
    "action_verdict_none": "kan ikke vurderes ennå",
    "actions_takeaway_verdicts": (
        "{total} tiltak er registrert; {judged} kan vurderes mot enheter uten tiltak: {worked} med trolig "
        "virkning, {unclear} uklart og {not_worked} uten tegn til virkning (skjult: {hidden})."
    ),
    "slide_moves_title": "Falt og steg",
    "slide_moves_none": "Ingen tall endret seg utenfor feilmarginen fra {before} til {after}.",
    "slide_moves_headline": "Fra {before} til {after} falt {fell} og steg {rose} tall utenfor feilmarginen.",
    "slide_moves_largest_fall": "Størst fall: {where}, {label} ({change}, n = {n}).",
    "slide_moves_largest_rise": "Størst økning: {where}, {label} ({change}, n = {n}).",
    "source_moves": (
        "Kilde: spørreundersøkelsen, {before} mot {after}, like grupper i begge runder. "
        "Bare endringer utenfor feilmarginen (95 %) er med; skjulte tall er aldri med."
    ),
    "moves_fell": "Falt",
    "moves_rose": "Steg",
    "col_direction": "Retning",
    "col_where": "Enhet eller gruppe",
    "col_from": "{round}",
    "col_to": "{round}",
    "overview_moves_title": "Falt og steg fra {previous} til {latest}",
    "changes_units": "Fra {before} til {after} {moves} utenfor feilmarginen.",
    "changes_units_fell": "falt kulturindeksen i {units}",
    "changes_units_rose": "steg den i {units}",
    "changes_units_none": "Ingen enhet endret kulturindeksen utenfor feilmarginen fra {before} til {after}.",
    "changes_units_hidden": "{hidden} av {total} enheter er skjult.",
    "change_heatmap_title": "Endring fra {before} til {after} per enhet",
    "change_heatmap_note": (
        "Endringen slik tallene vises (to desimaler); * betyr utenfor feilmarginen (95 %). "
        "«–»: kan ikke sammenlignes (ny enhet, andre svargrupper eller for få svar)."
    ),
    "col_note": "Merknad",
    # ------------------------------------------------- participation and the publish step (issue 25)
    "import_kind_invited": "Inviterte (svarprosent)",
    "invited_no_table": (
        "{file}: fant verken en kolonne med antall invitert («Antall invitert», «Antall ansatte») eller "
        "en kolonne «Enhet» å telle ansatte i. Last ned malen for inviterte og bruk de samme overskriftene."
    ),
    "invited_hr_needs_choice": (
        "{file}: en HR-eksport med én rad per ansatt trenger runden og gruppen. Velg runde og "
        "respondentgruppe for fila, eller ha kolonnene «Runde» og «Gruppe» i fila."
    ),
    "invited_hr_no_unit": "rad {row}: enheten er tom.",
    "invited_hr_refused": "{file}: noen ansatte mangler enhet, ingenting er lagret:",
    "invited_hr_counted": (
        "Telt fra en HR-eksport: {rows} ansatte ble til {counts} tall per enhet og gruppe. "
        "Navn og de andre kolonnene lagres ikke."
    ),
    "invited_units_renamed": "Enheter oversatt gjennom enhetstabellen: {units}",
    "invited_duplicate": "runde {round}, enhet {unit}, gruppe {group} står flere ganger.",
    "invited_refused": "{file}: noen tall står to ganger, ingenting er lagret:",
    "participation_rate": "{responded} av {invited} ({rate})",
    "participation_hidden": "skjult (for få)",
    "participation_n_only": "n = {n} (antall invitert mangler)",
    "participation_none_invited": "ingen invitert",
    "participation_flag": "under {limit} %",
    "participation_round_missing": (
        "Runde {round} har ingen tall for hvor mange som ble invitert; bare n vises. "
        "Importer dem med «import FIL --kind invited»."
    ),
    "dry_run_everyone": "alle",
    "dry_run_hidden_too_few": "{where}: skjult fordi færre enn {threshold} svarte.",
    "dry_run_hidden_complementary": (
        "{where}: skjult så det ikke kan regnes ut fra de andre tallene (en annen celle er for liten)."
    ),
    "dry_run_warn_group_missing": "{group} svarte i {previous}, men mangler i denne runden.",
    "dry_run_warn_respondents_down": (
        "{group}: {n} svarte, mot {before} i {previous} (mer enn en tredjedel færre)."
    ),
    "dry_run_warn_low_rate": "{where}: svarprosent {rate}, under grensen på {limit} %.",
    "dry_run_warn_invited_missing": (
        "Antall invitert mangler for runden, så svarprosenten kan ikke regnes ut. "
        "Importer tallene (type «Inviterte»)."
    ),
    "dry_run_not_confirmed": (
        "Runde {round} er ikke publisert: den har advarsler som ikke er bekreftet: {warnings}. "
        "Se dem med «publish {round} --dry-run», og publiser med --confirm-warnings når du har vurdert dem."
    ),
    "audit_publish_confirmed_detail": "runde {round} publisert med bekreftede advarsler: {warnings}",
    "dry_run_cli_title": "Runde {round} slik leserne vil se den (endring fra {previous}):",
    "dry_run_cli_warning": "Advarsel",
    "import_group_placeholder": "Velg gruppe",
    "import_group_needed": "Velg respondentgruppen for fila før den kontrolleres.",
    "import_group_guess_column": "Gruppen hentes fra kolonnen «gruppe» i fila. Velg en annen om den er feil.",
    "import_group_guess_form": (
        "Gruppen er gjettet ut fra skjemanavnet «{form}»: {group}. Endre den om den er feil."
    ),
    "import_unmapped_block": (
        "«Lagre importen» blir tilgjengelig når hver kolonne over er koblet til et spørsmål eller satt til "
        "«Ikke les», og du har trykket «Bruk koblingene og kontroller på nytt»."
    ),
    "import_round_not_published": (
        "Runde {round} er lagret, men ikke publisert ennå. Leserne ser den først når du publiserer den "
        "under «Publisering» nedenfor."
    ),
    "preview_col_round": "Runde",
    "preview_col_group": "Gruppe",
    "preview_col_unit": "Enhet",
    "preview_col_respondent_id": "Respondent",
    "preview_col_item_id": "Spørsmål",
    "preview_col_value": "Svar",
    "preview_col_dont_know": "Vet ikke",
    "preview_col_invited": "Antall invitert",
    "preview_col_source": "Kilde",
    "dry_run_title": "Slik vil leserne se runde {round}",
    "dry_run_intro": "Endringene er fra runde {previous}, den siste publiserte runden før denne.",
    "dry_run_intro_first": "Ingen publisert runde før denne, så ingen endring vises.",
    "dry_run_index": "Kulturindeks",
    "dry_run_rates_title": "Hvem svarte (n og svarprosent)",
    "dry_run_hidden_title": "Tall som blir skjult",
    "dry_run_hidden_none": "Ingen tall blir skjult.",
    "dry_run_warnings_title": "Advarsler",
    "dry_run_no_warnings": "Ingen advarsler.",
    "publish_confirm": "Jeg har vurdert advarslene og vil publisere likevel: {warnings}",
    "col_rate": "Svarprosent",
    "invited_templates_title": "Mal for antall invitert (Excel eller CSV)",
    "col_invited": "Invitert",
    "col_responded": "Svarte",
    "slide_participation_title": "Hvem svarte",
    "slide_participation_headline": "I {round} svarte {responded} av {invited} inviterte ({rate}).",
    "slide_participation_no_rate": (
        "Svarprosenten for {round} kan ikke regnes ut: antall invitert mangler ({n})."
    ),
    "source_participation": (
        "Kilde: runde {round}; svarte er respondenter med minst ett gyldig svar, invitert er fra HR "
        "eller lagt inn. Svarprosenten skjules der n skjules."
    ),
    "metric_participation": "Svarprosent {round}",
    "metric_participation_help": "{rate}. Endringen er i prosentpoeng fra {previous}.",
    "metric_participation_missing": "Antall invitert mangler for {round}; bare n vises.",
    "metric_participation_delta": "{change} prosentpoeng",
    "admin_flag_title": "Grense for lav svarprosent",
    "admin_flag_limit": "Flagg enheter og grupper med svarprosent under (%)",
    "admin_flag_help": (
        "Svarprosenter under grensen flagges i «participation» og blir advarsler før en runde publiseres. "
        "Leverandørenes råd: se nøye på grupper under 60 %."
    ),
    "admin_flag_save": "Lagre grensen",
    "admin_flag_saved": "Grensen for lav svarprosent er nå {limit} %.",
    "audit_flag_detail": "grense for lav svarprosent endret fra {old} % til {new} %",
    "invited_editor_title": "Antall invitert per runde, enhet og gruppe",
    "invited_editor_intro": (
        "Rett eller legg til tall her. Endringene lagres som en import («inviterte (lagret i appen)») "
        "og kan angres på «Importhistorikk»."
    ),
    "invited_editor_save": "Lagre antall invitert",
    "invited_editor_saved": "Lagret som import {import_id}: {rows} rader.",
    "invited_editor_unchanged": "Ingenting er endret.",
    "flag_limit_invalid": "Grensen for lav svarprosent må være et helt tall fra 1 til 100 (fikk «{value}»).",
    # ---------------------------------------------------- operations: backup, retention, health (issue 30)
    "backup_out_folder_missing": "Mappa {folder} finnes ikke. Velg en fil i en mappe som finnes med --out.",
    "backup_no_data": "Datamappa {data_dir} har ingen data å ta sikkerhetskopi av.",
    "backup_file_unreadable": (
        "En fil i datamappa kunne ikke leses ({error}). Sjekk at mappa er lesbar og prøv igjen."
    ),
    "backup_done": "Sikkerhetskopi av versjon {version} ({count} filer) skrevet til {out}.",
    "restore_unreadable": "Kan ikke lese {file} ({error}).",
    "restore_foreign": (
        "{file} er ikke en sikkerhetskopi fra Innovasjonsbarometeret. Velg en fil laget med "
        "«python -m analytics backup»."
    ),
    "restore_damaged": (
        "{file} er skadet: innholdet stemmer ikke med kontrollsummene. Ingenting er gjenopprettet. "
        "Bruk en annen sikkerhetskopi."
    ),
    "restore_newer_format": (
        "{file} er laget av en nyere versjon av barometeret (format {version}). "
        "Oppgrader før du gjenoppretter."
    ),
    "restore_not_empty": (
        "Mappa {data_dir} er ikke tom. Gjenopprett til en tom mappe, eller legg til --replace for å "
        "erstatte innholdet."
    ),
    "restore_done": "Versjon {version} fra {file} gjenopprettet i {data_dir} ({count} filer).",
    "audit_action_backup": "Sikkerhetskopi",
    "audit_action_restore": "Gjenopprettet",
    "audit_backup_detail": "sikkerhetskopi av versjon {version}, {count} filer",
    "audit_restore_detail": "gjenopprettet versjon {version} fra {file} (tatt {taken_at})",
    "admin_backup_title": "Sikkerhetskopi",
    "admin_backup_intro": (
        "Last ned en sikkerhetskopi av datamappa slik den er nå: én fil med kontrollsummer og "
        "dataversjonen. IT-drift gjenoppretter den etter driftsveiledningen "
        "(docs/drift.md)."
    ),
    "admin_backup_make": "Lag sikkerhetskopi",
    "admin_backup_download": "Last ned sikkerhetskopien (versjon {version})",
    "health_no_folder": "Datamappa {data_dir} finnes ikke eller kan ikke leses.",
    "health_no_manifest": (
        "Datamappa {data_dir} har ingen manifest.json: ingen data er lagret, eller mappa er feil "
        "(sjekk INNOBARO_DATA_DIR)."
    ),
    "health_unreadable": "Datamappa {data_dir} kan ikke leses: {error}",
    "health_missing_files": (
        "{count} filer som manifestet viser til mangler (først: {first}). Gjenopprett fra sikkerhetskopi."
    ),
    "health_stale_aggregate": (
        "Aggregatet {table} er ikke beregnet fra dagens svar og kodebok for runde {rounds}. "
        "Kjør «python -m analytics refresh»."
    ),
    "health_process_down": "Prosess {number} ({url}) svarer ikke.",
    "retention_months_invalid": (
        "Oppbevaringstiden må være et helt antall måneder fra 1 til 1000, eller 0 for ingen grense "
        "(fikk «{value}»)."
    ),
    "retention_round_line": (
        "Runde {round}: {answers} svar fra {respondents} respondenter (publisert {published_at}) slettes; "
        "tallene som er publisert, blir stående."
    ),
    "retention_names_line": "Pådrivernavnet fjernes for {count} avsluttede prosjekter: {projects}.",
    "retention_nothing": "Ingenting skal slettes nå.",
    "retention_dry_run": "Prøvekjøring: ingenting er slettet.",
    "retention_done": "Slettet. Se revisjonsloggen («python -m analytics audit»).",
    "retention_changed_meanwhile": (
        "Dataene ble endret mens slettingen ble forberedt. Kjør «python -m analytics retention» på nytt."
    ),
    "retention_round_frozen": (
        "Rådataene for runde {rounds} er slettet etter oppbevaringstiden, og tallene som ble publisert, "
        "kan ikke lenger endres. Svar kan ikke legges til i runden igjen; importer dem som en ny runde "
        "om de skal brukes."
    ),
    "retention_who_app": "oppbevaring (appen ved start)",
    "audit_action_retention": "Slettet etter oppbevaringstid",
    "audit_retention_detail": (
        "rådata slettet for runde {rounds} ({answers} svar fra {respondents} respondenter); "
        "pådrivernavn fjernet for {names} prosjekter; {files} filer slettet"
    ),
    "admin_retention_title": "Oppbevaring",
    "admin_retention_intro": (
        "Hvor lenge rådata og navn oppbevares. Når tiden er ute, slettes de automatisk ved neste start "
        "av appen. Tallene som er publisert for en runde, blir stående "
        "og kan ikke lenger endres. 0 betyr ingen grense."
    ),
    "admin_retention_answers": "Måneder rådata (svarene) oppbevares etter at en runde er publisert",
    "admin_retention_names": "Måneder pådriverens navn oppbevares etter at prosjektet er avsluttet",
    "admin_retention_save": "Lagre oppbevaringstid",
    "admin_retention_saved": "Oppbevaringstiden er lagret.",
    "admin_retention_due": "Dette slettes ved neste kjøring:",
    "audit_retention_setting_detail": "oppbevaring: rådata {answers} måneder, pådrivernavn {names} måneder",
    "retention_no_limit": "ingen grense",
    "rounds_answers_deleted": "rådata slettet",
    "actions_call_mean": "{mean} (n = {n})",
    "actions_call_fell": "falt {change}",
    "actions_call_gap": "{gap} under målet ({target})",
    "actions_call_has_action": "tiltak finnes",
    "actions_calls_all": "Vis alle ({count})",
    "col_gap_below": "Under målet med",
    "changes_order": "--from ({before}) må være en tidligere runde enn --to ({after}). Bytt om rundene.",
    # ---------------------------------------------------------------- privacy and security, round three
    "utf8_bad_lines": (
        "Fila «{file}» er skrevet i UTF-8, men {count} linjer er ikke gyldig UTF-8 (linje {lines}{more}). "
        "Ingenting er lagret. Rett disse linjene, eller lagre fila på nytt som «CSV UTF-8» og prøv igjen."
    ),
    "utf8_more_lines": " og {count} til",
    "action_id_ambiguous": (
        "id-en «{given}» kan være flere lagrede tiltak ({known}). Skriv id-en nøyaktig slik den er lagret."
    ),
    "import_not_regular_file": (
        "«{file}» er ikke en vanlig fil (men for eksempel en enhet eller et rør) og leses ikke. "
        "Lagre dataene i en CSV-, Excel- eller Parquet-fil og importer den."
    ),
    "cli_disk_full": (
        "Disken er full ({where}). Ingenting av dette er lagret, og dataene er som før. "
        "Frigjør plass på disken og prøv igjen."
    ),
    "report_out_is_folder": "«{out}» er en mappe. Oppgi et filnavn med --out, for eksempel {example}.",
    "report_out_unwritable": (
        "Kan ikke skrive rapporten til «{out}»: {reason}. Velg en fil i en mappe du kan skrive til med --out."
    ),
    "launch_address": "\n  Åpne Innovasjonsbarometeret med full tilgang fra denne maskinen:\n\n    {link}\n",
    # ------------------------------------------------ threshold changes, singletons, bounds (issue 28)
    "threshold_change_refused": (
        "Anonymitetsgrensen kan ikke endres fra {old} til {new} nå: runde {round} er publisert, og "
        "leserne har sett den med grensen {old}. Med grensen {new} ville de to mønstrene av skjulte celler "
        "sammen avsløre en liten gruppe: {reason}: {cells}. Ingenting er endret. Trekk runden tilbake "
        "først (knappen på siden «Importer data»); den nye grensen gjelder da runder som publiseres "
        "etter endringen, og runden kontrolleres mot det leserne har sett når den publiseres igjen."
    ),
    "admin_threshold_rounds": (
        "Publiserte runder vises med grensen de ble publisert med, til en ny grense lagres her: {rounds}. "
        "En grense satt i miljøet eller innstillingsfila gjelder runder som publiseres etter endringen."
    ),
    "admin_threshold_round": "{round}: {threshold}",
    "admin_protection_width": (
        "Beskyttelsesbredde: gjennomsnittet i en celle som er skjult fordi for få har svart, kan ikke "
        "avgrenses til et smalere intervall enn {width} skalatrinn av de viste tallene og skalaens ender "
        "(innstillingen INNOBARO_PROTECTION_WIDTH, 0 slår den av)."
    ),
    # ------------------------------------------------- response rates on the culture page (issue 25)
    "col_participation": "Svarprosent",
    "participation_flagged": "{rate} – under {limit} %",
    "culture_unit_participation": "Svarprosent for {unit} i {round}: {rate}",
    "culture_round_no_invited": (
        "Runde {round} har ingen tall for hvor mange som ble invitert, så svarprosenten kan ikke vises; "
        "bare n vises. En analytiker kan importere dem på «Importer data» som «Inviterte (svarprosent)»."
    ),
    # ------------------------------------------------------------ projector, tagged PDF, bokmål (issue 27)
    "chart_alt": "Diagram: {title}. {values}.",
    "chart_plan_line": "plan: 100 %",
    "report_table_heading": "Tallene",
    "presentation_start": "Vis som presentasjon",
    "presentation_start_help": (
        "Viser bare lysbildet, over hele vinduet. Piltastene og Page Up/Page Down (eller en "
        "presentasjonsklikker) blar, F gir fullskjerm og Esc avslutter."
    ),
    "presentation_leave": "Avslutt presentasjon",
    "presentation_leave_help": "Tilbake til møtemodus med valg av møte og nedlasting (Esc).",
    "presentation_demo": "demodata",
    "kind_survey": "spørreundersøkelse",
    "kind_projects": "prosjekter",
    "kind_events": "virkemidler",
    "kind_actions": "tiltak",
    "kind_demo": "demodata",
    "kind_undo": "angring",
    "kind_meeting": "møte",
    "admin_index_option": "Kulturindeks",
    "streamlit_drop": "Dra og slipp fila hit",
    "streamlit_limit": "Høyst {mb} MB per fil",
    "streamlit_browse": "Velg fil",
    "streamlit_upload": "Last opp",
    "streamlit_skip": "Hopp til hovedinnholdet",
    "streamlit_help": "Hjelp til {name}",
    "streamlit_heading_link": "Lenke til overskriften",
    "streamlit_png": "Last ned figuren som PNG",
    "streamlit_fullscreen": "Fullskjerm",
    "streamlit_page_not_found": "Fant ikke siden",
    "streamlit_page_not_found_text": (
        "Siden finnes ikke, eller du har ikke tilgang til den. Du ser forsiden i stedet."
    ),
    # ---------------------------------------------------------------- context for judgement (issue 26)
    "drivers_title": "Hva henger sammen med målet? ({round}, {slice})",
    "drivers_intro": (
        "Strategiens mål: «{outcome}». For hvert kjennetegn: hvor høyt det står (snitt), og hvor sterkt "
        "respondentenes svar på det henger sammen med svarene deres på målet (Pearsons r, med 95 % "
        "konfidensintervall). Bare for alle og for en respondentgruppe med minst {least} svar, "
        "aldri per enhet."
    ),
    "drivers_caveat": (
        "Sammenheng er ikke årsak: et kjennetegn som henger sterkt sammen med målet, trenger ikke å "
        "være det som gir resultatet. Bruk det som et sted å begynne samtalen."
    ),
    "drivers_no_outcome": (
        "Strategien har ikke noe mål å måle sammenhenger mot. Skriv «outcome» i framework.json: id-en til "
        "et kjennetegn eller teksten til ett utsagn i kodeboka."
    ),
    "drivers_none": (
        "Ingen sammenhenger å vise her: det trengs minst {least} respondenter som har svart både på "
        "målet og på kjennetegnet."
    ),
    "drivers_takeaway": (
        "Lavt og sterkt knyttet til «{outcome}»: {indicators}. Der kan en innsats gi mest igjen, "
        "men sammenheng er ikke årsak."
    ),
    "drivers_takeaway_none": (
        "Ingen kjennetegn står både lavere enn de andre og henger sterkere enn de andre "
        "(og signifikant) sammen med «{outcome}»."
    ),
    "drivers_axis_level": "Nivå (snitt)",
    "drivers_axis_r": "Sammenheng med målet (r)",
    "col_level": "Nivå (snitt)",
    "col_r": "Sammenheng (r)",
    "drivers_unknown_round": "Runden «{round}» finnes ikke blant de publiserte rundene: {rounds}.",
    "drivers_unknown_group": "Gruppen «{group}» finnes ikke. Grupper: {groups}.",
    "drivers_legend_focus": "Lavt og sterkt knyttet til målet",
    "drivers_legend_other": "Andre kjennetegn",
    "drivers_hover": "nivå {x}, r = {y}",
    "import_kind_benchmarks": "Sammenligningstall",
    "benchmarks_template_title": "Mal for sammenligningstall",
    "template_type_number": "tall (desimalkomma eller -punktum)",
    "col_compared": "Hva",
    "col_ours": "Vårt tall ({round})",
    "col_benchmark_value": "Sammenligningstall",
    "col_source": "Kilde",
    "col_scope": "Gjelder",
    "col_p25": "Nedre kvartil",
    "col_median": "Median",
    "col_p75": "Øvre kvartil",
    "col_p90": "90-persentil",
    "col_others": "Andre kommuner ({year})",
    "col_place": "Vår plass",
    "place_top": "over øvre kvartil",
    "place_upper": "mellom median og øvre kvartil",
    "place_lower": "mellom nedre kvartil og median",
    "place_bottom": "under nedre kvartil",
    "place_hidden": "vårt tall er skjult",
    "network_quartiles": "{count} kommuner: nedre kvartil {p25}, median {median}, øvre kvartil {p75}",
    "network_none": "Ingen andre kommuner har delt tall som kan sammenlignes med våre for dette utvalget.",
    "network_few": (
        "{label}: bare {count} andre kommuner har delt tall som kan sammenlignes (median og kvartiler "
        "vises fra {minimum}); tallene deres står i tabellen."
    ),
    "network_hidden": "{label}: vårt tall er skjult fordi for få svarte, så det plasseres ikke.",
    "network_takeaway": (
        "{label} er {ours} hos oss, {place} blant {count} kommuner som delte tall for {year} "
        "(median {median})."
    ),
    "benchmarks_title": "Sammenlignet med andre ({round}, {slice})",
    "benchmarks_intro": (
        "Tall fra andre, med kilde og år, til å lese våre egne tall mot. De er sammenhenger å tolke i, "
        "ikke mål."
    ),
    "benchmarks_none": (
        "Ingen sammenligningstall for dette utvalget. Importer dem under «Importer data» som "
        "«Sammenligningstall»."
    ),
    "network_title": "Sammenlignet med kommuner som har delt tall",
    "benchmarks_unmatched": (
        "{count} rader gjelder mål vi ikke har (eller utsagn med en annen ordlyd) og vises ikke: {measures}."
    ),
    "share_demo_suffix": " (oppdiktede demodata)",
    "share_done": "{rows} tall fra {rounds} runder er skrevet til {out} (anonymitetsgrense {threshold}).",
    "share_no_rounds": "Ingen publisert runde har et årstall i navnet, så ingenting kan deles.",
    "benchmarks_index_title": "Kulturindeksen sammenlignet med andre ({round})",
    "page_my_unit": "Min enhet",
    "permission_own_unit": "se sin egen enhet (Min enhet)",
    "access_mode_unit_leader": (
        "Du er logget inn som {who}, leder for {units}. Du ser Min enhet og de samlede kultursidene, "
        "ikke andre enheter."
    ),
    "my_unit_choose": "Enhet",
    "my_unit_heading": "{unit}, {round}",
    "my_unit_headline": "Kulturindeksen for {unit} i {round} er {value}",
    "my_unit_headline_municipality": " (hele kommunen: {municipality})",
    "my_unit_headline_hidden": "Kulturindeksen for {unit} i {round} er skjult fordi for få svarte.",
    "my_unit_metric_index": "Kulturindeks",
    "my_unit_metric_n": "Respondenter",
    "my_unit_metric_response_rate": "Svarprosent",
    "my_unit_municipality": "Hele kommunen",
    "my_unit_indicators_title": "Kjennetegnene",
    "my_unit_indicators_note": (
        "Endring er siden {previous}. «Sammenheng (r)» er hele kommunens sammenheng mellom kjennetegnet og "
        "strategiens mål, aldri enhetens egen."
    ),
    "my_unit_strengths_title": "Styrker og innsatsområder",
    "my_unit_strengths": "Høyest: {items}.",
    "my_unit_focus": "Lavest: {items}.",
    "my_unit_falls": "Størst nedgang: {items}.",
    "my_unit_no_falls": "Ingen kjennetegn har gått ned siden forrige runde.",
    "my_unit_driver": "; r = {r} med målet",
    "my_unit_significant": ", signifikant",
    "my_unit_actions_title": "Tiltakene våre",
    "my_unit_no_actions": "Enheten har ingen tiltak registrert.",
    "my_unit_calls_title": "Dette bør vi gjøre noe med ({round})",
    "my_unit_no_calls": "Ingen av enhetens kjennetegn krever tiltak etter siste runde.",
    "my_unit_report_heading": "Til personalmøtet",
    "my_unit_report_title": "Min enhet: {unit} ({round})",
    "my_unit_source": "Kilde: spørreundersøkelsen {round}; skjulte tall har for få svar.",
    "my_unit_col_action_id": "Id",
    "my_unit_col_title": "Tiltak",
    "my_unit_col_target": "Kjennetegn",
    "my_unit_col_owner": "Eier",
    "my_unit_col_deadline": "Frist",
    "my_unit_col_status": "Status",
    "col_change_since": "Endring siden {previous}",
    "slide_benchmarks_title": "Sammenlignet med andre",
    "slide_benchmarks_ours": "Vår kommune ({round})",
    "slide_benchmarks_median": "Median, {count} kommuner som delte tall ({year})",
    "slide_benchmarks_none": "Ingen sammenligningstall for kulturindeksen er importert.",
    "slide_benchmarks_hidden": "Kulturindeksen for {round} er skjult fordi for få svarte.",
    "slide_benchmarks_headline": (
        "Kulturindeksen for {round} er {value}, vist ved {count} tall fra andre: sammenheng, ikke mål."
    ),
    "slide_benchmarks_source": "Kilde: {sources}. Hvert tall står med kilde og år.",
    "drivers_not_per_unit": "Sammenhengene vises for hele kommunen og for respondentgrupper, ikke per enhet.",
    # ------------------------------------------ the indicators chart across another mix of groups
    "indicators_title_latest": "Kjennetegnene på innovasjonskultur, {latest}",
    "indicators_latest_only": (
        "Diagrammet viser derfor bare {after}: tallene for alle i {before} bygger på andre "
        "svargrupper og kan ikke sammenlignes med {after}."
    ),
    # --- Reader wording on pages (issue 27): the technical detail stays in the history and the CLI ---
    "import_numbers_updated": "Tallene er oppdatert.",
    # --- Messages of the command line (analytics/__main__.py) ---
    "cli_invalid_command": "Ugyldig kommando ({message}). Se «python -m analytics --help».\n",
    "cli_no_data": (
        "Datamappa {data_dir} har ingen data. Kjør «python -m analytics demo --data-dir {data_dir}» eller "
        "importer en fil med «import»."
    ),
    "cli_demo_written": "Demodata skrevet til {data_dir} (versjon {version}).",
    "cli_first_rows": "Slik lagres de første radene:",
    "cli_history_undone_by": "angret (av {undone_by})",
    "cli_history_undoes": "angret import {imports}",
    "cli_undone": "Import {import_id} er angret (ny versjon {version}).",
    "cli_error": "Feil: {exc}",
    "cli_drivers_line": "{round} {group} {indicator} n={n} nivå {level}  r={r} [{ci_low}, {ci_high}]{sign}",
    "cli_out_folder_missing": "Mappa {parent} finnes ikke. Velg en fil i en mappe som finnes med --out.",
    "cli_rounds_respondents": "{respondents} respondenter",
    "cli_report_written": "Rapporten «{title}» ({count} lysbilder) er skrevet til {out}.",
    "word_none": "ingen",
    "word_all": "alle",
    "word_unknown": "ukjent",
    # --- Sign-in settings in secrets.toml (analytics/core/access.py) ---
    "access_local_user": "lokal bruker",
    "access_auth_missing_keys": (
        "Innlogging er satt opp i .streamlit/secrets.toml, men [auth] mangler {missing}. Se README, «Sign-in "
        "and roles»."
    ),
    "access_cookie_secret_weak": (
        "cookie_secret i [auth] må være en tilfeldig streng på minst {min_cookie_secret} tegn som bare denne "
        "tjenesten kjenner (ikke eksempelverdien). Lag en med «python -c 'import secrets; "
        "print(secrets.token_hex(32))'»."
    ),
    "access_redirect_uri": (
        "redirect_uri i [auth] må være appens adresse med /oauth2callback til slutt, for eksempel "
        "https://innovasjon.kommune.no/oauth2callback."
    ),
    "access_unknown_roles": "[roles] har ukjente roller: {unknown}. Roller som finnes: {roles}.",
    "access_role_not_list": (
        '[roles] {role} må være en liste med tekster, for eksempel {role} = ["navn@kommune.no"].'
    ),
    "access_unit_not_list": (
        '[units] «{unit}» må være en liste med tekster, for eksempel "{unit}" = ["navn@kommune.no"].'
    ),
    "access_demo_user": "uten innlogging",
    # --- Settings from the environment (analytics/core/config.py) ---
    "config_protection_width": (
        "INNOBARO_PROTECTION_WIDTH må være et tall fra 0 til {most} (skalatrinn), ikke «{value}». "
        "Sett den til for eksempel 1."
    ),
    "config_threshold_not_integer": (
        "Anonymitetsgrensen må være et heltall, ikke «{value}». Sett INNOBARO_ANONYMITY_THRESHOLD til for "
        "eksempel 5."
    ),
    "config_threshold_too_low": (
        "Anonymitetsgrensen kan ikke være lavere enn {min_anonymity_threshold} (fikk {threshold}). Sett "
        "INNOBARO_ANONYMITY_THRESHOLD til 3 eller mer."
    ),
    "config_not_positive": "{env} må være et positivt heltall, ikke «{value}».",
    "config_driver_min_invalid": (
        "INNOBARO_DRIVER_MIN_RESPONDENTS må være et heltall på minst {min_driver_respondents}, ikke "
        "«{value}». Sett den til for eksempel {min_driver_respondents} eller mer."
    ),
    # --- The strategy files framework.json and codebook.csv (analytics/core/framework.py) ---
    "framework_codebook_unreadable": "Kan ikke lese kodeboka {name}: {exc}.",
    "framework_codebook_empty": "Kodeboka {name} er tom. Skriv én linje per spørsmål under overskriften.",
    "framework_codebook_columns": (
        "Kodeboka mangler kolonnene: {missing}. Første linje skal være item_id,indicator,groups,text."
    ),
    "framework_field_missing": "Strategifila: feltet «{field}» mangler eller har feil form. Skriv {hint}.",
    "framework_hint_list": "en liste, for eksempel [{example}]",
    "framework_element_missing": (
        "Strategifila: element {number} i «{field}» mangler {missing}. Skriv for eksempel {example}."
    ),
    "framework_not_integers": "Strategifila: «{field}» skal være en liste med heltall. Skriv {hint}.",
    "framework_not_object": "Strategifila skal være ett JSON-objekt: {{ ... }}.",
    "framework_one_baseline": (
        'Strategifila: nøyaktig én gruppe i «respondent_groups» skal ha "baseline": true (gruppen de andre '
        "sammenlignes med i «ulike syn», for eksempel de ansatte)."
    ),
    "framework_duplicate_ids": "Strategifila: «{where}» har samme id flere ganger: {twice}. Gi hver sin id.",
    "framework_scale_gaps": (
        "Strategifila: «{where}» skal gå i hele tall fra {start} og oppover uten hull, fant {values}. Skriv "
        "for eksempel {example}."
    ),
    "framework_id_not_column": (
        "Strategifila: id-en «{bad}» i «{where}» blir en kolonne i importfilene: bruk små bokstaver a–z, "
        "tall og _, og begynn med en bokstav (for eksempel «losning»)."
    ),
    "framework_values_off_scale": (
        "Strategifila: «{field}» skal være verdier på svarskalaen {scale_min}–{scale_max}, fant {values}. "
        'Skriv for eksempel "agree_values": [{next_to_max}, {scale_max}].'
    ),
    "framework_agree_and_disagree": (
        "Strategifila: en verdi kan ikke stå både i «agree_values» og «disagree_values»."
    ),
    "framework_unknown_stage": (
        "Strategifila: «stage» i «project_phases» skal være {phase_stages} (blt = i Behov–Løsning–Test, "
        "after = etter, closed = avsluttet), fant {stages}."
    ),
    "framework_two_blt_phases": (
        'Strategifila: «project_phases» trenger minst to faser med "stage": "blt" (den første er '
        "behovsfasen, den andre løsningsfasen)."
    ),
    "framework_criterion_phase": (
        'Strategifila: kriteriet «{criterion}» i «innovation_criteria» trenger "phase" med en av fasene '
        "{phase_ids} (fasen der prosjektet regnes som {criterion})."
    ),
    "framework_one_citizen_actor": (
        'Strategifila: én aktør i «actors» skal ha "citizens": true (innbyggerne, for «stor B»).'
    ),
    "framework_unit_required_unknown": "Strategifila: «unit_required» står på en ukjent gruppe.",
    "framework_outcome_unknown": (
        "Strategifila: «outcome» («{outcome}») skal være id-en til et kjennetegn ({ids}) eller teksten til "
        "ett utsagn i kodeboka, skrevet nøyaktig likt."
    ),
    "framework_item_without_id": (
        "Kodeboka har en linje uten item_id. Gi hvert spørsmål en id, for eksempel K1_1."
    ),
    "framework_item_unknown_indicator": (
        "Spørsmål {item_id} viser til ukjent kjennetegn {indicator}. Bruk en av id-ene i «indicators»: {ids}."
    ),
    "framework_item_without_text": "Spørsmål {item_id} mangler tekst. Skriv utsagnet i kolonnen text.",
    "framework_item_unknown_group": (
        "Spørsmål {item_id} har ukjent eller ingen gruppe. Skriv en eller flere av {group_ids} i kolonnen "
        "groups, skilt med |."
    ),
    "framework_indicator_too_few_items": (
        "Kjennetegn {indicator} har {count} spørsmål; det trengs minst to. Legg til linjer i kodeboka."
    ),
    "framework_group_without_items": (
        "Gruppen {group} har ingen spørsmål om {indicator}. Legg til {group} i groups på et spørsmål om "
        "{indicator}."
    ),
    "framework_file_missing": (
        "Finner ikke strategifila {framework_file}. Sett INNOBARO_FRAMEWORK_DIR til mappa som har "
        "framework.json og codebook.csv (standard: data/ i repoet)."
    ),
    "framework_file_unreadable": "Kan ikke lese strategifila {name}: {exc}.",
    "framework_invalid_json": (
        "Strategifila {name} er ikke gyldig JSON (linje {lineno}, tegn {colno}): {msg}. Sjekk komma, klammer "
        "og anførselstegn der."
    ),
    # --- Targets: the targets file (core/targets.py) and the targets saved in the app (store/settings.py) ---
    "targets_file_unreadable": "Kan ikke lese målfila {name}: {exc}.",
    "targets_columns_missing": (
        "Målfila {name} mangler kolonnene {missing}. Første linje skal være: indicator,year,target."
    ),
    "targets_source_file": "Målfila {name}",
    "targets_line_unknown_indicator": "linje {line}: «{indicator}» er ikke et kjennetegn ({known}).",
    "targets_line_off_scale": (
        "linje {line}: målet «{target}» må være et tall fra {scale_min} til {scale_max}, som 3.8."
    ),
    "targets_line_repeated": "linje {line}: {indicator} har mål for {year} mer enn én gang.",
    "targets_errors": "{source} har {count} feil: ",
    "settings_threshold_too_high": (
        "Anonymitetsgrensen kan ikke være høyere enn {max_anonymity_threshold} (fikk {threshold})."
    ),
    "settings_source_saved_targets": "De lagrede målene",
    "settings_source_targets": "Målene",
    # --- What each column of an import template means (analytics/core/schema.py) ---
    "help_projects_project_id": "Kort, fast id for prosjektet, for eksempel P01. Brukes i alle tabellene.",
    "help_projects_name": "Prosjektets navn.",
    "help_projects_sector": "Sektor eller enhet som eier prosjektet.",
    "help_projects_padriver": "Pådriverens navn. Er en personopplysning og vises ikke i appen.",
    "help_projects_started_on": "Datoen prosjektet startet.",
    "help_projects_origin": "Hvor prosjektet kom fra, for eksempel en satsing.",
    "help_projects_handlingsrom_avklart": "Er handlingsrommet avklart (strategien 3.1)? ja eller nei.",
    "help_projects_arets_innovasjonsprosjekt": (
        "Årets innovasjonsprosjekt: «nominert ÅÅÅÅ» eller «vinner ÅÅÅÅ», ellers tom."
    ),
    "help_projects_description": "Kort beskrivelse av prosjektet.",
    "help_project_id_reference": "Prosjektets id, som i prosjektregisteret.",
    "help_assessments_assessed_on": "Datoen vurderingen ble gjort.",
    "help_assessments_assessor_role": "Hvem som vurderte (rolle, ikke navn): pådriver, leder, støtteteam.",
    "help_assessments_comment": "Valgfri kommentar til vurderingen.",
    "help_assessments_fundament": "{scale}. Tom = ikke vurdert (ikke 0).",
    "help_phases_phase": "Fasen prosjektet gikk inn i.",
    "help_phases_started_on": "Datoen fasen startet. Fasen varer til neste fase starter.",
    "help_phases_loop": "Hvilken runde i Behov–Løsning–Test (1 for første runde). Tom = 1.",
    "help_actors_phase": "Fasen aktøren var med i.",
    "help_actors_actor": "Aktøren som var med å skape (samskaping, 2.6).",
    "help_outcomes_criterion": "Nytt, nyttig eller nyttiggjort (1.2).",
    "help_outcomes_reached_on": "Datoen prosjektet nådde dette.",
    "help_events_event_id": "Kort, fast id for arrangementet, for eksempel E2025-01.",
    "help_events_held_on": "Datoen arrangementet ble holdt.",
    "help_instrument": "Hvilket strategisk virkemiddel (3.3).",
    "help_events_title": "Arrangementets tittel.",
    "help_events_participants": "Antall deltakere: {who}.",
    "help_event_plan_year": "Året planen gjelder.",
    "help_event_plan_planned": "Antall arrangementer planlagt det året.",
    "help_actions_action_id": "Kort, fast id for tiltaket, for eksempel T01. Tom = ny id.",
    "help_actions_title": "Hva tiltaket er, kort.",
    "help_actions_unit": "Enheten tiltaket gjelder, skrevet som i undersøkelsen. Tom = hele kommunen.",
    "help_actions_target": "Kjennetegnet (kulturindikatoren) eller fundamentet tiltaket skal styrke.",
    "help_actions_owner": "Hvem som eier tiltaket: en rolle eller en enhet, ikke en persons navn.",
    "help_actions_started_on": "Datoen tiltaket starter eller startet.",
    "help_actions_deadline": "Fristen for tiltaket.",
    "help_actions_status": "Hvor langt tiltaket har kommet.",
    "help_actions_prompted_by": "Runden av undersøkelsen hvis resultater førte til tiltaket.",
    "help_actions_instrument": "Valgfritt: det strategiske virkemiddelet (3.3) tiltaket bruker.",
    "help_actions_project_id": "Valgfritt: prosjektet tiltaket hører til.",
    "help_invited_round": "Runden av undersøkelsen, for eksempel 2025.",
    "help_invited_unit": "Enheten, skrevet som i undersøkelsen. Tom for en gruppe uten enheter (politikere).",
    "help_invited_group": "Respondentgruppen som ble invitert.",
    "help_invited_invited": "Antall invitert (antall ansatte i enheten).",
    "help_invited_source": "Hvor tallet kommer fra: HR (eksport fra personalsystemet) eller manuell (tom).",
    "help_benchmarks_source": "Hvem som publiserte tallet, for eksempel «KS» eller en kommune.",
    "help_benchmarks_year": "Året tallet gjelder (undersøkelsens år).",
    "help_benchmarks_scope": (
        "Hva tallet gjelder for, for eksempel «Landet», «Innlandet», «Kommuner 5–10 000» eller kommunens "
        "navn."
    ),
    "help_benchmarks_group": "Respondentgruppen (id som i kodeboka). Tom = alle respondentene.",
    "help_benchmarks_measure": (
        "Kjennetegnets id, «index» for kulturindeksen, eller utsagnets tekst, nøyaktig likt."
    ),
    "help_benchmarks_value": "Snittet på svarskalaen.",
    "help_benchmarks_n": "Respondenter bak tallet.",
    "help_benchmarks_municipality": "Kommunen som delte tallet (fra «share»). Tom for publiserte tall.",
    "help_benchmarks_statements": (
        "Utsagnene bak et kjennetegn eller indeksen, skilt med « | » (fra «share»): tallet sammenlignes bare "
        "når utsagnene er de samme."
    ),
    "help_benchmarks_threshold": "Anonymitetsgrensen kommunen som delte tallet brukte.",
    "help_benchmarks_quantile": "Valgfritt: {label}.",
    "quantile_p25": "nedre kvartil",
    "quantile_median": "medianen",
    "quantile_p75": "øvre kvartil",
    "quantile_p90": "90-persentilen",
    # --- Reading a file (analytics/ingest/read.py, analytics/ingest/stream.py) ---
    "read_utf8_bom": "UTF-8 med BOM",
    "read_column": "kolonne {position}",
    "read_file_empty": "Fila «{file_name}» er tom. Velg en fil med en overskriftsrad og svar.",
    "read_only_headers": "Fila «{file_name}» har bare overskrifter og ingen rader med data.",
    "read_unknown_format": (
        "Fila «{file_name}» ser ikke ut som en CSV-, Excel- eller Parquet-fil. Lagre den som CSV (UTF-8 "
        "eller semikolondelt) eller xlsx og prøv igjen."
    ),
    "read_csv_description": "CSV, {encoding}, skilletegn {delimiter}",
    "read_parquet_unreadable": "Parquet-fila «{file_name}» kan ikke leses ({error}). Eksporter den på nytt.",
    "read_no_rows": "Fila «{file_name}» har ingen rader med data.",
    "read_excel_unopenable": (
        "Excel-fila «{file_name}» kan ikke åpnes. Er den passordbeskyttet eller skadet? Lagre den på nytt "
        "uten passord og prøv igjen."
    ),
    "read_excel_bomb": (
        "Excel-fila «{file_name}» pakker seg ut til {mb} MB, som er mer enn importen tillater. Fila er "
        "unormal; eksporter dataene på nytt som CSV."
    ),
    "read_excel_description": "Excel, arket «{title}»",
    "read_excel_no_data": (
        "Excel-fila «{file_name}» har ingen ark med data under overskriftene. Fyll inn minst én rad i en av "
        "tabellene og prøv igjen."
    ),
    "read_file_too_large": (
        "Fila «{file_name}» er {size} MB; grensen er {limit} MB. Del den opp, eller be driftsansvarlig øke "
        "INNOBARO_MAX_FILE_MB."
    ),
    "read_too_many_rows": (
        "Fila «{file_name}» har {rows} rader; grensen er {max_rows}. Del den opp, eller be driftsansvarlig "
        "øke INNOBARO_MAX_ROWS."
    ),
    "read_excel_password": (
        "Excel-fila «{file_name}» er passordbeskyttet. Åpne den i Excel, fjern passordet (Fil › Info › "
        "Beskytt arbeidsbok) og lagre på nytt."
    ),
    "read_old_excel": (
        "«{file_name}» er en gammel Excel-fil (.xls). Åpne den i Excel og lagre som Excel-arbeidsbok (.xlsx) "
        "eller CSV."
    ),
    "delimiter_semicolon": "semikolon",
    "delimiter_comma": "komma",
    "delimiter_tab": "tabulator",
    # --- Reading a survey (analytics/ingest/survey.py) ---
    "survey_round_field": "feltet «Runde» på importsiden (--round i CLI)",
    "survey_group_field": "valget «Respondentgruppe» på importsiden (--group i CLI)",
    "survey_rejected_row": "rad {row}",
    "survey_rejected_column": ", kolonne {column}",
    "survey_codebook_no_variable": (
        "{source}: kodeboka mangler en kolonne «variabel» (variabelnavn). Forventet kolonnene variabel og "
        "spørsmål, eller variabel, verdi og etikett."
    ),
    "survey_answer_off_scale": (
        "«{quoted}» er ikke et svar på skalaen {scale_min}–{scale_max} eller «{dont_know_label}»."
    ),
    "survey_answer_several": "«{quoted}» har flere svar i én celle; utsagnet tar ett svar.",
    "survey_answer_number_and_text": "«{quoted}»: tallet og teksten sier ulike svar.",
    "survey_which_missing": (
        "Fila sier ikke hvilken {what} svarene gjelder. Fyll inn {flag_name}, eller legg til en kolonne "
        "«{what}» i fila."
    ),
    "survey_which_disagrees": (
        "Fila har {what} «{other}» i kolonnen «{column}», men {flag_name} sier «{flag}». Tøm det valget, "
        "eller rett kolonnen."
    ),
    "survey_header_repeated": (
        "Overskriften «{column}» står i flere kolonner. Velg hvilket spørsmål hver av dem er; ingen av dem "
        "leses før det er gjort."
    ),
    "survey_no_item_columns": (
        "{source}: ingen kolonne har navn som et spørsmål i kodeboka (for eksempel {example}). Last ned "
        "spørreskjemaet fra appen og bruk item_id-ene som kolonneoverskrifter, eller koble kolonnene til "
        "spørsmålene på siden «Importer data»."
    ),
    "survey_item_not_for_group": "spørsmål {item_id} stilles ikke til gruppen {group}.",
    "survey_respondent_twice": "respondent «{respondent}» har svart to ganger.",
    "survey_unit_column_missing": (
        "{source}: fila mangler kolonnen «enhet», som trengs for {groups}. Legg til en kolonne «enhet» med "
        "enheten til hver respondent."
    ),
    "survey_not_an_item": "«{text}» er ikke et spørsmål i kodeboka.",
    "survey_no_respondent_id": (
        "{source}: finner ingen kolonne med respondent-id. Kall kolonnen «respondent_id» (én unik verdi per "
        "svar)."
    ),
    "survey_round_invalid": "runde «{round}» er ikke gyldig (bruk for eksempel 2024).",
    "survey_group_unknown": "gruppe «{group}» er ukjent (gyldige: {groups}).",
    "survey_row_too_long": (
        "raden har flere felt enn overskriften (skilletegn i tekst uten anførselstegn?); den er ikke lest."
    ),
    "survey_respondent_id_missing": "respondent-id mangler.",
    "survey_respondent_id_repeated": (
        "respondent-id «{respondent_id}» står flere ganger (første gang på rad {first_row})."
    ),
    "survey_unit_missing": "enhet mangler (påkrevd for {groups}).",
    "survey_scale_without_midpoint": (
        "Svarene bruker ord som «{last}» og «{first}», men ingen av {labels} svar er «{name}». Skjemaet ser "
        "ut til å ha en skala uten midtpunkt, som ikke kan regnes om til skalaen {scale}. Bruk skalaen "
        "{scale} med «{name}» i skjemaet."
    ),
    "survey_scale_mismatch": (
        "Ingen av {numbers} tallsvar er {scale_max}. Sjekk at skjemaet bruker skalaen {scale} og ikke "
        "{scale_min}–{other_max}."
    ),
    "survey_item_in_columns": (
        "Spørsmål {item_id} står i flere kolonner: {columns}. To blokker i skjemaet har samme utsagn; koble "
        "kolonnene til riktige spørsmål på siden «Importer data», eller gi dem item_id i overskriften."
    ),
    # --- Checking a table's rows (analytics/ingest/tables.py) ---
    "tables_and_more": "\n  … og {more} til.",
    "tables_columns_missing": (
        "{source}: mangler kolonnene {explained}. Last ned malen for «{name}» og bruk de samme overskriftene."
    ),
    "tables_cell_empty": "rad {row}: «{name}» er tom.",
    "tables_cell_not_choice": "rad {row}: «{cell}» er ikke en gyldig verdi for {name} (gyldige: {values}).",
    "tables_cell_not_date": (
        "rad {row}: «{cell}» i {name} er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."
    ),
    "tables_cell_not_bool": "rad {row}: «{cell}» i {name} må være ja eller nei.",
    "tables_cell_not_number": (
        "rad {row}: «{cell}» i {name} må være et tall fra {low} til {high} (desimalkomma eller -punktum)."
    ),
    "tables_cell_not_integer": "rad {row}: «{cell}» i {name} må være et heltall fra {low} til {high}.",
    "tables_errors": "{source}: {count} feil i tabellen «{name}», ingenting er lagret:",
    # --- The import, its report, history and undo, demo data (ingest/pipeline.py, history.py, demo.py) ---
    "demo_no_answers": "Ingen svar for runde {round_label} og gruppe {group}.",
    "history_folder_too_old": (
        "Datamappa {data_dir} ble laget av en eldre versjon som ikke kan angre importer. Importer filene på "
        "nytt i en ny datamappe (--data-dir), eller skriv demodata på nytt med «python -m analytics demo»."
    ),
    "history_no_such_import": "Det finnes ingen import med nummer {import_id}. Se «history».",
    "history_already_undone": "Import {import_id} ({file_name}) er allerede angret.",
    "report_file": "Fil: {file_name} ({kind})",
    "report_rows_read": "Rader lest: {rows_read}",
    "report_read_as": "Lest som: {description}",
    "report_form": "Skjema: {form} ({layout} format)",
    "report_respondents": "Respondenter godtatt: {respondents}, svar: {answers}",
    "report_personal_dropped": "Utelatt (personopplysninger, lagres aldri): ",
    "report_system_columns": "Systemkolonner (lagres ikke): ",
    "report_suggestion": " (forslag: {suggestion})",
    "report_unmapped": "Ikke koblet til et spørsmål (ikke lest): ",
    "report_units_renamed": "Enheter oversatt: ",
    "report_rejected": "Avvist: {count} verdier eller rader:",
    "report_and_more": "  … og {count} til.",
    "report_duplicate": "Mulig duplikat (like svar): {ids}",
    "report_more_duplicates": "  … og {count} sett til med like svar.",
    "report_missing_respondents": (
        "{count} respondenter fra tidligere import av samme skjema mangler i denne fila (slettet i "
        "skjemaet?). De beholdes, med mindre du velger å slette dem."
    ),
    "report_table_rows": "Tabell {name}: {rows} rader",
    "report_stored": "Lagret som import {import_id}.",
    "report_deleted": " Slettet {deleted}.",
    "report_dry_run": "Prøvekjøring: ingenting er lagret.",
    "import_sheet_unknown": "Arket «{name}» er ikke en kjent tabell og er ikke lest.",
    "import_no_table_fits": (
        "{file_name}: kolonnene passer ikke med noen tabell for «{kind}». Forventet en av disse: {expected}."
    ),
    "import_table_in_sheets": "{file_name}: tabellen «{name}» står i flere ark.",
    "import_no_table": "{file_name}: fant ingen tabell for «{kind}».",
    "import_unknown_projects": (
        "{file_name}: ukjente prosjekt-id-er {unknown}. Importer prosjektregisteret (tabellen projects) "
        "først, eller i samme fil."
    ),
    "import_actions_before_survey": (
        "{source}: et tiltak viser til en runde av undersøkelsen, men ingen undersøkelse er importert ennå. "
        "Importer undersøkelsen først."
    ),
    "import_action_unknown_round": "{name}: runden «{prompted_by}» finnes ikke (runder: {rounds}).",
    "import_action_unknown_unit": "{name}: enheten «{unit}» finnes ikke i undersøkelsen (enheter: {units}).",
    "import_action_unknown_project": "{name}: prosjektet «{project_id}» finnes ikke i prosjektregisteret.",
    "import_action_owner_personal": (
        "{name}: eieren «{owner}» ser ut som en e-postadresse eller et telefonnummer. Skriv en rolle eller "
        "en enhet, ikke en person."
    ),
    "import_action_deadline_before_start": "{name}: fristen {deadline} er før start {started_on}.",
    "import_action_id_repeated": "id-en «{action_id}» står flere ganger.",
    "import_action_errors": "{source}: {count} feil i tiltakene, ingenting er lagret:",
    "import_progress_mapping": "Kobler kolonner og kontrollerer svar",
    "import_no_answers": "{file_name}: fila har ingen svar i spørsmålskolonnene.",
    "import_progress_checked": "Kontroll ferdig",
    "import_unknown_kind": "Ukjent type «{kind}». Velg en av: {kinds}.",
    "import_progress_reading": "Leser fila",
    "import_read_sheet": "Leste arket «{name}».",
    "import_nothing_storable": "{file_name}: ingen svar kan lagres, ingenting er lagret:",
    "import_rejected_errors": (
        "{file_name}: {count} feil i svarene, ingenting er lagret (se rapporten; --accept-rejected lagrer "
        "resten):"
    ),
    "import_file_missing": "Finner ikke fila «{path}». Sjekk navnet og mappa.",
    "import_file_is_folder": "«{path}» er en mappe, ikke en fil.",
    "import_file_unreadable": "Kan ikke lese «{path}»: {strerror}.",
    "import_saved_in_app": "{form} (lagret i appen)",
    "import_mapping_not_item": "«{header}» er ikke en item_id i kodeboka.",
    "import_mappings_not_saved": "Koblingene er ikke lagret:",
    "import_unit_dates_reversed": "«{alias}»: gyldig fra {valid_from} er etter gyldig til {valid_to}.",
    "import_units_not_saved": "Enhetstabellen er ikke lagret:",
    "import_demo_folder_in_use": (
        "Datamappa {data_dir} har importerte data. Demodata skrives bare i en tom mappe eller over tidligere "
        "demodata; velg en annen mappe med --data-dir."
    ),
    "report_layout_long": "langt",
    "report_layout_wide": "bredt",
    "import_progress_saving": "Lagrer",
    "import_progress_done": "Ferdig",
    # --- The data folder (analytics/store/) ---
    "store_duckdb_memory_invalid": (
        "INNOBARO_DUCKDB_MEMORY={memory} kan ikke brukes ({exc}). Skriv for eksempel 1GB."
    ),
    "store_folder_unreadable": "Kan ikke lese {path}: {exc}. Mappa er ikke en gyldig datamappe.",
    "store_unknown_query": "Ukjent spørring: {name}.",
    "store_import_in_progress": (
        "En annen import skriver til datamappa akkurat nå. Vent til den er ferdig og prøv igjen."
    ),
    "store_unknown_tables": "Ukjente tabeller: {unknown}.",
    "store_audit_unreadable": "Kan ikke lese revisjonsloggen i {data_dir}: {exc}.",
    "store_settings_unreadable": "Kan ikke lese innstillingene i {data_dir}: {exc}.",
}


def t(key: str, **values) -> str:
    """The bokmål text for ``key`` with ``values`` filled in."""
    return TEXT[key].format(**values)


EXCERPT_LENGTH = 40


def excerpt(value, limit: int = EXCERPT_LENGTH) -> str:
    """At most ``limit`` characters of a value from a file, on one line, for a message.

    >>> excerpt("x" * 100)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    >>> excerpt("to  mellomrom")
    'to mellomrom'
    """
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&=\"'^@%/")


def literal(text) -> str:
    r"""Text that Streamlit's markdown shows exactly as written (labels and message boxes).

    Every ASCII punctuation character is escaped and line breaks become
    spaces, so no link, image, heading, list or colour can come from data.

    >>> print(literal("[Logg inn](http://x.no)"))
    \[Logg inn\]\(http\:\/\/x\.no\)
    """
    flat = " ".join(str(text).splitlines())
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in flat)


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


def refresh_summary(refresh: dict) -> str:
    """One sentence on an import's aggregate refresh: how long, which rounds, how many reused."""
    seconds = fmt_number(refresh["seconds"], 2)
    if not refresh["rounds"]:
        return t("refresh_line_none", seconds=seconds, reused=refresh["reused"])
    return t(
        "refresh_line",
        seconds=seconds,
        count=len(refresh["rounds"]),
        total=len(refresh["rounds"]) + refresh["reused"],
        rounds=", ".join(refresh["rounds"]),
        reused=refresh["reused"],
    )


def fmt_change(value, decimals: int = 2) -> str:
    """A signed change: ``+0,21`` / ``−0,05`` (with a real minus sign)."""
    text = fmt_number(abs(value), decimals)
    return ("+" if value >= 0 else "\u2212") + text


def fmt_share(value) -> str:
    """A fraction as a whole percent: ``0.2`` -> ``20 %``."""
    return f"{fmt_number(100 * value, 0)}\u00a0%"


def join_and(items: list[str]) -> str:
    """``a, b og c`` (empty text for no items)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("and") + items[-1]


def fmt_date(value) -> str:
    """A date the Norwegian way: ``31.01.2025``."""
    return pd.Timestamp(value).strftime("%d.%m.%Y")


def kind_name(kind: str) -> str:
    """An import kind (``survey``, ``undo`` …) as a reader calls it; an unknown kind as it is.

    >>> kind_name("survey")
    'spørreundersøkelse'
    """
    return TEXT.get(f"kind_{kind}", kind)


LOCAL_ZONE = "Europe/Oslo"


def fmt_datetime(value) -> str:
    """A moment the Norwegian way, in Norwegian time: ``12.03.2025 kl. 14.05``.

    A time without a zone is taken as UTC (the store records UTC).

    >>> fmt_datetime("2025-03-12T13:05:00Z")
    '12.03.2025 kl. 14.05'
    >>> fmt_datetime(None)
    '–'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return "–"
    moment = pd.Timestamp(value)
    moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
    return moment.tz_convert(LOCAL_ZONE).strftime("%d.%m.%Y kl. %H.%M")


def figure_text(value, kind: str, hidden: bool) -> str:
    """A figure as the page and the downloads show it: «skjult» when hidden.

    ``kind`` is ``mean`` (two decimals), ``share`` (whole percent), ``count``
    or ``change`` (signed).

    >>> figure_text(3.456, "mean", False), figure_text(0.42, "share", True)
    ('3,46', 'skjult')
    """
    if hidden:
        return t("hidden")
    if value is None or pd.isna(value):
        return "–"
    if kind == "share":
        return fmt_share(float(value))
    if kind == "count":
        return fmt_number(float(value), 0)
    if kind == "change":
        return fmt_change(float(value))
    return fmt_number(float(value))


def fmt_points(after: float, before: float) -> str:
    """The change between two shares as shown (whole percent): «+9 prosentpoeng».

    >>> fmt_points(0.454, 0.36), fmt_points(0.401, 0.404)
    ('+9 prosentpoeng', '+0 prosentpoeng')
    """
    points = round(100 * after) - round(100 * before)
    return t("changes_points", points=("\u2212" if points < 0 else "+") + str(abs(points)))
