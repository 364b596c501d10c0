"""Vietnamese wording of numbers, percentages, approximations, dates and changes.

Written by hand rather than through `locale`: the server's locale is not ours to choose, and
the published wording (DOMAIN §7) is stricter than any locale's.
"""

import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from officereports.reports.rates import is_exact, round_half_up, round_nonzero

QUALIFIERS: dict[str, str] = {
    "exact": "",
    "hon": "hơn",
    "tren": "trên",
    "gan": "gần",
    "khoang": "khoảng",
}

PARTS_OF_DAY: dict[str, str] = {"sang": "Sáng", "chieu": "Chiều", "toi": "Tối"}

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

HUNDRED = Decimal(100)


def number(n: int) -> str:
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def _plain(value: Decimal) -> str:
    """Write a Decimal with exactly the digits it carries: "." thousands, "," decimals."""
    # "f" never switches to exponent notation, so Decimal("1E+2") still reads "100".
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    # A value rounded to zero must not print as "-0,00".
    sign = "-" if value < 0 else ""
    return sign + number(int(whole)) + ("," + fraction if fraction else "")


def _drop_zero_fraction(value: Decimal) -> Decimal:
    # "100,00%" and "gấp 2,00 lần" are written "100%" and "gấp 2 lần"; "77,10%" keeps its zero.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def decimal(value: Decimal | int, places: int) -> str:
    return _plain(round_half_up(Decimal(value), places))


def percent(value: Decimal) -> str:
    """An already-rounded percentage, written with the digits it carries, e.g. "77,18%"."""
    return _plain(_drop_zero_fraction(value)) + "%"


def qualified(n: int, qualifier: str = "exact") -> str:
    # A blank stored qualifier means no qualifier, like "exact".
    try:
        word = QUALIFIERS[qualifier or "exact"]
    except KeyError:
        raise ValueError(f"unknown qualifier: {qualifier!r}") from None
    return f"{word} {large(n)}" if word else number(n)


def large(n: int) -> str:
    """An approximate count as the press writes it: in thousands from 100.000 ("215
    nghìn"), in millions from 1.000.000 when round to 100.000 ("1,2 triệu"); as it is when the
    round wording would drop a digit the author wrote ("hơn 215.400", "hơn 52.900")."""
    if n >= 1_000_000 and n % 100_000 == 0:
        millions = Decimal(n) / 1_000_000
        return f"{_plain(_drop_zero_fraction(millions.normalize()))} triệu"
    if n >= 100_000 and n % 1_000 == 0:
        return f"{number(n // 1_000)} nghìn"
    return number(n)


def _in_units(m: int, unit: int) -> str:
    # Approximations of 100.000 and more are written in thousands ("hơn 341 nghìn"), and
    # in millions from 1.000.000 ("hơn 1,2 triệu").
    return large(m) if unit >= 1_000 else number(m)


