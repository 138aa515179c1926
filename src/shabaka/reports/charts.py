"""Charts drawn on the server as SVG: no JavaScript, no external service, printable.

Every chart is a `Chart`: an accessible SVG (role="img", a <title> and a <desc> it is
labelled by) and the same figures as a table, shown under the drawing as its text
alternative. In a right-to-left language the drawing mirrors: bars grow from the right, the
value axis stands on the right and time runs from right to left, as an Arabic reader expects.

Colours come from classes (`series-0` …) styled in reports.css: no inline style, so the
Content Security Policy holds. All text is escaped here, once."""

from dataclasses import dataclass, field
from datetime import date
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

_ids = count(1)

# Colour-blind-safe palette (Okabe-Ito), as presentation attributes (not inline style), so the
# drawing keeps its colours in a PDF and when printed.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
SERIES = len(PALETTE)


def _fill(i: int) -> str:
    return f'class="series-{i % SERIES}" fill="{PALETTE[i % SERIES]}"'


@dataclass
class Chart:
    title: str
    desc: str
    svg: SafeString
    header: list[str]
    rows: list[list] = field(default_factory=list)
    id: str = ""

    def __html__(self) -> str:  # {{ chart }} renders the figure (drawing and table)
        return self.render()

    def render(self) -> SafeString:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.header)
        body = "".join(
            "<tr>"
            + f'<th scope="row">{escape(r[0])}</th>'
            + "".join(f"<td>{escape(_fmt(c))}</td>" for c in r[1:])
            + "</tr>"
            for r in self.rows
        )
        data_label = _("Data")
        return mark_safe(
            f'<figure class="chart" id="{self.id}">'
            f"{self.svg}"
            f'<figcaption class="chart-caption">{escape(self.title)}</figcaption>'
            f'<div class="table-scroll chart-data"><table>'
            f"<caption>{escape(data_label)}: {escape(self.title)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            "</figure>"
        )


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _open_svg(chart_id: str, width: int, height: int, title: str, desc: str, rtl: bool) -> str:
    # `direction` makes text anchors logical: "end" is the right edge in LTR, the left in RTL,
    # so the same anchors serve both once the x positions are mirrored.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" direction="{"rtl" if rtl else "ltr"}">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def _text(x: float, y: float, text, *, anchor: str, cls: str = "chart-label") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}" '
        f'font-size="12" fill="#222">'
        f"{escape(str(text))}</text>"
    )


def _x(x: float, width: float, rtl: bool, w: float = 0) -> float:
    """Mirror a horizontal position (and a box of width w) in right-to-left."""
    return width - x - w if rtl else x


def bar_chart(
    *,
    title: str,
    desc: str,
    rows: list[tuple[str, float]],
    label_header: str,
    value_header: str,
    maximum: float | None = None,
    suffix: str = "",
    rtl: bool | None = None,
) -> Chart:
    """Horizontal bars, one per row (label, value). `maximum` fixes the scale (e.g. 100 for
    percentages); otherwise the largest value fills the width."""
    rtl = get_language_bidi() if rtl is None else rtl
    chart_id = f"chart-{next(_ids)}"
    width, label_w, value_w, bar_h, gap = 640, 200, 60, 22, 8
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = maximum or max([v for _l, v in rows] + [0]) or 1
    plot_w = width - label_w - value_w
    parts = [_open_svg(chart_id, width, height, title, desc, rtl)]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(0.0, min(float(value), top)) / top * plot_w
        parts.append(_text(_x(label_w - 8, width, rtl), y + bar_h * 0.7, label, anchor="end"))
        parts.append(
            f'<rect {_fill(i)} x="{_x(label_w, width, rtl, w):.1f}" '
            f'y="{y}" width="{w:.1f}" height="{bar_h}"/>'
        )
        vx = _x(label_w + w + 6, width, rtl)
        parts.append(_text(vx, y + bar_h * 0.7, f"{_fmt(value)}{suffix}", anchor="start"))
    axis_x = _x(label_w, width, rtl)
    parts.append(
        f'<line class="chart-axis" stroke="#555" x1="{axis_x}" y1="0" x2="{axis_x}" y2="{height}"/>'
    )
    parts.append("</svg>")
    return Chart(
        title=title,
        desc=desc,
        svg=mark_safe("".join(parts)),
        header=[label_header, value_header],
        rows=[[label, value] for label, value in rows],
        id=chart_id,
    )


