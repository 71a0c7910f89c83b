"""A meeting's slides as PowerPoint, PDF and Excel.

Every format is built from the same :class:`analytics.present.meeting.Slide` objects
the page shows, so a report states exactly what the meeting view states and
hides exactly what it hides. Each report opens with a title page (or sheet)
naming the data source, the latest survey round and when it was generated.

- **PowerPoint** (python-pptx): one slide per message, the headline as the
  slide title, a native chart whose data can be edited in PowerPoint, the
  source line, and the numbers as a table in the speaker notes.
- **PDF** (WeasyPrint, from HTML): A4 landscape, tagged PDF/UA-1 in bokmål with
  embedded Unicode fonts; each slide from a new page, its chart drawn from the numbers
  (:func:`analytics.present.charts.slide_svg`) with the numbers as alternative text, and the
  numbers as a table with header cells, repeated when it continues on the next page.
- **Excel**: the numbers behind every slide, one sheet each, formula-safe
  (:mod:`analytics.present.export`).
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from analytics.core.framework import framework
from analytics.core.text import fmt_datetime, t
from analytics.measures.inputs import Sources
from analytics.present.charts import slide_colours, slide_description, slide_svg
from analytics.present.export import to_xlsx_bytes, zip_made_at
from analytics.present.meeting import REPORT_FORMATS, Meeting, Slide

MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_PPTX_CHARTS = {
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
}
_PPTX_NUMBER_FORMAT = {"mean": "0.00", "share": "0 %", "count": "0"}


@dataclass(frozen=True)
class ReportInfo:
    """What every report states on its title page."""

    municipality: str
    source: str
    latest_round: str | None
    generated_at: datetime

    def lines(self, meeting: Meeting) -> list[str]:
        when = fmt_datetime(self.generated_at)
        lines = [self.municipality]
        if meeting.date:
            lines.append(t("report_meeting_date", date=_norwegian_date(meeting.date)))
        lines.append(t("report_source", source=self.source))
        lines.append(t("report_round", round=self.latest_round or "–"))
        lines.append(t("report_generated", at=when))
        return lines


def report_time() -> datetime:
    """When a report is made: now, or the time ``SOURCE_DATE_EPOCH`` gives (seconds since
    1970, the reproducible-builds convention), so the same data and time give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)


def report_info(store, sources: Sources) -> ReportInfo:
    """The title-page facts of a report built now (:func:`report_time`) from ``store``'s current data."""
    kind = t("report_demo") if store.is_demo() else t("report_imported")
    latest = None if sources.cells is None else str(max(sources.cells["round"].astype(str)))
    return ReportInfo(
        framework().municipality,
        t("report_data", version=store.version(), kind=kind),
        latest,
        report_time(),
    )


