"""Checks on fixtures/units.json: the 63 provincial-level units and the 01/07/2025 merger.

Expected values below are typed by hand from /work/shared/DOMAIN.md §3.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

UNITS_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "units.json"

MERGER_END = "2025-06-30"

REGIONS = {
    "Trung du và miền núi phía Bắc",
    "Đồng bằng sông Hồng",
    "Bắc Trung Bộ và Duyên hải miền Trung",
    "Tây Nguyên",
    "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long",
}

UNCHANGED = {
    "ha-noi",
    "thua-thien-hue",
    "lai-chau",
    "dien-bien",
    "son-la",
    "lang-son",
    "quang-ninh",
    "thanh-hoa",
    "nghe-an",
    "ha-tinh",
    "cao-bang",
}

# continuing unit -> every old unit that ends up in it (the continuing unit included)
MERGES = {
    "tuyen-quang": {"tuyen-quang", "ha-giang"},
    "lao-cai": {"lao-cai", "yen-bai"},
    "thai-nguyen": {"thai-nguyen", "bac-kan"},
    "phu-tho": {"phu-tho", "vinh-phuc", "hoa-binh"},
    "bac-ninh": {"bac-ninh", "bac-giang"},
    "hung-yen": {"hung-yen", "thai-binh"},
    "hai-phong": {"hai-phong", "hai-duong"},
    "ninh-binh": {"ninh-binh", "ha-nam", "nam-dinh"},
    "quang-tri": {"quang-tri", "quang-binh"},
    "da-nang": {"da-nang", "quang-nam"},
    "quang-ngai": {"quang-ngai", "kon-tum"},
    "gia-lai": {"gia-lai", "binh-dinh"},
    "khanh-hoa": {"khanh-hoa", "ninh-thuan"},
    "lam-dong": {"lam-dong", "dak-nong", "binh-thuan"},
    "dak-lak": {"dak-lak", "phu-yen"},
    "ho-chi-minh": {"ho-chi-minh", "binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"dong-nai", "binh-phuoc"},
    "tay-ninh": {"tay-ninh", "long-an"},
    "can-tho": {"can-tho", "soc-trang", "hau-giang"},
    "vinh-long": {"vinh-long", "ben-tre", "tra-vinh"},
    "dong-thap": {"dong-thap", "tien-giang"},
    "ca-mau": {"ca-mau", "bac-lieu"},
    "an-giang": {"an-giang", "kien-giang"},
}

SLUG_RE = re.compile(r"^[a-z]+(-[a-z]+)*$")


@pytest.fixture(scope="module")
def units():
    with UNITS_PATH.open(encoding="utf-8") as f:
        return json.load(f)["units"]


@pytest.fixture(scope="module")
def by_slug(units):
    return {u["slug"]: u for u in units}


def alive_on(unit, day):
    return unit["ended"] is None or unit["ended"] >= day


def name_on(unit, day):
    """The unit's name entry valid on `day` (ISO date string), or None."""
    if not alive_on(unit, day):
        return None
    valid = [
        n
        for n in unit["names"]
        if (n["valid_from"] is None or n["valid_from"] <= day)
        and (n["valid_to"] is None or n["valid_to"] >= day)
    ]
    assert len(valid) <= 1, (unit["slug"], day, valid)
    return valid[0] if valid else None


def city_names_on(units, day):
    names = set()
    for u in units:
        entry = name_on(u, day)
        if entry is not None and entry["kind"] == "thanh_pho":
            names.add(entry["name"])
    return names


def test_it_lists_63_units_before_the_merger(units):
    assert len(units) == 63


def test_it_keeps_34_units_after_the_merger(units):
    assert len([u for u in units if u["ended"] is None]) == 34


def test_29_units_end_on_30_june_2025_merged_into_a_unit_that_continues(units, by_slug):
    ended = [u for u in units if u["ended"] is not None]
    assert len(ended) == 29
    for u in ended:
        assert u["ended"] == MERGER_END, u["slug"]
        target = u["merged_into"]
        assert target in by_slug, u["slug"]
        assert by_slug[target]["ended"] is None, u["slug"]


def test_units_that_continue_are_not_merged_into_anything(units):
    for u in units:
        if u["ended"] is None:
            assert u["merged_into"] is None, u["slug"]


