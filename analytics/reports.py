"""A meeting's slides as PowerPoint, PDF and Excel.

Every format is built from the same :class:`analytics.meeting.Slide` objects
the page shows, so a report states exactly what the meeting view states and
hides exactly what it hides. Each report opens with a title page (or sheet)
naming the data source, the latest survey round and when it was generated.

- **PowerPoint** (python-pptx): one slide per message, the headline as the
  slide title, a native chart whose data can be edited in PowerPoint, the
  source line, and the numbers as a table in the speaker notes.
- **PDF** (fpdf2): A4 landscape, one slide a page, real text (searchable and
  readable aloud); the chart is drawn as vector bars with their values.
- **Excel**: the numbers behind every slide, one sheet each, formula-safe
  (:mod:`analytics.export`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from fpdf import FPDF
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from analytics.charts import OKABE_ITO
from analytics.export import to_xlsx_bytes
from analytics.framework import framework
from analytics.meeting import REPORT_FORMATS, Meeting, Slide, Sources
from analytics.text import t

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
# The PDF's built-in fonts are Latin-1: a few typographic characters get a plain stand-in.
_LATIN1 = str.maketrans(
    {
        "\u2212": "-",
        "\u202f": " ",
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2192": "->",
    }
)


@dataclass(frozen=True)
class ReportInfo:
    """What every report states on its title page."""

    municipality: str
    source: str
    latest_round: str | None
    generated_at: datetime

    def lines(self, meeting: Meeting) -> list[str]:
        when = self.generated_at.astimezone(UTC).strftime("%d.%m.%Y %H:%M")
        lines = [self.municipality]
        if meeting.date:
            lines.append(t("report_meeting_date", date=_norwegian_date(meeting.date)))
        lines.append(t("report_source", source=self.source))
        lines.append(t("report_round", round=self.latest_round or "–"))
        lines.append(t("report_generated", at=when))
        return lines


def report_info(store, sources: Sources) -> ReportInfo:
    """The title-page facts of a report built now from ``store``'s current data."""
    kind = t("report_demo") if store.is_demo() else t("report_imported")
    latest = None if sources.cells is None else str(max(sources.cells["round"].astype(str)))
    return ReportInfo(
        framework().municipality,
        t("report_data", version=store.version(), kind=kind),
        latest,
        datetime.now(UTC),
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


def _pptx_chart(page, slide: Slide) -> None:
    data = CategoryChartData(number_format=_PPTX_NUMBER_FORMAT[slide.value_kind])
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
    for position, series in enumerate(plot.series):
        colour = RGBColor.from_string(OKABE_ITO[position % len(OKABE_ITO)].lstrip("#"))
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
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- PDF
def _latin(text: str) -> str:
    return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _pdf_chart(pdf: FPDF, slide: Slide, x: float, y: float, width: float, height: float) -> None:
    """Grouped horizontal bars with their values written out (every chart kind reads this way)."""
    if len(slide.series) > 1:
        pdf.set_font("helvetica", size=10)
        legend_x = x
        for position, series in enumerate(slide.series):
            pdf.set_fill_color(*_rgb(OKABE_ITO[position % len(OKABE_ITO)]))
            pdf.rect(legend_x, y + 1, 4, 4, style="F")
            pdf.set_xy(legend_x + 5, y)
            pdf.cell(text=_latin(series.name))
            legend_x += 10 + pdf.get_string_width(_latin(series.name))
        y, height = y + 8, height - 8
    label_width, value_room = 55.0, 18.0
    bar_room = width - label_width - value_room
    values = [v for s in slide.series for v in s.values if v is not None]
    largest = max(values, default=1.0) or 1.0
    row = height / max(len(slide.categories), 1)
    bar = min(row * 0.8 / len(slide.series), 9.0)
    for index, category in enumerate(slide.categories):
        top = y + index * row
        pdf.set_font("helvetica", size=10)
        pdf.set_xy(x, top)
        pdf.cell(label_width - 2, row * 0.8, _latin(category)[:34], align="R")
        for position, series in enumerate(slide.series):
            value = series.values[index]
            bar_top = top + position * bar
            length = 0 if value is None else bar_room * float(value) / largest
            if length > 0:
                pdf.set_fill_color(*_rgb(OKABE_ITO[position % len(OKABE_ITO)]))
                pdf.rect(x + label_width, bar_top, length, bar * 0.9, style="F")
            pdf.set_xy(x + label_width + length + 1, bar_top)
            pdf.set_font("helvetica", size=9)
            pdf.cell(value_room, bar * 0.9, _latin(slide.fmt(value)))


def _pdf_table(pdf: FPDF, slide: Slide, x: float, y: float, width: float) -> None:
    pdf.set_font("helvetica", size=8)
    pdf.set_xy(x, y)
    pdf.set_left_margin(x)
    with pdf.table(width=width, align="LEFT", text_align="LEFT", line_height=4.2) as rows:
        rows.row([_latin(c) for c in slide.table.columns])
        for record in slide.text_table().itertuples(index=False):
            rows.row([_latin(v) for v in record])
    pdf.set_left_margin(15)


def to_pdf(meeting: Meeting, slides: list[Slide], info: ReportInfo) -> bytes:
    """A4 landscape: a title page, then one slide a page with text, chart, numbers and source."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_lang("nb-NO")
    pdf.set_title(_latin(meeting.title))
    pdf.set_subject(_latin(info.source))
    pdf.set_creator("Innovasjonsbarometeret")
    pdf.set_text_color(17, 17, 17)
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=30)
    pdf.set_xy(15, 40)
    pdf.multi_cell(267, 13, _latin(meeting.title))
    pdf.set_font("helvetica", size=16)
    pdf.set_xy(15, pdf.get_y() + 8)
    pdf.multi_cell(267, 9, _latin("\n".join(info.lines(meeting))))
    footer = _latin(t("report_footer", title=meeting.title, source=info.source))
    for number, slide in enumerate(slides, start=1):
        pdf.add_page()
        pdf.set_font("helvetica", style="B", size=20)
        pdf.set_xy(15, 12)
        pdf.multi_cell(267, 9, _latin(slide.headline))
        top = max(pdf.get_y() + 4, 40)
        if slide.categories:
            _pdf_chart(pdf, slide, 15, top, 165, 185 - top)
            _pdf_table(pdf, slide, 185, top, 97)
        pdf.set_font("helvetica", size=11)
        pdf.set_xy(15, 186)
        pdf.multi_cell(267, 5, _latin(slide.source))
        pdf.set_font("helvetica", size=8)
        pdf.set_xy(15, 200)
        pdf.cell(267, 4, f"{footer} · {number}/{len(slides)}".replace("·", "-"))
    return bytes(pdf.output())


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
    return to_xlsx_bytes(sheets)


BUILDERS = dict(zip(REPORT_FORMATS, (to_pptx, to_pdf, to_xlsx), strict=True))


def build(fmt: str, meeting: Meeting, slides: list[Slide], info: ReportInfo) -> bytes:
    """The report of ``meeting`` in ``fmt`` (``pptx``, ``pdf`` or ``xlsx``)."""
    return BUILDERS[fmt](meeting, slides, info)
