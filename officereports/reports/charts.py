"""The dashboard's charts: matplotlib `Figure()` (never pyplot) saved as SVG.

Chart functions take the plain series that `dashboard.py` computes (the same numbers the page
shows as each chart's text alternative) and return SVG bytes. Numbers on axes and bars are
written by `vietnamese.py`; a year without data is a gap with a note, never a zero.
"""

import io
import math
from decimal import Decimal
from xml.sax.saxutils import escape

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator
from matplotlib.transforms import offset_copy

from officereports.reports import periods, rates, vietnamese
from officereports.reports.models import period_display

# Okabe–Ito: distinguishable with every common colour-vision deficiency and in greyscale
# print (the approximate values are also hatched, the rate line dashed with diamonds).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
RATE_COLOUR = "#000000"
MUTED = "#5b6875"
# Figures of reports not approved yet (drawn only with the dashboard's switch): dotted bars,
# square points, "†" beside the year and the value, and a legend entry.
UNAPPROVED_MARK = "†"  # dashboard.UNAPPROVED_MARK
UNAPPROVED_HATCH = "..."

# Set once for the process rather than in `rc_context`, which swaps the global rcParams and
# is not safe while two threads render. "none" keeps text as <text> (searchable, selectable,
# read by screen readers) instead of glyph outlines; the salt makes ids reproducible.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "officereports",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Noto Sans", "Arial"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.titlelocation": "left",
        # Names are text: "$…$" in an office's or an indicator's name is drawn as typed,
        # never read as mathtext (which fails on an unknown command).
        "text.parse_math": False,
    }
)

WIDTH = 6.4  # inches: about 620 px on screen, and fits an A4 column in print
HEIGHT = 3.3
# Fixed margins rather than a layout engine: constrained layout draws every chart twice and
# would take the first render past its budget (README, "Benchmark").
LEGEND_SPACE = 0.8  # inches under the axes for the year labels and a two-row legend


def _count_tick(x, _position):
    return vietnamese.number(int(round(x)))


def _percent_tick(x, _position):
    return vietnamese.percent(rates.round_half_up(Decimal(str(float(x))), 1))


def _svg(figure, title, description) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode()
    # A title and description inside the SVG, for a chart opened on its own.
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    head = svg[:end].replace("<svg ", '<svg role="img" aria-labelledby="title desc" ', 1)
    accessible = (
        f'<title id="title">{escape(title)}</title><desc id="desc">{escape(description)}</desc>'
    )
    return (head + accessible + svg[end:]).encode()


def _empty(figure, ax, message):
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, transform=ax.transAxes)


def trend_svg(trend, description="") -> bytes:
    """The SVG of `trend_figure`, with its title and description inside."""
    return _svg(trend_figure(trend), trend.title, description)


# Styles of the counts of one office when offices are drawn apart (colour is the office's):
# (line style, marker) per count, the rate dashed with diamonds as on every chart.
COUNT_STYLES = [("-", "o"), (":", "^"), ("-.", "s")]
# A bar lower than this share of the axis is hard to see: its value is written above it.
SMALL_BAR = 0.04


