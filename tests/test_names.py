"""Vietnamese names sort in Vietnamese order and are found without their diacritics, on
SQLite and PostgreSQL alike, through keys stored with the names (vietnamese.name_keys)."""

import pytest
from django.urls import reverse

from officereports.reports import vietnamese
from officereports.reports.models import AdministrativeUnit, Office, UnitName
from tests.test_dashboard import two_years  # noqa: F401  (a fixture)


def test_names_sort_in_vietnamese_order():
    names = ["Bình Thuận", "Bình Định", "Bạc Liêu", "Đà Nẵng", "Điện Biên", "Đắk Lắk", "Cần Thơ"]
    names += ["Cao Bằng", "Cà Mau", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bình Dương", "Gia Lai"]
    assert sorted(names, key=vietnamese.sort_key) == [
        "Bà Rịa - Vũng Tàu",
        "Bạc Liêu",  # a before ă: "bac" before "băc", whatever the tones
        "Bắc Giang",
        "Bình Dương",
        "Bình Định",  # đ after d
        "Bình Thuận",
        "Cà Mau",  # "ca" before "cao" before "cân"
        "Cao Bằng",
        "Cần Thơ",
        "Đà Nẵng",  # Đ after D and C, before G: not last
        "Đắk Lắk",
        "Điện Biên",
        "Gia Lai",
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # Tones after the letters: none, huyền, hỏi, ngã, sắc, nặng.
        (["ma", "mạ", "mã", "má", "mà", "mả"], ["ma", "mà", "mả", "mã", "má", "mạ"]),
        # Letters before tones: "Huế" before "Hùng", "Hư" after both.
        (["Hưng Yên", "Hùng", "Huế", "Hư"], ["Huế", "Hùng", "Hư", "Hưng Yên"]),
        # A shorter name first; words compared word by word.
        (["Hà Nội", "Hà", "Hà Giang", "Hải Phòng"], ["Hà", "Hà Giang", "Hà Nội", "Hải Phòng"]),
        (["o", "ơ", "ô", "u", "ư"], ["o", "ô", "ơ", "u", "ư"]),
    ],
)
def test_letters_then_tones(names, expected):
    assert sorted(names, key=vietnamese.sort_key) == expected


def test_the_keys_of_a_name():
    assert vietnamese.name_keys("Thừa Thiên Huế") == (
        "453147200145313228370131462800001000000004",
        "thua thien hue",
    )
    assert vietnamese.search_key("  Đắk-Lắk ") == "dak lak"
    assert vietnamese.search_key("TP. Hồ Chí Minh") == "tp ho chi minh"
    assert vietnamese.search_key("") == ""


def test_the_stored_keys_are_those_of_the_names(db):
    """Filled by the data migration for every unit and former name."""
    for row in [*AdministrativeUnit.objects.all(), *UnitName.objects.all()]:
        assert (row.sort_key, row.search_key) == vietnamese.name_keys(row.name)
    assert UnitName.objects.get(name="Thừa Thiên Huế").search_key == "thua thien hue"


def test_the_keys_are_kept_on_save(db):
    unit = AdministrativeUnit.objects.get(slug="dak-lak")
    unit.name = "Đắc Lắc"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert unit.search_key == "dac lac"
    former = UnitName.objects.create(unit=unit, name="Darlac", kind="tinh", valid_to="1975-01-01")
    assert UnitName.objects.get(pk=former.pk).search_key == "darlac"
    assert list(Office.objects.named("darlac").values_list("slug", flat=True)) == ["dak-lak"]


def test_offices_are_listed_in_vietnamese_order_on_every_database(db):
    names = [o.unit.name for o in Office.objects.select_related("unit")]
    start = names.index("Bà Rịa - Vũng Tàu")
    assert names[start : start + 16] == [
        "Bà Rịa - Vũng Tàu",
        "Bạc Liêu",
        "Bắc Giang",
        "Bắc Kạn",
        "Bắc Ninh",
        "Bến Tre",
        "Bình Dương",
        "Bình Định",
        "Bình Phước",
        "Bình Thuận",
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Đà Nẵng",
        "Đắk Lắk",
        "Đắk Nông",
    ]
    assert names == sorted(names, key=vietnamese.sort_key)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("thua thien hue", ["thua-thien-hue"]),  # the former name, without diacritics
        ("Thừa Thiên", ["thua-thien-hue"]),
        ("hue", ["thua-thien-hue"]),  # the current name "Huế"
        ("dak", ["dak-lak", "dak-nong"]),
        ("ĐẮK NÔNG", ["dak-nong"]),
    ],
)
def test_a_name_is_found_with_or_without_diacritics(db, typed, found):
    assert list(Office.objects.named(typed).values_list("slug", flat=True)) == found


@pytest.mark.usefixtures("two_years")
def test_the_dashboard_filter_finds_hue_by_either_name(client, leader):
    client.force_login(leader)
    for typed in ("thua thien hue", "hue", "Thừa Thiên Huế"):
        table = client.get("/dashboard/", {"name": typed}).context["table"]
        assert [row.record["slug"] for row in table.page.object_list] == ["thua-thien-hue"]


def test_a_years_lists_follow_the_names_of_that_year(client, leader):
    """In 2022 Huế's office is "Thừa Thiên Huế": listed among the T's, where a reader looks
    for it; in 2025 it is "Huế", among the H's."""
    client.force_login(leader)
    for year, before, name, after in (
        (2022, "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang"),
        (2025, "Hồ Chí Minh", "Huế", "Hưng Yên"),
    ):
        rows = client.get("/completeness/", {"year": year}).context["rows"]
        names = [row["office"].unit.name_in(year)[0] for row in rows]
        assert all(row["name"].endswith(n) for row, n in zip(rows, names, strict=True))
        assert names == sorted(names, key=vietnamese.sort_key)
        assert names[names.index(name) - 1 : names.index(name) + 2] == [before, name, after]


def test_the_admin_finds_hue_by_either_name(client, admin_user):
    client.force_login(admin_user)
    for typed in ("thua thien hue", "hue", "Huế"):
        response = client.get(reverse("admin:reports_office_changelist"), {"q": typed})
        slugs = [o.slug for o in response.context["cl"].result_list]
        assert slugs == ["thua-thien-hue"], typed
    response = client.get(reverse("admin:reports_administrativeunit_changelist"), {"q": "dak"})
    assert [u.slug for u in response.context["cl"].result_list] == ["dak-lak", "dak-nong"]