def rounded(n: int) -> str:
    """Rounded wording of an exact count: "hơn 52.900", "gần 40.000", "hơn 341 nghìn".

    "gần" when the count is within 1% below the next round number of one significant digit
    (500, 1.000, 40.000, 300 nghìn); otherwise "hơn" the count floored to the unit (10 below
    1.000, 100 up to 99.999, 1.000 from 100.000) when that floor is below the count; otherwise
    the exact count. Counts under 100 are always exact.
    """
    if n < 100:
        return number(n)
    unit = 10 if n < 1_000 else 100 if n < 100_000 else 1_000 if n < 1_000_000 else 100_000
    # "Within 1% below the next multiple of the unit" would make every count from 10.000 up
    # "gần" (1% is then at least one unit) and 605 "gần 610", against the published wording
    # ("hơn 52.900", "hơn 600"). Articles say "gần" towards a round figure: "gần 40 nghìn".
    magnitude = 10 ** (len(str(n)) - 1)
    target = -(-n // magnitude) * magnitude
    if target > n and n * 100 >= target * 99:
        return f"gần {_in_units(target, unit)}"
    floor = n // unit * unit
    if floor < n:
        return f"hơn {_in_units(floor, unit)}"
    return number(n)


def short_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def press_date(d: date) -> str:
    """A date in an article's text, as the press writes it: "14/9/2024" (like "tháng 9/2024")."""
    return f"{d.day}/{d.month}/{d.year}"


def dateline(d: date, part_of_day: str = "") -> str:
    if not part_of_day:
        opening = "Ngày"
    elif part_of_day in PARTS_OF_DAY:
        opening = PARTS_OF_DAY[part_of_day]
    else:
        raise ValueError(f"unknown part of day: {part_of_day!r}")
    # The press writes "Chiều 6-1", never "Chiều 06-01".
    return f"{opening} {d.day}-{d.month}"


def formal_date(d: date) -> str:
    # Administrative style pads months 1-2 only, so "tháng 01" cannot be misread as "tháng 10".
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def quarter(q: int, year: int) -> str:
    if q not in ROMAN_QUARTERS:
        raise ValueError(f"quarter must be 1 to 4, not {q!r}")
    return f"quý {ROMAN_QUARTERS[q]}/{year}"


def _than(previous_year) -> str:
    """What a change is against: "năm 2019", "năm trước", or a period named in full ("quý I
    năm 2023")."""
    if previous_year is None:
        return "năm trước"
    return previous_year if isinstance(previous_year, str) else f"năm {previous_year}"


def change(
    current: int | Decimal | None,
    previous: int | Decimal | None,
    previous_year: int | str | None = None,
    same_period: bool = False,
) -> str | None:
    """Year-on-year wording: "tăng 18,5% so với năm 2019", "gấp 2,76 lần so với năm trước";
    for a part of the year (`same_period`) "… so với cùng kỳ năm 2019"."""
    # A change against nothing, zero or a negative base has no meaningful percentage.
    if current is None or previous is None or previous <= 0:
        return None
    year = _than(previous_year, same_period)
    current, previous = Decimal(current), Decimal(previous)
    if current == previous:
        return f"bằng {year}"
    # Each wording is rounded once from the exact quotient, never from a rounded percentage.
    if current >= 2 * previous:
        # "tăng 1,76 lần" is read both as x1,76 and as x2,76; "gấp 2,76 lần" is not.
        # A multiple reads "gấp 3,7 lần", not "3,70": trailing zeros carry no precision here.
        ratio = round_half_up(current / previous, 2).normalize()
        return f"gấp {_plain(_drop_zero_fraction(ratio))} lần so với {year}"
    verb = "tăng" if current > previous else "giảm"
    rate = round_nonzero(abs(current - previous) / previous * HUNDRED, 1)
    return f"{verb} {percent(rate)} so với {year}"


def stated_change(value: Decimal, kind: str = "percent", qualifier: str = "exact") -> str:
    """A change as the office stated it, with the digits it wrote: "tăng gần 15%",
    "giảm 4,1%", "gấp 2,76 lần"; "không đổi" for a stated 0% (the comparison, "so với năm
    trước", follows). `value` is signed for a percentage (models.ChangeKind "percent"), a
    multiple for "times"."""
    try:
        word = QUALIFIERS[qualifier or "exact"]
    except KeyError:
        raise ValueError(f"unknown qualifier: {qualifier!r}") from None
    word = f"{word} " if word else ""
    value = Decimal(value)
    if kind == "times":
        return f"gấp {word}{written(value)} lần"
    if kind != "percent":
        raise ValueError(f"unknown change kind: {kind!r}")
    if value == 0:
        return "không đổi"
    verb = "tăng" if value > 0 else "giảm"
    return f"{verb} {word}{written(abs(value))}%"


def above_plan(rate: Decimal, ratio: Decimal, with_rate: bool = False) -> str:
    """A result above its plan (`rate` > 100, `ratio` = result ÷ plan): "đạt 112% kế hoạch,
    vượt kế hoạch"; from twice the plan "gấp 10 lần kế hoạch" ("đạt 1.000%, gấp 10 lần kế
    hoạch" `with_rate`, where no count says what was reached), never a bare "đạt 1.000%"."""
    if ratio >= 2:
        times = _plain(_drop_zero_fraction(round_half_up(ratio, 2).normalize()))
        lead = f"đạt {percent(rate)}, " if with_rate else ""
        return f"{lead}gấp {times} lần kế hoạch"
    return f"đạt {percent(rate)} kế hoạch, vượt kế hoạch"


def join(items: Iterable[str | None]) -> str:
    kept = [item for item in items if item and item.strip()]
    if len(kept) <= 1:
        return "".join(kept)
    return ", ".join(kept[:-1]) + " và " + kept[-1]


# A reported zero in a sentence is "không có" before its noun ("trong đó không có cuộc họp
# trực tuyến") and a negated verb after one ("không phục vụ cuộc họp trực tuyến nào"), never
# "0 cuộc họp": the digit reads like a missing figure or a typing slip.
NONE = "không có"


def is_none(value: int | None, qualifier: str = "exact") -> bool:
    """A count reported as exactly zero (not missing, not "gần 0")."""
    return value == 0 and is_exact(qualifier)


def count_in_text(value: int, qualifier: str = "exact", round_in_text: bool = False) -> str:
    """A count before its noun in a sentence: `figure_text`, or "không có" for a zero."""
    if is_none(value, qualifier):
        return NONE
    return figure_text(value, qualifier, round_in_text)


def none_done(verb: str, noun: str) -> str:
    """What a verb did to none of a thing: "không tiếp nhận đơn thư nào"."""
    return f"không {verb} {noun} nào"


def figure_text(value: int, qualifier: str = "exact", round_in_text: bool = False) -> str:
    """A count as written in text: "hơn 52.900", or the automatic rounded wording (§7) of an
    exact count whose author asked for it."""
    if round_in_text and is_exact(qualifier):
        return rounded(value)
    return qualified(value, qualifier)


def signed(n: int) -> str:
    """An absolute change with its sign: "+1.234", "-56", "0"."""
    return ("+" if n > 0 else "") + number(n)


def _than(previous_year: int | str | None, same_period: bool = False) -> str:
    """What a change is compared with: "năm 2019", "năm trước", "cùng kỳ năm 2019", or a
    period named in full ("quý I năm 2023")."""
    if isinstance(previous_year, str):
        return previous_year
    year = "năm trước" if previous_year is None else f"năm {previous_year}"
    return f"cùng kỳ {year}" if same_period else year


def points(
    delta: Decimal, previous_year: int | str | None = None, same_period: bool = False
) -> str:
    """A change of a rate, in percentage points: "tăng 1,5 điểm phần trăm so với năm 2021"
    ("… so với cùng kỳ năm 2021" for a part of the year, `same_period`).

    `delta` is the difference of two rates already rounded to the rate's decimals.
    """
    year = _than(previous_year, same_period)
    if delta == 0:
        return f"không đổi so với {year}"
    verb = "tăng" if delta > 0 else "giảm"
    return f"{verb} {_plain(_drop_zero_fraction(abs(delta)))} điểm phần trăm so với {year}"


def written(value: Decimal) -> str:
    """A stored decimal as a person typed it, without trailing zeros: 98.20 -> "98,2"."""
    return _plain(value.normalize())


# ---------------------------------------------------------------------------
# Names in Vietnamese order, and found without their diacritics

# The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with
# the letters names borrow (f j w z) in their Latin places.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tones sort after the letters, in ICU's "vi" order: none, huyền, hỏi, ngã, sắc, nặng.
TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
# Marks that make another letter of the alphabet (ă â ê ô ơ ư), kept with their letter.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _letters(name: str):
    """(letter, tone digit) of each character of `name`, lowercased: "Đắk" gives ("đ", "0"),
    ("ă", "4"), ("k", "0"); anything but a letter or a digit is ("", "").

    Tones are stripped from the letter, the marks of ă â ê ô ơ ư kept."""
    out = []
    for char in unicodedata.normalize("NFD", name.lower()):
        if unicodedata.combining(char):
            if not out or not out[-1][0]:
                continue
            letter, tone = out[-1]
            if char in LETTER_MARKS:
                out[-1] = (unicodedata.normalize("NFC", letter + char), tone)
            elif char in TONES:
                out[-1] = (letter, TONES[char])
        elif char.isalnum():
            out.append((char, "0"))
        elif out and out[-1][0]:
            out.append(("", ""))  # one separator for a run of spaces or punctuation
    while out and not out[-1][0]:
        out.pop()
    return out


def name_keys(name: str) -> tuple[str, str]:
    """(sort key, search key) of a name: the one place both are made.

    The sort key orders names as Vietnamese does whatever the database's collation: the
    letters first (đ after d, ă and â after a, …), then the tones, letter by letter. It is
    digits only ("01" between words, two digits a letter, "00", a digit a tone), so SQLite
    and PostgreSQL sort it alike. The search key is the name without diacritics, lowercased,
    words separated by one space: "Thừa Thiên Huế" is "thua thien hue"."""
    letters = _letters(name)
    primary, tones, plain = [], [], []
    for letter, tone in letters:
        if not letter:
            primary.append("01")
            plain.append(" ")
            continue
        if letter in ALPHABET:
            primary.append(f"{20 + ALPHABET.index(letter):02d}")
        elif letter.isdigit():
            primary.append(f"1{letter}")
        else:  # a letter from another alphabet: after every Vietnamese one
            primary.append("99")
        tones.append(tone)
        base = unicodedata.normalize("NFD", letter)[0]
        plain.append("d" if letter == "đ" else base)
    return "".join(primary) + "00" + "".join(tones), "".join(plain)


def sort_key(name: str) -> str:
    return name_keys(name)[0]


def search_key(text: str) -> str:
    """What a search for `text` looks for in the stored search keys."""
    return name_keys(text)[1]
