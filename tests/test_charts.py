"""The dashboard's charts: valid SVG, Vietnamese labels and numbers, gaps for missing years."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from officereports.reports import charts
from officereports.reports.dashboard import Comparison, Series, Trend

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: bytes):
    return ET.fromstring(svg)


def _texts(root):
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _by_id(root, prefix):
    return {g.get("id") for g in root.iter() if (g.get("id") or "").startswith(prefix)}


def _documents(incoming, outgoing, qualifiers=None):
    years = [2019, 2020, 2021, 2022]
    return Trend(
        "documents",
        "Văn bản đến và văn bản đi",
        "line",
        years,
        [
            Series(
                "documents.incoming",
                "Văn bản đến (tiếp nhận)",
                incoming,
                qualifiers or ["exact"] * 4,
            ),
            Series(
                "documents.outgoing",
                "Văn bản đi (tham mưu ban hành, phát hành)",
                outgoing,
                ["exact"] * 4,
            ),
        ],
        None,
    )


def _dossiers():
    years = [2020, 2021, 2022]
    return Trend(
        "dossiers",
        "Hồ sơ thủ tục hành chính",
        "bar",
        years,
        [
            Series(
                "dossiers.received",
                "Hồ sơ tiếp nhận",
                [600, None, 83_408],
                ["hon", "exact", "exact"],
            ),
            Series("dossiers.resolved", "Hồ sơ đã giải quyết", [None, None, 81_948], ["exact"] * 3),
        ],
        Series(
            "rate.dossiers_on_time",
            "Tỷ lệ hồ sơ trả đúng hạn",
            [None, None, Decimal("98.2")],
            ["exact"] * 3,
        ),
        "số hồ sơ đã giải quyết",
    )


def test_a_trend_chart_is_svg_with_vietnamese_labels():
    root = _parse(
        charts.trend_svg(
            _documents([52_900, 48_000, 61_250, 60_000], [20_300, 19_000, 21_000, 22_000])
        )
    )
    assert root.tag == f"{SVG}svg"
    texts = _texts(root)
    assert "Văn bản đến và văn bản đi" in texts
    assert "Văn bản đến (tiếp nhận)" in texts
    assert "Văn bản đi (tham mưu ban hành, phát hành)" in texts
    # Thousands with ".", years without a separator.
    assert {"0", "15.000", "30.000", "45.000", "60.000"} <= set(texts)
    assert {"2019", "2020", "2021", "2022"} <= set(texts)
    assert not any(re.fullmatch(r"\d+,\d{3}", t) for t in texts)


def test_the_svg_carries_its_text_alternative():
    svg = charts.trend_svg(_documents([1, 2, 3, 4], [1, 2, 3, 4]), "Văn bản đến – 2019: 1.")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Văn bản đến và văn bản đi"
    assert root.find(f"{SVG}desc").text == "Văn bản đến – 2019: 1."


def _line_segments(root, gid):
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == gid)
    path = group.find(f".//{SVG}path").get("d")
    return path.count("M")


def test_a_missing_year_is_a_gap_not_a_zero():
    root = _parse(
        charts.trend_svg(_documents([52_900, None, 61_250, 60_000], [20_300, None, 21_000, None]))
    )
    # The line breaks at 2020: two pieces, not one line dipping to zero.
    assert _line_segments(root, "line-documents.incoming") == 2
    assert _line_segments(root, "line-documents.outgoing") == 2
    points = _by_id(root, "point-documents.incoming-")
    assert points == {
        "point-documents.incoming-2019",
        "point-documents.incoming-2021",
        "point-documents.incoming-2022",
    }
    # A year without any figure says so where its points would be.
    assert _by_id(root, "missing-") == {"missing-2020"}
    assert "chưa có số liệu" in _texts(root)


def test_an_unbroken_series_is_one_line():
    root = _parse(charts.trend_svg(_documents([1_000, 2_000, 3_000, 4_000], [1, 2, 3, 4])))
    assert _line_segments(root, "line-documents.incoming") == 1
    assert _by_id(root, "missing-") == set()


def test_bars_are_drawn_only_for_reported_years():
    root = _parse(charts.trend_svg(_dossiers()))
    assert _by_id(root, "bar-") == {
        "bar-dossiers.received-2020",
        "bar-dossiers.received-2022",
        "bar-dossiers.resolved-2022",
    }
    assert _by_id(root, "missing-") == {"missing-2021"}
    texts = _texts(root)
    # The rate on its own axis, written the Vietnamese way, and the approximate bar explained.
    assert "98,2%" in texts
    assert "100%" in texts
    assert "gạch chéo: số ước (hơn, gần…)" in texts
    assert "Tỷ lệ hồ sơ trả đúng hạn" in texts
    assert "60.000" in texts


def test_approximate_points_are_hollow():
    root = _parse(
        charts.trend_svg(
            _documents(
                [52_900, 48_000, 61_250, 60_000], [1, 2, 3, 4], ["hon", "exact", "exact", "exact"]
            )
        )
    )
    assert "điểm rỗng: số ước (hơn, gần…)" in _texts(root)
    hollow = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "point-documents.incoming-2019")
    filled = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "point-documents.incoming-2020")
    assert "fill: #ffffff" in ET.tostring(hollow, encoding="unicode")
    assert "fill: #0072b2" in ET.tostring(filled, encoding="unicode")


def test_the_comparison_lists_offices_best_first():
    comparison = Comparison(
        "rate.dossiers_on_time",
        "Tỷ lệ hồ sơ trả đúng hạn",
        "số hồ sơ đã giải quyết",
        1,
        2022,
        [
            ("Thừa Thiên Huế", Decimal("95.0"), 1_140, 1_200),
            ("Khánh Hòa", Decimal("90.0"), 450, 500),
        ],
        ["Hà Nội"],
    )
    root = _parse(charts.comparison_svg(comparison))
    texts = _texts(root)
    assert "Tỷ lệ hồ sơ trả đúng hạn, năm 2022" in texts
    # Names top to bottom in the order given (best first), each with its value.
    names = [t for t in texts if t in ("Thừa Thiên Huế", "Khánh Hòa")]
    assert names == ["Thừa Thiên Huế", "Khánh Hòa"]
    assert " 95%" in texts and " 90%" in texts
    assert "Chia cho số hồ sơ đã giải quyết. Chưa có số liệu: 1 văn phòng." in texts
    # No bar for the office without the counts.
    assert _by_id(root, "bar-") == {"bar-Thừa Thiên Huế", "bar-Khánh Hòa"}


def test_charts_without_data_say_so():
    empty = Trend("documents", "Văn bản đến và văn bản đi", "line", [], [], None)
    assert "chưa có số liệu" in _texts(_parse(charts.trend_svg(empty)))
    nothing = Comparison("rate.x", "Tỷ lệ", "số", 1, 2022, [], [])
    assert "chưa có số liệu" in _texts(_parse(charts.comparison_svg(nothing)))


def test_the_same_numbers_give_the_same_svg():
    assert charts.trend_svg(_dossiers()) == charts.trend_svg(_dossiers())


# ---------------------------------------------------------------------------
# Scales that do not mislead (read back from the figure itself)


def test_the_rate_axis_starts_at_zero():
    figure = charts.trend_figure(_dossiers())
    counts, rate = figure.axes
    assert counts.get_ylim() == (0, 83_408 * 1.7)
    # 0 to a little above 100%: 98,2% is drawn against the whole scale.
    assert rate.get_ylim() == (0, 105.0)
    shown = [t for t in rate.get_yticks() if 0 <= t <= 105]
    assert [charts._percent_tick(t, None) for t in shown] == ["0%", "25%", "50%", "75%", "100%"]
    high = _dossiers()
    high.rate.values = [Decimal("87.5"), Decimal("99.1"), Decimal("112")]
    assert charts.trend_figure(high).axes[1].get_ylim() == (0, 112 * 1.05)


def test_a_bar_too_small_to_see_carries_its_value():
    """ "hơn 600" beside 83.408 (a bar of 0,4% of the axis) is written above its bar; the
    bars that can be read are not."""
    root = _parse(charts.trend_svg(_dossiers()))
    assert _by_id(root, "value-") == {"value-dossiers.received-2020"}
    label = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "value-dossiers.received-2020")
    assert "".join(label.itertext()).strip() == "hơn 600"


def test_a_small_point_on_a_line_carries_its_value():
    root = _parse(charts.trend_svg(_documents([52_900, 48_000, 61_250, 600], [1, 2, 3, 4])))
    assert _by_id(root, "value-documents.incoming-") == {"value-documents.incoming-2022"}
    assert len(_by_id(root, "value-documents.outgoing-")) == 4


def test_the_comparison_axis_starts_at_zero():
    comparison = Comparison(
        "rate.dossiers_on_time",
        "Tỷ lệ hồ sơ trả đúng hạn",
        "số hồ sơ đã giải quyết",
        1,
        2022,
        [("Thừa Thiên Huế", Decimal("99.5"), 995, 1_000), ("Khánh Hòa", Decimal("97"), 97, 100)],
        [],
    )
    figure = charts.comparison_figure(comparison)
    # 99,5% and 97%: from 0, not from 96%; the room on the right is for the values.
    assert figure.axes[0].get_xlim() == (0, 99.5 * 1.12)
