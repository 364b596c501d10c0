"""The habits no journalist has (DOMAIN.md §7a), found in a generated article's text: shared by
the property test of the article writer and the tests of the twelve provinces' articles."""

import re

# (pattern, what it is)
PATTERNS = [
    (r"Theo báo cáo (tổng|sơ) kết", "a filler lead"),
    (r"\bCụ thể\b", "a filler opener"),
    (r"ghi nhận kết quả về", "a lead that announces instead of saying"),
    (r"\b(Sáng|Chiều|Tối|Ngày) (0\d-\d|\d{1,2}-0\d)", "a zero-padded dateline"),
    (r"\(\s*[\d.,]+%\s*\)", "a percentage in bare brackets"),
    (r"\btrong đó (\d|hơn |gần |trên |khoảng )", "“trong đó” followed by a number"),
    (r"\b(\w+) \1\b", "a word said twice in a row"),
]

# Unit nouns that may be said at most twice in one clause.
NOUNS = ["hồ sơ", "văn bản", "vụ việc", "nhiệm vụ", "cuộc họp", "lượt người"]

APPROXIMATE = re.compile(r"\b(hơn|gần|trên|khoảng) (\d{1,3}(?:\.\d{3})+)(?![.,]\d)")


def clauses(text):
    """The clauses of a text: what lies between ".", ";" and ":"."""
    return [c for c in re.split(r"[.;:](?:\s|$)", text) if c.strip()]


def habits(text) -> list[str]:
    """Each habit found in `text`, with the words that show it."""
    found = []
    for pattern, name in PATTERNS:
        for match in re.finditer(pattern, text):
            found.append(f"{name}: {match.group(0)!r}")
    for clause in clauses(text):
        for noun in NOUNS:
            count = len(re.findall(rf"(?<!\w){noun}(?!\w)", clause))
            if count >= 3:
                found.append(f"“{noun}” {count} times in one clause: {clause!r}")
    for match in APPROXIMATE.finditer(text):
        n = int(match.group(2).replace(".", ""))
        # From 100.000 up, a round approximate count is written "215 nghìn", "1,2 triệu".
        if n >= 100_000 and n % 1_000 == 0:
            found.append(f"a large approximate count written out: {match.group(0)!r}")
    return found
