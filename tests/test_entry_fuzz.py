"""Whatever is typed into the entry page, it answers with a page, never a server error,
and either saves everything typed or nothing at all."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from officereports.reports import checks, text, vietnamese
from tests.conftest import entry_url
from tests.test_entry import stored

CODES = [
    "petitions.received",
    "petitions.eligible",
    "petitions.ineligible",
    "dossiers.received",
    "dossiers.resolved",
    "advisory.program_passed",
]

typed = st.one_of(
    st.text(max_size=24),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=0, max_value=2_000_000_000).map(vietnamese.number),
    st.sampled_from(
        [
            "",
            " ",
            "52.900",
            "hơn 52.900",
            "٣٤",
            "１２３",
            "1e9",
            "NaN",
            "98,2",
            "-0",
            "\x00",
            "7" * 5000,
        ]
    ),
)

counts = st.one_of(st.just(""), st.integers(min_value=0, max_value=10**9).map(vietnamese.number))


@pytest.fixture
def page(entry):
    """The page's fields, read once: every example starts from the same stored report."""
    return entry()


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.one_of(
        st.fixed_dictionaries({code: typed for code in CODES}),
        # Counts only: most of these pass the checks, and must then be saved whole.
        st.fixed_dictionaries({code: counts for code in CODES}),
    ),
    qualifier=st.one_of(st.sampled_from(["exact", "hon", "gan"]), st.text(max_size=8)),
    stated=typed,
    attendee=st.text(max_size=120),
)
def test_the_entry_form_never_fails_and_never_saves_half(
    client, page, draft_hue, values, qualifier, stated, attendee
):
    # Each example runs in a savepoint rolled back at its end, so that none sees another's
    # saves (hypothesis replays examples and expects the same outcome).
    with transaction.atomic():
        _post_and_check(client, page, draft_hue, values, qualifier, stated, attendee)
        transaction.set_rollback(True)


def _post_and_check(client, page, draft_hue, values, qualifier, stated, attendee):
    data = dict(page)
    for code, value in values.items():
        data[f"{code}-value"] = value
    data["dossiers.received-qualifier"] = qualifier
    data["advisory.program_passed-stated_percent"] = stated
    data["attendees-1-name"] = attendee
    before = stored(draft_hue)

    response = client.post(entry_url(draft_hue), data)

    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert stored(draft_hue) == before
        return
    saved = dict(draft_hue.figures.values_list("indicator__code", "value"))
    for code, value in values.items():
        assert saved.get(code) == checks.parse_count(value)
    if saved.get("dossiers.received") is not None:
        assert draft_hue.figures.get(indicator__code="dossiers.received").qualifier == qualifier
    names = list(draft_hue.attendees.values_list("name", flat=True))
    # Control characters typed or pasted are removed (text.clean), the rest kept.
    typed_name = text.clean(attendee)[0].strip()
    assert names == (["Nguyễn Văn Phương", typed_name] if typed_name else ["Nguyễn Văn Phương"])
