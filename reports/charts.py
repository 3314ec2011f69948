"""The results charts: SVG made on the server by pygal, the same chart for the page, the PDF and the XLSX summary.

Each chart is a ``Chart``: its title and text alternative (also inside the SVG as ``<title>`` and ``<desc>``), the
numbers as rows for the accessible table beside it, and the SVG text. The SVG is self-contained: no script, no
external style sheet or font, no link (pygal's comments and its tooltip script are removed); Korean labels use a
font family list that starts with the CJK fonts the server and readers are likely to have.
"""

import base64
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

from .figures import FIGURE_LABELS, FIGURES, YearResults

FONT_FAMILY = '"Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Malgun Gothic", "Apple SD Gothic Neo", sans-serif'
COLOURS = ("#1f5f99", "#d9822b", "#4c956c", "#8e5572", "#6c757d")
STYLE = Style(
    font_family=FONT_FAMILY,
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=COLOURS,
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
)


@dataclass
class Chart:
    title: str
    description: str  # the text alternative: what the chart shows, in a sentence or two
    headers: list[str]  # the columns of the accessible table
    rows: list[list[object]]  # its rows: a label, then the numbers (int)
    svg: str

    @property
    def data_uri(self) -> str:
        """The SVG as an image source for the pages. An SVG drawn inline would take its ``<style>`` from the page,
        and the portal's Content-Security-Policy (``style-src 'self'``) refuses inline styles; as an image, the
        SVG is its own document with its own style (``img-src`` allows ``data:``)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def _config(title: str, **options):
    return {
        "title": title,
        "style": STYLE,
        "js": [],  # no script from a CDN (nor any other)
        "disable_xml_declaration": True,
        "show_legend": True,
        "legend_at_bottom": True,
        "print_values": False,
        "width": 800,
        "height": 450,
        "value_formatter": lambda value: number_format(int(value or 0), force_grouping=True),
        **options,
    }


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _svg(chart, title: str, description: str) -> str:
    """The chart's SVG without script or comments, with ``<title>`` and ``<desc>`` first and role="img"."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            name = _local(child.tag)
            if name in ("script", "") or (parent is root and name in ("title", "desc")):
                parent.remove(child)
    chart_id = root.get("id")
    title_element = ElementTree.Element("title", {"id": f"{chart_id}-title"})
    title_element.text = title
    desc_element = ElementTree.Element("desc", {"id": f"{chart_id}-desc"})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    return ElementTree.tostring(root, encoding="unicode")


def _label(figure: str) -> str:
    if figure not in FIGURES:
        raise ValueError(f"unknown figure {figure!r}")
    return str(FIGURE_LABELS[figure])


def trend_chart(series: list[YearResults], figure: str) -> Chart:
    """One figure per year since the first year given, per program (A, B) and in total: a line chart."""
    label = _label(figure)
    years = [entry.year for entry in series]
    letters = sorted({program.letter for entry in series for program in entry.programs})
    per_program = {letter: [entry.program(letter).value(figure) for entry in series] for letter in letters}
    totals = [entry.total.value(figure) for entry in series]
    title = _("%(figure)s by year") % {"figure": label}
    description = _("%(figure)s of programs %(programs)s and in total, %(first)s to %(last)s.") % {
        "figure": label,
        "programs": ", ".join(letters) or "-",
        "first": years[0] if years else "-",
        "last": years[-1] if years else "-",
    }
    chart = pygal.Line(**_config(title, x_label_rotation=0))
    chart.x_labels = [str(year) for year in years]
    for letter, values in per_program.items():
        chart.add(_("Program %(letter)s") % {"letter": letter}, values)
    chart.add(_("Total"), totals)
    headers = [_("Year"), *[_("Program %(letter)s") % {"letter": letter} for letter in letters], _("Total")]
    rows = [[year, *[per_program[letter][i] for letter in letters], totals[i]] for i, year in enumerate(years)]
    return Chart(title=title, description=description, headers=headers, rows=rows, svg=_svg(chart, title, description))


def program_split_chart(results: YearResults, figure: str = "agreed_krw") -> Chart:
    """One figure of the year split between the programs: a bar per program and one for the total."""
    label = _label(figure)
    title = _("%(figure)s per program, %(year)s") % {"figure": label, "year": results.year}
    rows = [
        [_("Program %(letter)s") % {"letter": entry.letter}, entry.figures.value(figure)] for entry in results.programs
    ]
    rows.append([_("Total"), results.total.value(figure)])
    description = _("%(figure)s in %(year)s: %(values)s.") % {
        "figure": label,
        "year": results.year,
        "values": "; ".join(f"{name} {number_format(value, force_grouping=True)}" for name, value in rows),
    }
    chart = pygal.Bar(**_config(title, show_legend=False))
    chart.x_labels = [name for name, _value in rows]
    chart.add(label, [value for _name, value in rows])
    return Chart(
        title=title,
        description=description,
        headers=[_("Program"), label],
        rows=rows,
        svg=_svg(chart, title, description),
    )


def area_chart(results: YearResults) -> Chart:
    """The companies selected in the year per area (eup, myeon, administrative dong; small groups folded)."""
    title = _("Companies supported per area, %(year)s") % {"year": results.year}
    rows = [[row.label, row.companies, row.agreed_krw] for row in results.areas]
    description = _("Companies supported in %(year)s per area of Yeongcheon: %(values)s.") % {
        "year": results.year,
        "values": "; ".join(f"{name} {companies}" for name, companies, _agreed in rows) or "-",
    }
    chart = pygal.HorizontalBar(**_config(title, show_legend=False))
    chart.x_labels = [row[0] for row in rows]
    chart.add(str(FIGURE_LABELS["selected"]), [row[1] for row in rows])
    return Chart(
        title=title,
        description=description,
        headers=[_("Area"), str(FIGURE_LABELS["selected"]), str(FIGURE_LABELS["agreed_krw"])],
        rows=rows,
        svg=_svg(chart, title, description),
    )