def test_the_11_unchanged_units_continue_and_absorb_nobody(units, by_slug):
    assert len(UNCHANGED) == 11
    targets = {u["merged_into"] for u in units if u["merged_into"]}
    for slug in UNCHANGED:
        assert slug in by_slug, slug
        assert by_slug[slug]["ended"] is None, slug
        assert slug not in targets, slug


def test_each_of_the_23_merges_gathers_exactly_its_parts(units, by_slug):
    assert len(MERGES) == 23
    actual = {}
    for u in units:
        if u["merged_into"]:
            actual.setdefault(u["merged_into"], {u["merged_into"]}).add(u["slug"])
    assert actual == MERGES
    for continuing in MERGES:
        assert by_slug[continuing]["ended"] is None, continuing


def test_merges_and_unchanged_units_cover_all_63_old_units(units):
    parts = set().union(*MERGES.values())
    assert sum(len(p) for p in MERGES.values()) == 52
    assert len(parts) == 52
    assert parts.isdisjoint(UNCHANGED)
    assert parts | UNCHANGED == {u["slug"] for u in units}


def test_slugs_are_unique_lowercase_ascii_and_sorted(units):
    slugs = [u["slug"] for u in units]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert SLUG_RE.match(slug), slug
    assert slugs == sorted(slugs)


def test_khanh_hoa_and_thua_thien_hue_are_present(by_slug):
    assert "khanh-hoa" in by_slug
    assert "thua-thien-hue" in by_slug
    assert by_slug["khanh-hoa"]["names"][0]["name"] == "Khánh Hòa"
    assert by_slug["khanh-hoa"]["ended"] is None


def test_hue_has_its_two_names_with_their_dates(by_slug):
    assert by_slug["thua-thien-hue"]["names"] == [
        {"name": "Thừa Thiên Huế", "kind": "tinh", "valid_from": None, "valid_to": "2024-12-31"},
        {"name": "Huế", "kind": "thanh_pho", "valid_from": "2025-01-01", "valid_to": None},
    ]
    assert by_slug["thua-thien-hue"]["ended"] is None


def test_six_centrally_run_cities_exist_on_1_july_2025(units):
    assert city_names_on(units, "2025-07-01") == {
        "Hà Nội",
        "Huế",
        "Hải Phòng",
        "Đà Nẵng",
        "Hồ Chí Minh",
        "Cần Thơ",
    }


def test_five_centrally_run_cities_exist_before_2025(units):
    assert city_names_on(units, "2024-12-31") == {
        "Hà Nội",
        "Hải Phòng",
        "Đà Nẵng",
        "Hồ Chí Minh",
        "Cần Thơ",
    }


def test_every_unit_has_exactly_one_name_on_any_day_it_exists(units):
    for u in units:
        for day in ("2020-01-01", "2024-12-31", "2025-01-01", "2025-06-30"):
            assert name_on(u, day) is not None, (u["slug"], day)
        if u["ended"] is None:
            assert name_on(u, "2025-07-01") is not None, u["slug"]
        else:
            assert name_on(u, "2025-07-01") is None, u["slug"]


def test_names_of_ended_units_are_closed_by_the_end_of_the_unit(units):
    for u in units:
        if u["ended"] is not None:
            assert u["names"][-1]["valid_to"] is None, u["slug"]


def test_every_kind_is_tinh_or_thanh_pho(units):
    for u in units:
        for n in u["names"]:
            assert n["kind"] in {"tinh", "thanh_pho"}, (u["slug"], n)


def test_every_region_is_one_of_the_six(units):
    for u in units:
        assert u["region"] in REGIONS, u["slug"]
    assert {u["region"] for u in units} == REGIONS


def test_names_are_nfc_normalised(units):
    for u in units:
        assert unicodedata.is_normalized("NFC", u["region"]), u["slug"]
        for n in u["names"]:
            assert unicodedata.is_normalized("NFC", n["name"]), (u["slug"], n["name"])


def test_names_use_the_project_spelling(by_slug):
    expected = {
        "khanh-hoa": "Khánh Hòa",
        "thanh-hoa": "Thanh Hóa",
        "hoa-binh": "Hòa Bình",
        "dak-lak": "Đắk Lắk",
        "dak-nong": "Đắk Nông",
        "ba-ria-vung-tau": "Bà Rịa - Vũng Tàu",
        "ho-chi-minh": "Hồ Chí Minh",
        "hai-phong": "Hải Phòng",
    }
    for slug, name in expected.items():
        assert by_slug[slug]["names"][0]["name"] == name, slug
