"""Twelve provinces' reports (tests/data/provinces.json, described in tests/data/README.md),
imported as an office would import them: each generated article reads, sentence by sentence,
as reviewed (tests/data/articles/), has none of the habits of DOMAIN.md §7a, and holds every
figure the office reported, as the office stated it."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from officereports.reports import catalog as catalog_module
from officereports.reports import interchange, narrative, vietnamese
from officereports.reports.models import REPORT_PARTS, Report
from tests.press import habits

DATA = Path(__file__).resolve().parent / "data"
PROVINCES = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))["reports"]
KEYS = [(r["office"], r["year"], r.get("period", "year")) for r in PROVINCES]


@pytest.fixture
def provinces(db):
    call_command("import_reports", str(DATA / "provinces.json"))
    catalog = catalog_module.load()
    q = Report.objects.prefetch_related("figures__indicator", *REPORT_PARTS)
    return {(r.office.slug, r.year, r.period): r for r in q}, catalog


def article_of(report, catalog):
    return narrative.build(narrative.Facts.from_report(report, catalog))


def sentences(text):
    """The sentences of an article, one per line in the reviewed files: split after a full
    stop that ends a sentence (not the one in "Tp.", nor "…" inside a quotation)."""
    return [s for s in re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ0-9])", text) if s]


def reviewed(key):
    office, year, period = key
    return (DATA / "articles" / f"{office}-{year}-{period}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", KEYS, ids=["-".join(map(str, k)) for k in KEYS])
def test_each_article_reads_sentence_by_sentence_as_reviewed(provinces, key):
    reports, catalog = provinces
    article = article_of(reports[key], catalog)
    written = [article.headline] + [s for p in article.paragraphs for s in sentences(p)]
    assert written == reviewed(key).strip().split("\n")


@pytest.mark.parametrize("key", KEYS, ids=["-".join(map(str, k)) for k in KEYS])
def test_no_article_has_a_habit_of_the_list(provinces, key):
    reports, catalog = provinces
    article = article_of(reports[key], catalog)
    for sentence in [article.headline] + [s for p in article.paragraphs for s in sentences(p)]:
        assert habits(sentence) == [], sentence


@pytest.mark.parametrize("key", KEYS, ids=["-".join(map(str, k)) for k in KEYS])
def test_every_figure_and_every_stated_value_is_in_the_article(provinces, key):
    reports, catalog = provinces
    report = reports[key]
    text = article_of(report, catalog).text()
    for code, f in report.figure_map().items():
        if f.value is None:
            continue
        shown = vietnamese.count_in_text(f.value, f.qualifier, f.round_in_text)
        if shown != vietnamese.NONE:
            assert shown in text, (code, shown)
        if f.stated_change is not None:
            wording = vietnamese.stated_change(
                f.stated_change, f.stated_change_kind, f.stated_change_qualifier
            )
            assert wording in text, (code, wording)
        if f.stated_percent is not None and code not in narrative.STATED_ON:
            # As its author wrote it: "41,27%", never re-rounded.
            assert vietnamese.percent(f.stated_percent.normalize()) in text, code


def test_a_province_wide_section_never_credits_the_office(provinces):
    reports, catalog = provinces
    wide = [r for r in reports.values() if any(s.province_wide for s in r.section_units.all())]
    assert len(wide) == 4
    for report in wide:
        article = article_of(report, catalog)
        for section in (s.section for s in report.section_units.all() if s.province_wide):
            said = " ".join(article.sections[section])
            assert "trên địa bàn" in said.lower()
            assert "các cơ quan hành chính nhà nước các cấp" in said
            assert not re.search(r"\bVăn phòng (đã|cũng)", said), said


def test_the_twelve_reports_round_trip_exactly(provinces):
    reports, _catalog = provinces
    exported = interchange.export_reports(
        sorted(reports.values(), key=lambda r: KEYS.index((r.office.slug, r.year, r.period)))
    )["reports"]
    for original, written in zip(PROVINCES, exported, strict=True):
        for code, figure in original["figures"].items():
            for key, value in figure.items():
                assert written["figures"][code][key] == value, (original["office"], code, key)
        for key in ("service_index", "province_wide_sections", "section_units"):
            assert written.get(key) == original.get(key), (original["office"], key)
        if original.get("conference"):
            for key, value in original["conference"].items():
                assert written["conference"][key] == value
