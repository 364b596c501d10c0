"""The provincial units and their offices, from fixtures/units.json (DOMAIN.md §3).

Each unit keeps one slug for life. In the merger of 01/07/2025 the part whose name the new
unit carries continues under its slug; the other parts end on 30/06/2025, merged into it.
Every unit gets an office with the same slug.
"""

import json
from datetime import date
from pathlib import Path

UNITS_FILE = Path(__file__).resolve().parent.parent.parent / "fixtures" / "units.json"


def _date(text):
    return date.fromisoformat(text) if text else None


def sync(AdministrativeUnit, UnitName, Office, path=UNITS_FILE):
    """Write units, former names and offices (idempotent; takes models for migrations)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["units"]
    by_slug = {}
    for row in data:
        current = [n for n in row["names"] if n["valid_to"] is None][0]
        unit, _ = AdministrativeUnit.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": current["name"],
                "kind": current["kind"],
                "region": row["region"],
                "ended": _date(row["ended"]),
            },
        )
        for former in row["names"]:
            if former["valid_to"]:
                UnitName.objects.update_or_create(
                    unit=unit,
                    valid_to=_date(former["valid_to"]),
                    defaults={"name": former["name"], "kind": former["kind"]},
                )
        Office.objects.get_or_create(slug=row["slug"], defaults={"unit": unit})
        by_slug[row["slug"]] = unit
    for row in data:
        if row["merged_into"]:
            unit = by_slug[row["slug"]]
            unit.merged_into = by_slug[row["merged_into"]]
            unit.save(update_fields=["merged_into"])