def column_chart(
    *,
    title: str,
    desc: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    category_header: str,
    rtl: bool | None = None,
) -> Chart:
    """Stacked columns: one column per category (e.g. a quarter), one coloured part per series
    (e.g. an event type), with a legend. In right-to-left the first category is on the right."""
    rtl = get_language_bidi() if rtl is None else rtl
    chart_id = f"chart-{next(_ids)}"
    width, axis_w, top_pad, bottom = 640, 40, 20, 50
    legend_h = 20 * len(series) + 10
    plot_h = 200
    height = top_pad + plot_h + bottom + legend_h
    n = max(1, len(categories))
    plot_w = width - axis_w - 10
    slot = plot_w / n
    col_w = max(4.0, slot * 0.6)
    totals = [sum(values[i] for _n, values in series) for i in range(len(categories))]
    top = max(totals + [0]) or 1
    parts = [_open_svg(chart_id, width, height, title, desc, rtl)]
    base_y = top_pad + plot_h
    # Value axis with its top figure.
    ax = _x(axis_w, width, rtl)
    parts.append(
        f'<line class="chart-axis" stroke="#555" x1="{ax}" y1="{top_pad}" x2="{ax}" y2="{base_y}"/>'
    )
    parts.append(
        f'<line class="chart-axis" stroke="#555" x1="{_x(axis_w, width, rtl)}" y1="{base_y}" '
        f'x2="{_x(width - 10, width, rtl)}" y2="{base_y}"/>'
    )
    parts.append(_text(_x(axis_w - 4, width, rtl), top_pad + 10, _fmt(top), anchor="end"))
    parts.append(_text(_x(axis_w - 4, width, rtl), base_y, "0", anchor="end"))
    for i, category in enumerate(categories):
        x0 = axis_w + i * slot + (slot - col_w) / 2
        y = base_y
        for s, (_name, values) in enumerate(series):
            h = values[i] / top * plot_h
            if h <= 0:
                continue
            y -= h
            parts.append(
                f'<rect {_fill(s)} x="{_x(x0, width, rtl, col_w):.1f}" '
                f'y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}"/>'
            )
        if totals[i]:
            parts.append(
                _text(_x(x0 + col_w / 2, width, rtl), y - 3, _fmt(totals[i]), anchor="middle")
            )
        parts.append(_text(_x(x0 + col_w / 2, width, rtl), base_y + 16, category, anchor="middle"))
    for s, (name, _values) in enumerate(series):
        ly = base_y + bottom + s * 20
        parts.append(
            f'<rect {_fill(s)} x="{_x(axis_w, width, rtl, 12):.1f}" '
            f'y="{ly - 10}" width="12" height="12"/>'
        )
        parts.append(_text(_x(axis_w + 18, width, rtl), ly, name, anchor="start"))
    parts.append("</svg>")
    return Chart(
        title=title,
        desc=desc,
        svg=mark_safe("".join(parts)),
        header=[category_header] + [name for name, _v in series],
        rows=[
            [category] + [values[i] for _n, values in series]
            for i, category in enumerate(categories)
        ],
        id=chart_id,
    )


def timeline(
    *,
    title: str,
    desc: str,
    lanes: list[tuple[str, list[tuple[date, date | None, str]]]],
    today: date,
    lane_header: str,
    period_header: str,
    holder_header: str,
    rtl: bool | None = None,
) -> Chart:
    """Spans on a time axis, one lane per post (e.g. "Rabat Process · national focal point"),
    each span (start, end or None for "still running", text). Time runs right to left in RTL."""
    rtl = get_language_bidi() if rtl is None else rtl
    chart_id = f"chart-{next(_ids)}"
    width, label_w, lane_h, gap, axis_h = 640, 200, 24, 10, 30
    height = max(1, len(lanes)) * (lane_h + gap) + gap + axis_h
    starts = [s for _l, spans in lanes for s, _e, _t in spans]
    first = min(starts) if starts else today
    last = today
    span_days = max(1, (last - first).days)
    plot_w = width - label_w - 10
    parts = [_open_svg(chart_id, width, height, title, desc, rtl)]

    def pos(d: date) -> float:
        return label_w + (min(max(d, first), last) - first).days / span_days * plot_w

    for i, (label, spans) in enumerate(lanes):
        y = gap + i * (lane_h + gap)
        parts.append(
            _text(
                _x(label_w - 8, width, rtl),
                y + lane_h * 0.7,
                label,
                anchor="end",
            )
        )
        for k, (start, end, text) in enumerate(spans):
            x0, x1 = pos(start), pos(end or today)
            w = max(2.0, x1 - x0)
            parts.append(
                f'<rect {_fill(k)} x="{_x(x0, width, rtl, w):.1f}" y="{y}" '
                f'width="{w:.1f}" height="{lane_h}"><title>{escape(text)}</title></rect>'
            )
    base_y = height - axis_h + 4
    parts.append(
        f'<line class="chart-axis" stroke="#555" x1="{_x(label_w, width, rtl)}" y1="{base_y}" '
        f'x2="{_x(width - 10, width, rtl)}" y2="{base_y}"/>'
    )
    for year in range(first.year + (first.month > 1), last.year + 1):
        x = _x(pos(date(year, 1, 1)), width, rtl)
        parts.append(
            f'<line class="chart-axis" stroke="#555" x1="{x:.1f}" y1="{base_y}" '
            f'x2="{x:.1f}" y2="{base_y + 5}"/>'
        )
        parts.append(_text(x, base_y + 18, year, anchor="middle"))
    parts.append("</svg>")
    rows = []
    for label, spans in lanes:
        for start, end, text in spans:
            rows.append([label, f"{start.isoformat()} – {end.isoformat() if end else '…'}", text])
    return Chart(
        title=title,
        desc=desc,
        svg=mark_safe("".join(parts)),
        header=[lane_header, period_header, holder_header],
        rows=rows,
        id=chart_id,
    )