def trend_figure(trend) -> Figure:
    """Counts per year as lines or grouped bars, and a rate per year on a second axis that
    starts at 0; a few offices drawn apart are one colour each.

    `trend` is a `dashboard.Trend`. Each drawn element carries an id (`bar-<code>-<year>`,
    `line-<code>`, with `-<office>` when offices are apart) so that tests and styles can
    find it.
    """
    missing_label = _("chưa có số liệu")
    figure = Figure(figsize=(WIDTH, HEIGHT))
    rate_lines = [*([trend.rate] if trend.rate is not None else []), *trend.rates]
    right = 0.89 if rate_lines else 0.97
    counts = [v for series in trend.counts for v in series.values if v is not None]
    # Room on the left for the longest count label (about 0.08 inch a character at 10 pt).
    left = (0.3 + 0.08 * len(vietnamese.number(max(counts, default=0)))) / WIDTH
    figure.subplots_adjust(left=left, right=right, top=0.89, bottom=LEGEND_SPACE / HEIGHT)
    ax = figure.add_subplot()
    ax.set_title(trend.title)
    years = trend.years
    if not years:
        _empty(figure, ax, missing_label)
        return figure

    xs = list(range(len(years)))
    handles = []
    drawn = trend.series
    unapproved = [any(s.is_unapproved(x) for s in drawn) for x in xs]
    offices = list(dict.fromkeys(s.office for s in drawn if s.office))
    codes = list(dict.fromkeys(s.code for s in trend.counts))
    # Bars and points keep to the lower part when a rate line is drawn above them.
    headroom = 1.7 if rate_lines else 1.12
    top = max(counts, default=1) * headroom
    if trend.kind == "line":
        approximate = False
        for i, series in enumerate(trend.counts):
            if offices:
                colour = PALETTE[offices.index(series.office) % len(PALETTE)]
                style, marker = COUNT_STYLES[codes.index(series.code) % len(COUNT_STYLES)]
            else:
                colour, (style, marker) = PALETTE[i % len(PALETTE)], ("-", "o")
            gid = _gid(series)
            ys = [math.nan if v is None else v for v in series.values]
            # NaN breaks the line: a missing year is a gap, not a fall to zero.
            ax.plot(xs, ys, color=colour, linewidth=2, linestyle=style, gid=f"line-{gid}")
            for x, value, approx in zip(xs, series.values, series.approximate, strict=True):
                if value is None:
                    continue
                ax.plot(
                    [x],
                    [value],
                    marker="s" if series.is_unapproved(x) else marker,
                    markersize=6,
                    color=colour,
                    markerfacecolor="white" if approx else colour,
                    gid=f"point-{gid}-{years[x]}",
                )
                if value < SMALL_BAR * top:
                    qualifier = series.qualifiers[x]
                    _small_value(ax, x, value, qualifier, colour, f"value-{gid}-{years[x]}")
            approximate = approximate or any(series.approximate)
            if not offices:
                handles.append(
                    Line2D([], [], color=colour, marker="o", linewidth=2, label=series.label)
                )
        if offices:
            # One entry per office (its colour) and one per count (its line style).
            handles += [
                Patch(color=PALETTE[i % len(PALETTE)], label=office)
                for i, office in enumerate(offices)
            ]
            labels = {s.code: s.label for s in trend.counts}
            for code in codes:
                style, marker = COUNT_STYLES[codes.index(code) % len(COUNT_STYLES)]
                handles.append(
                    Line2D([], [], color=MUTED, linestyle=style, marker=marker, label=labels[code])
                )
        if approximate:
            handles.append(
                Line2D(
                    [],
                    [],
                    color=MUTED,
                    marker="o",
                    markerfacecolor="white",
                    linestyle="",
                    label=_("điểm rỗng: số ước (hơn, gần…)"),
                )
            )
    else:
        _bars(ax, trend, xs, top, handles)

    # A year with no count at all says so where its bars or points would be.
    for x, year in enumerate(years):
        if all(series.values[x] is None for series in trend.counts):
            ax.text(
                x,
                0.03,
                missing_label,
                rotation=90,
                ha="center",
                va="bottom",
                fontsize=8,
                color=MUTED,
                gid=f"missing-{year}",
                transform=ax.get_xaxis_transform(),
            )

    ticks = zip(years, unapproved, strict=True)
    ax.set_xticks(xs, [f"{y}{UNAPPROVED_MARK}" if u else str(y) for y, u in ticks])
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_count_tick))
    ax.grid(axis="y", color="#e3e8ee", linewidth=0.8)
    ax.set_axisbelow(True)

    if rate_lines:
        _rate_axis(figure, ax, trend, rate_lines, offices, handles)
    if any(unapproved):
        # Its legend above the plot, on the right of the title: the legend below has room
        # for two rows only.
        ax.text(
            1,
            1.02,
            _("† (chấm, điểm vuông): gồm số liệu chưa duyệt"),
            ha="right",
            va="bottom",
            fontsize=8,
            color=MUTED,
            transform=ax.transAxes,
            gid="unapproved-legend",
        )

    columns = 3 if len(handles) > 4 else 2
    figure.legend(
        handles=handles,
        loc="lower center",
        ncol=columns,
        frameon=False,
        fontsize=9 if columns == 2 else 8,
        borderaxespad=0.2,
    )
    return figure


def _gid(series) -> str:
    return f"{series.code}-{series.slug}" if series.slug else series.code


def _bars(ax, trend, xs, top, handles):
    """Grouped bars, one colour per count; approximate ones hatched; a bar too low to see
    against the axis (under SMALL_BAR of it: "hơn 600" beside 83.408) carries its value."""
    years = trend.years
    width = 0.8 / max(1, len(trend.counts))
    approximate = False
    for i, series in enumerate(trend.counts):
        colour = PALETTE[i % len(PALETTE)]
        offset = (i - (len(trend.counts) - 1) / 2) * width
        present = [
            (x, v, a)
            for x, v, a in zip(xs, series.values, series.approximate, strict=True)
            if v is not None
        ]
        if present:
            bars = ax.bar(
                [x + offset for x, _, _ in present],
                [v for _, v, _ in present],
                width,
                color=colour,
                edgecolor="white",
            )
            for patch, (x, value, approx) in zip(bars.patches, present, strict=True):
                patch.set_gid(f"bar-{_gid(series)}-{years[x]}")
                hatch = ("///" if approx else "") + (
                    UNAPPROVED_HATCH if series.is_unapproved(x) else ""
                )
                if hatch:
                    patch.set_hatch(hatch)
                if value < SMALL_BAR * top:
                    gid = f"value-{_gid(series)}-{years[x]}"
                    _small_value(ax, x + offset, value, series.qualifiers[x], colour, gid)
            approximate = approximate or any(a for _, _, a in present)
        handles.append(Patch(color=colour, label=series.label))
    if approximate:
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=MUTED,
                hatch="///",
                label=_("gạch chéo: số ước (hơn, gần…)"),
            )
        )


