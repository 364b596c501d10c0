"""Pure rules about counts, shared by every page that sums them (no Django here).

A count is exact, or written with a qualifier: "hơn"/"trên" (at least), "gần" (a little
less), "khoảng" (about). The dashboard, the year roll-up and the leadership workbook sum
counts over offices and word the sum with `combine_qualifiers`.
"""

from collections.abc import Iterable

from officereports.reports.rates import EXACT, is_exact

HON = "hon"
TREN = "tren"
GAN = "gan"
KHOANG = "khoang"

# "hơn" and "trên" both say the true count is at least the one written.
AT_LEAST = frozenset({HON, TREN})


def combine_qualifiers(qualifiers: Iterable[str | None]) -> str:
    """The wording of a sum of counts with these qualifiers.

    Exact counts add nothing to the wording: "hơn a" + b is "hơn a+b". One kind of
    approximation keeps its word ("gần" + "gần" is "gần"); "hơn" and "trên" mean the same
    ("at least"), so together they are "hơn"; approximations in different directions
    ("hơn" + "gần") or any "khoảng" only allow "khoảng".
    """
    kinds = {q for q in qualifiers if not is_exact(q)}
    if not kinds:
        return EXACT
    if len(kinds) == 1:
        return kinds.pop()
    if kinds <= AT_LEAST:
        return HON
    return KHOANG