def _norwegian_date(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d.%m.%Y")


def file_name(meeting: Meeting, fmt: str) -> str:
    return f"{meeting.meeting_id}.{fmt}"


# ---------------------------------------------------------------- PowerPoint
def _textbox(slide, text: str, top: float, height: float, size: int, bold: bool = False) -> None:
    box = slide.shapes.add_textbox(Inches(0.6), Inches(top), Inches(12.1), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        paragraph.font.color.rgb = RGBColor(0x11, 0x11, 0x11)


def _pptx_title(slide, text: str, size: int) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.6), Inches(0.3), Inches(12.1), Inches(1.5)
    title.text = text
    for paragraph in title.text_frame.paragraphs:
        paragraph.font.size = Pt(size)
        paragraph.font.bold = True
        paragraph.font.color.rgb = RGBColor(0, 0, 0)


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook with every category and series name as text: XlsxWriter
    otherwise writes text that starts with ``=`` as a live formula."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(
            xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        workbook.set_properties({"created": report_time().replace(tzinfo=None)})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _TextChartData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return self.__dict__.setdefault("_text_writer", _TextWorkbookWriter(self))


def _pptx_chart(page, slide: Slide) -> None:
    data = _TextChartData(number_format=_PPTX_NUMBER_FORMAT[slide.value_kind])
    data.categories = list(slide.categories)
    for series in slide.series:
        data.add_series(series.name, list(series.values))
    frame = page.shapes.add_chart(
        _PPTX_CHARTS[slide.chart], Inches(0.6), Inches(1.9), Inches(12.1), Inches(4.6), data
    )
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.has_legend = len(slide.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = _PPTX_NUMBER_FORMAT[slide.value_kind]
    plot.data_labels.number_format_is_linked = False
    # The latest round (the last series) in the product's blue, as on the page and the PDF.
    for series, hex_colour in zip(plot.series, slide_colours(len(slide.series))):
        colour = RGBColor.from_string(hex_colour.lstrip("#"))
        if slide.chart == "line":
            series.format.line.color.rgb = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    if slide.chart == "bar":
        chart.category_axis.reverse_order = True
    if slide.value_kind == "mean":  # the answer scale, as on the page
        chart.value_axis.minimum_scale = framework().scale_min
        chart.value_axis.maximum_scale = framework().scale_max


def _table_text(slide: Slide) -> str:
    if slide.table.empty:
        return ""
    lines = [" | ".join(map(str, slide.table.columns))]
    lines += [" | ".join(row) for row in slide.text_table().itertuples(index=False)]
    return "\n".join(lines)


def to_pptx(meeting: Meeting, slides: list[Slide], info: ReportInfo) -> bytes:
    """A 16:9 presentation: a title slide, then one slide per message."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    title_only = deck.slide_layouts[5]
    first = deck.slides.add_slide(title_only)
    _pptx_title(first, meeting.title, 40)
    _textbox(first, "\n".join(info.lines(meeting)), 2.2, 4.0, 22)
    for slide in slides:
        page = deck.slides.add_slide(title_only)
        _pptx_title(page, slide.headline, 28)
        if slide.categories:
            _pptx_chart(page, slide)
        _textbox(page, slide.source, 6.55, 0.8, 14)
        page.notes_slide.notes_text_frame.text = f"{slide.title}\n{slide.source}\n\n{_table_text(slide)}"
    made = info.generated_at.replace(tzinfo=None)
    deck.core_properties.created = deck.core_properties.modified = made
    deck.core_properties.revision = 1
    deck.core_properties.title = meeting.title
    deck.core_properties.author = deck.core_properties.last_modified_by = t("app_title")
    deck.core_properties.comments = ""
    buffer = io.BytesIO()
    deck.save(buffer)
    return zip_made_at(buffer.getvalue(), info.generated_at)


# ---------------------------------------------------------------- PDF
# Dark text on white or a light tint: every pair at least 4.5:1 (tests/cli/test_reports.py checks it).
PDF_COLOURS = {"text": "#111111", "background": "#ffffff", "header": "#e6eef5", "stripe": "#f4f6f8"}
PDF_CSS = """
@page {{ size: A4 landscape; margin: 14mm 15mm 16mm 15mm;
  @bottom-left {{ content: element(footer); }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; color: {text}; }} }}
html {{ font-family: "DejaVu Sans", sans-serif; color: {text}; background: {background}; font-size: 10pt; }}
footer {{ position: running(footer); font-size: 8pt; color: {text}; }}
h1 {{ font-size: 28pt; margin: 30mm 0 8mm; }}
h2 {{ font-size: 17pt; line-height: 1.25; margin: 0 0 4mm; }}
h3 {{ font-size: 11pt; margin: 4mm 0 2mm; }}
section {{ break-before: page; }}
body.one-page h1 {{ font-size: 20pt; margin: 0 0 2mm; }}
body.one-page p.fact {{ font-size: 8pt; margin: 0; }}
body.one-page section {{ break-before: auto; margin-top: 4mm; }}
body.one-page figure img {{ max-height: 105mm; }}
figure {{ margin: 0 0 2mm; float: left; width: 57%; }}
figure img {{ width: 100%; max-height: 140mm; object-fit: contain; object-position: left top; }}
.numbers {{ margin-left: 60%; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
th, td {{ border: 0.5pt solid #6e7781; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }}
th {{ background: {header}; }}
tbody tr:nth-child(even) td {{ background: {stripe}; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
p.source {{ font-size: 10pt; margin: 0 0 3mm; }}
""".format(**PDF_COLOURS)


def _pdf_table(slide: Slide) -> str:
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in slide.table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in record) + "</tr>"
        for record in slide.text_table().itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _pdf_slide(slide: Slide) -> str:
    parts = [f"<section><h2>{html.escape(slide.headline)}</h2>"]
    parts.append(f'<p class="source">{html.escape(slide.source)}</p>')
    if slide.categories:
        svg = base64.b64encode(slide_svg(slide).encode("utf-8")).decode("ascii")
        alt = html.escape(slide_description(slide), quote=True)
        parts.append(f'<figure><img src="data:image/svg+xml;base64,{svg}" alt="{alt}"></figure>')
    parts.append('<div class="numbers">')
    if not slide.table.empty:
        parts.append(f"<h3>{html.escape(t('report_table_heading'))}</h3>{_pdf_table(slide)}")
    parts.append("</div></section>")
    return "".join(parts)


def pdf_html(meeting: Meeting, slides: list[Slide], info: ReportInfo, one_page: bool = False) -> str:
    """The PDF report as HTML: a title page, then one section per slide (headline, chart with
    its numbers as alternative text, source, the numbers as a table with header cells).
    ``one_page``: the facts of the title page in small type above the slide, on one page
    (a unit's staff meeting)."""
    footer = html.escape(t("report_footer", title=meeting.title, source=info.source))
    cover = "".join(f'<p class="fact">{html.escape(line)}</p>' for line in info.lines(meeting))
    body = "".join(_pdf_slide(slide) for slide in slides)
    page = ' class="one-page"' if one_page else ""
    return (
        f'<!DOCTYPE html><html lang="nb-NO"><head><meta charset="utf-8">'
        f"<title>{html.escape(meeting.title)}</title><style>{PDF_CSS}</style></head>"
        f"<body{page}><footer>{footer}</footer><h1>{html.escape(meeting.title)}</h1>{cover}{body}</body></html>"
    )


def to_pdf(meeting: Meeting, slides: list[Slide], info: ReportInfo, one_page: bool = False) -> bytes:
    """A4 landscape, tagged PDF/UA-1 (WeasyPrint): a title page, then each slide from a new page;
    long tables continue on the next page with their header repeated. ``one_page``: see
    :func:`pdf_html`."""
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    return HTML(string=pdf_html(meeting, slides, info, one_page)).write_pdf(pdf_variant="pdf/ua-1")


# ---------------------------------------------------------------- Excel
def to_xlsx(meeting: Meeting, slides: list[Slide], info: ReportInfo) -> bytes:
    """The numbers behind every slide, one sheet each, after a sheet about the report."""
    about = [
        (t("report_meeting"), meeting.title),
        *((t("report_fact"), line) for line in info.lines(meeting)),
    ]
    about += [
        (t("report_slide", number=number), f"{slide.headline} {slide.source}")
        for number, slide in enumerate(slides, start=1)
    ]
    sheets = {t("report_about_sheet"): pd.DataFrame(about, columns=[t("report_field"), t("report_value")])}
    for number, slide in enumerate(slides, start=1):
        sheets[f"{number} {slide.key}"] = slide.table
    return to_xlsx_bytes(sheets, made_at=info.generated_at)


BUILDERS = dict(zip(REPORT_FORMATS, (to_pptx, to_pdf, to_xlsx), strict=True))


def build(fmt: str, meeting: Meeting, slides: list[Slide], info: ReportInfo, one_page: bool = False) -> bytes:
    """The report of ``meeting`` in ``fmt`` (``pptx``, ``pdf`` or ``xlsx``); ``one_page``: a PDF
    without a separate title page (see :func:`pdf_html`)."""
    if fmt == "pdf":
        return to_pdf(meeting, slides, info, one_page)
    return BUILDERS[fmt](meeting, slides, info)


def make(
    store,
    fmt: str,
    meeting: Meeting,
    slides: list[Slide],
    sources: Sources,
    who: str,
    one_page: bool = False,
    deliver: Callable[[bytes], object] | None = None,
) -> bytes:
    """A report made from ``store``'s data now (:func:`build`), handed to ``deliver`` (the CLI
    writes it to a file there) and then written in the audit trail as ``who``'s: a report that
    could not be delivered is not in the trail."""
    content = build(fmt, meeting, slides, report_info(store, sources), one_page)
    if deliver is not None:
        deliver(content)
    store.append_audit(who, "report", report_detail(fmt, meeting, len(slides)))
    return content


def report_detail(fmt: str, meeting: Meeting, slide_count: int) -> str:
    """What the audit trail says about a generated report."""
    return t(
        "audit_report_detail",
        format=fmt,
        title=meeting.title,
        meeting_id=meeting.meeting_id,
        count=slide_count,
    )