def _small_value(ax, position, value, qualifier, colour, gid):
    """The value written above a bar or point too low to read against the axis."""
    ax.text(
        position,
        value,
        "  " + vietnamese.qualified(value, qualifier),
        rotation=90,
        ha="center",
        va="bottom",
        fontsize=8,
        color=colour,
        gid=gid,
    )


def _rate_axis(figure, ax, trend, rate_lines, offices, handles):
    """The rates on a second axis from 0 to at least 100%, the whole scale: a fall from 98%
    to 90% looks like what it is, not like a collapse."""
    rate_ax = ax.twinx()
    rate_ax.spines["right"].set_visible(True)
    above = offset_copy(rate_ax.transData, fig=figure, y=5, units="points")
    present = []
    for series in rate_lines:
        colour = (
            PALETTE[offices.index(series.office) % len(PALETTE)] if series.office else RATE_COLOUR
        )
        ys = [math.nan if v is None else float(v) for v in series.values]
        rate_ax.plot(
            range(len(ys)),
            ys,
            color=colour,
            linestyle="--",
            marker="D",
            markersize=5,
            linewidth=1.5,
            gid=f"line-{_gid(series)}",
        )
        for x, value in enumerate(series.values):
            if value is None:
                continue
            present.append(float(value))
            mark = UNAPPROVED_MARK if series.is_unapproved(x) else ""
            rate_ax.text(
                x,
                float(value),
                vietnamese.percent(value) + mark,
                transform=above,
                ha="center",
                va="bottom",
                fontsize=8,
                color=colour,
            )
    rate_ax.set_ylim(0, max(100.0, *present) * 1.05 if present else 105.0)
    rate_ax.yaxis.set_major_locator(MultipleLocator(25))
    rate_ax.yaxis.set_major_formatter(FuncFormatter(_percent_tick))
    label = rate_lines[0].label
    colour = MUTED if offices else RATE_COLOUR
    handles.append(Line2D([], [], color=colour, linestyle="--", marker="D", label=label))


def comparison_svg(comparison, description="") -> bytes:
    """The SVG of `comparison_figure`, with its title and description inside."""
    return _svg(comparison_figure(comparison), _comparison_title(comparison), description)


def _comparison_title(comparison) -> str:
    if comparison.period != periods.YEAR:  # "…, quý I năm 2024"
        period = period_display(comparison.period, comparison.year)
        return f"{comparison.title}, {period}"
    return _("%(rate)s, năm %(year)s") % {"rate": comparison.title, "year": comparison.year}


def comparison_figure(comparison) -> Figure:
    """One office per bar for one rate and year, best at the top (`dashboard.Comparison`),
    on a scale from 0.

    Offices without the counts for the rate get no bar; the caption counts them.
    """
    missing_label = _("chưa có số liệu")
    rows = comparison.rows
    height = max(1.8, 1.0 + 0.24 * len(rows))
    figure = Figure(figsize=(WIDTH, height))
    # Room on the left for the longest office name (about 0.07 inch a character at 9 pt).
    longest = max((len(r[0]) for r in rows), default=0)
    left = min(0.4, (0.25 + 0.08 * longest) / WIDTH)
    figure.subplots_adjust(left=left, right=0.97, top=1 - 0.4 / height, bottom=0.6 / height)
    ax = figure.add_subplot()
    ax.set_title(_comparison_title(comparison))
    if not rows:
        _empty(figure, ax, missing_label)
        return figure

    ys = list(range(len(rows)))
    bars = ax.barh(ys, [float(r[1]) for r in rows], color=PALETTE[0], height=0.7)
    unapproved = getattr(comparison, "unapproved", frozenset())
    for patch, row in zip(bars.patches, rows, strict=True):
        patch.set_gid(f"bar-{row[0]}")
        if row[0] in unapproved:
            patch.set_hatch(UNAPPROVED_HATCH)
            patch.set_edgecolor("white")
    # Names and values as plain texts, not ticks and bar labels: a tick builds five artists,
    # and with 34 offices that alone costs more than the rest of the chart.
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    names = ax.get_yaxis_transform()
    for y, (name, value, _numerator, _denominator) in zip(ys, rows, strict=True):
        mark = UNAPPROVED_MARK if name in unapproved else ""
        ax.text(-0.01, y, name + mark, transform=names, ha="right", va="center")
        ax.text(float(value), y, " " + vietnamese.percent(value), va="center", fontsize=9)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # best at the top
    ax.set_xlim(0, max(110, max(float(r[1]) for r in rows) * 1.12))
    ax.xaxis.set_major_formatter(FuncFormatter(_percent_tick))
    ax.grid(axis="x", color="#e3e8ee", linewidth=0.8)
    ax.set_axisbelow(True)
    note = _("Chia cho %(basis)s.") % {"basis": comparison.basis}
    if comparison.missing:
        note += " " + _("Chưa có số liệu: %(n)s văn phòng.") % {
            "n": vietnamese.number(comparison.missing_count)
        }
    if unapproved:
        note += " " + _("† (chấm): số liệu chưa duyệt.")
    ax.set_xlabel(note, fontsize=9, color=MUTED, loc="left")
    return figure
