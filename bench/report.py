"""docs/benchmarks.md from the results of bench/run.py: the method, the targets judged met or
missed, and each size's numbers. Pure: no database, no server (tests/test_bench.py)."""

from pathlib import Path
from types import SimpleNamespace

WRITERS = 4  # staff saving at once during the season, each on their own report
DASHBOARD = "/dashboard/?include=all"  # every report counted: a saved figure shows on it
# How a run was made (bench/run.py's options), kept with each size's results.
RUN_SETTINGS = (
    "floor_runs",
    "season_sizes",
    "season_seconds",
    "readers",
    "reader_pause",
    "throughput_seconds",
    "after_save",
    "workbooks",
)


def vn(value, places=0):
    """52.900 / 77,2: the document's numbers in Vietnamese style, as the product's."""
    if value is None:
        return "–"
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def ms(value):
    return "–" if value is None else vn(value, 1 if value < 100 else 0) + " ms"


SEASON_TARGETS = [
    ("summary", 100),
    ("dashboard", 100),
    ("charts", 100),
    ("entry page", 250),
    ("save (POST + page after the redirect)", 250),
]


def verdicts(results):
    """(target, size, measured, met: True/False/None) for every target; None: not measured."""
    out = []

    def add(target, size, measured, met):
        out.append((target, size, measured, met))

    season_sizes = [s for s, r in results.items() if "season" in r]
    for label, limit in SEASON_TARGETS:
        target = f"Reporting season: {label} p95 ≤ {limit} ms"
        if not season_sizes:
            add(target, "34x10", "not measured", None)
        for size in season_sizes:
            row = results[size]["season"]["pages"].get(label)
            add(target, size, ms(row and row["p95_ms"]), bool(row) and row["p95_ms"] <= limit)
    target = "Saves per second, 4 writers ≥ 1,8 × 1 writer"
    if not season_sizes:
        add(target, "34x10", "not measured", None)
    for size in season_sizes:
        t = results[size]["throughput"]
        add(
            target,
            size,
            f"{vn(t['four'], 1)} / {vn(t['one'], 1)} saves/s = {vn(t['ratio'], 2)}×",
            t["ratio"] >= 1.8,
        )
    national = [s for s in results if s.startswith("3321x")]
    for size in national or ["3321x10"]:
        result = results.get(size)
        if result is None:
            add(
                "After a save: dashboard and each chart p95 ≤ 300 ms and ≤ 5× floor",
                size,
                "not measured",
                None,
            )
            add("Leadership workbook built ≤ 3× its fetch floor", size, "not measured", None)
            add("Leadership workbook: no request > 5 s", size, "not measured", None)
            continue
        floor = result["floors"]["dashboard_sql_ms"]
        for label, row in result["after_save"].items():
            limit = min(300, 5 * floor)
            add(
                f"After a save: {label} p95 ≤ 300 ms and ≤ 5× the aggregate floor",
                size,
                f"{ms(row['p95_ms'])} (floor {ms(floor)}, {vn(row['p95_ms'] / floor, 1)}×)",
                row["p95_ms"] <= limit,
            )
        book, fetch = result["workbook"], result["floors"]["workbook_fetch_ms"]
        add(
            "Leadership workbook built ≤ 3× its fetch floor (median)",
            size,
            f"{ms(book['median_ms'])} / {ms(fetch)} = {vn(book['median_ms'] / fetch, 1)}×",
            book["median_ms"] <= 3 * fetch,
        )
        add(
            "Leadership workbook: no request > 5 s",
            size,
            f"longest {ms(book['longest_request_ms'])}",
            book["longest_request_ms"] <= 5000,
        )
    target = "Leadership workbook < 200 ms (p95)"
    if "34x10" in results:
        book = results["34x10"]["workbook"]
        add(target, "34x10", ms(book["p95_ms"]), book["p95_ms"] < 200)
    else:
        add(target, "34x10", "not measured", None)
    target = "Report document (report.docx) after a save < 200 ms (p95)"
    if "document" in results.get("34x10", {}):
        doc = results["34x10"]["document"]
        add(target, "34x10", ms(doc["p95_ms"]), doc["p95_ms"] < 200)
    else:
        add(target, "34x10", "not measured", None)
    # The generated sizes: the seed's reports are of another shape (a few hand-written figures,
    # stated percentages, comments), so its counts are shown with it but not compared.
    counted = [r for s, r in results.items() if "queries" in r and s != "seed"]
    if len(counted) > 1:
        for label in counted[0]["queries"]:
            seen = {r["size"]: r["queries"].get(label) for r in counted}
            shown = ", ".join(f"{s}: {c}" for s, c in seen.items())
            add(
                f"Same query counts at every size: {label}",
                "all",
                shown,
                len(set(seen.values())) == 1,
            )
    else:
        add(
            "Same query counts at every size", "all", "fewer than two sizes of 34x10 and more", None
        )
    return out


NOTES = "## Notes\n"


def write(results, args, info, path):
    """docs/benchmarks.md: the method, the machine (`info`), the targets, then each size."""
    # The method as the stored results were measured (else as `args` would measure).
    used = [r["settings"] for r in results.values() if "settings" in r]
    args = SimpleNamespace(**used[0]) if used else args
    order = sorted(results, key=lambda s: (s != "seed", results[s]["reports"]))
    results = {s: results[s] for s in order}
    some = next(iter(results.values()), {})
    g = some.get("gunicorn", {})
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); edit only the notes at the end.",
        "",
        "## Method",
        "",
        "Each size is one run of `bench/run.py`: the data loaded into PostgreSQL, four reports of",
        "the latest year put in draft, each for its own staff member, then:",
        "",
        "- **Floors, timed alone** before the server starts. *Dashboard*: the SQL the dashboard",
        f"  (`{DASHBOARD}`, national scope) sends, captured from one request in process with",
        "  nothing cached, less the statements of the minimal view behind login, run under",
        "  `EXPLAIN ANALYZE`; PostgreSQL's planning and execution time summed (median of",
        f"  {args.floor_runs} runs after one warm-up). *Leadership workbook*: its SELECTs, captured",
        "  the same way, run and fetched with psycopg (median). *A page*: the minimal view behind",
        "  stock Django login (the session, the user, the memberships: 3 queries,",
        "  `bench/server.py`), requested by the readers during the reporting season, under the same",
        "  load as the pages.",
        "- **gunicorn as `make serve` runs it** (`gunicorn.conf.py`: "
        f"{g.get('workers', '?')} workers × {g.get('threads', '?')} threads, "
        f"{g.get('worker_class', '?')}, timeout {g.get('timeout', '?')} s), production settings",
        "  on plain HTTP over loopback (`bench/serving.py`, shared with the load test), DEBUG off,",
        "  each worker's local-memory cache; the client on the same machine, a new connection",
        "  per request as a reverse proxy opens them (so that requests spread over the",
        "  workers), every body read. A middleware counts each request's queries in the server",
        "  (`bench/server.py`).",
        "- **Query counts**: each page right after a saved figure (what it costs to compute);",
        "  compared across the generated sizes (the seed's few hand-written reports differ in",
        "  shape: their counts are shown, not compared).",
        f"- **Reporting season** ({args.season_sizes}, {vn(args.season_seconds, 0)} s): {WRITERS} staff, each on their own report,",
        "  about once a second open the entry page, then save one figure (the POST and the page",
        "  its redirect names, timed together); meanwhile "
        f"{args.readers} leaders read a summary of a report",
        "  being written, the dashboard with every report counted, its charts (one after",
        "  another, right after the page), and the minimal view behind login, pausing",
        f"  {vn(args.reader_pause, 1)} s on average between pages. Then saves per second, back to",
        "  back, by 1 writer and by 4 writers on different reports, "
        f"{vn(args.throughput_seconds, 0)} s each.",
        "- **After a save**: the dashboard and each chart requested alone right after a figure",
        f"  was saved (so a chart finds nothing the page computed), {args.after_save} times each.",
        "- **Leadership workbook** (every office, the latest year and every year, every report",
        f"  counted), {args.workbooks} times, each after a saved figure. Over 2.000 reports the task",
        "  worker gunicorn.conf.py starts writes it and the page is polled every 0,25 s until the",
        '  file comes ("built" is until then; the longest single request is reported too).',
        "- **Report document**: the Word report (`report.docx`) of a report being written,",
        f"  {args.after_save} times, each right after a figure was saved on it.",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpus']} × {info['cpu']}; memory {info['memory']}; {info['os']}",
        f"- Python {info['python']}, Django {info['django']}, PostgreSQL {info['postgresql']}, "
        f"{info['gunicorn']}",
        "- The load average (1 min) at the start and end of the reporting season is given with",
        "  it: other work on the machine shows there.",
        "",
        "## Targets",
        "",
        "| Target | Size | Measured | Met |",
        "|---|---|---|---|",
    ]
    mark = {True: "met", False: "**missed**", None: "not measured"}
    for target, size, measured, met in verdicts(results):
        lines.append(f"| {target} | {size} | {measured} | {mark[met]} |")
    lines.append("")
    for size, result in results.items():
        f = result["floors"]
        lines += [
            f"## {size}: {result['described']}",
            "",
            f"{vn(result['reports'])} reports, {vn(result['figures'])} figures, "
            f"{vn(result['offices'])} offices; loaded in {vn(result['load_seconds'], 1)} s; run "
            f"{result['ran_at']}.",
            "",
            f"- Floors: dashboard SQL {ms(f['dashboard_sql_ms'])} "
            f"({f['dashboard_statements']} statements); leadership workbook fetch "
            f"{ms(f['workbook_fetch_ms'])} ({f['workbook_statements']} statements, "
            f"{vn(f['workbook_rows'])} rows).",
        ]
        if "season" in result:
            s = result["season"]
            lines += [
                f"- Reporting season: {vn(s['seconds'], 0)} s, {s['writers']} writers, "
                f"{s['readers']} readers, {s['saves']} saves; load average "
                f"{vn(s['loadavg'][0], 2)} → {vn(s['loadavg'][1], 2)}.",
            ]
            t = result["throughput"]
            lines.append(
                f"- Saves per second: 1 writer {vn(t['one'], 1)}, 4 writers {vn(t['four'], 1)} "
                f"({vn(t['ratio'], 2)}×)."
            )
        b = result["workbook"]
        lines += [
            f"- Leadership workbook: median {ms(b['median_ms'])}, p95 {ms(b['p95_ms'])}, longest "
            f"request {ms(b['longest_request_ms'])}, {vn(b['kb'])} KB.",
            "",
            "| Measured | Requests | Median | p95 | Max |",
            "|---|---:|---:|---:|---:|",
        ]
        groups = [("Season", result.get("season", {}).get("pages", {}))]
        groups.append(("After a save", result["after_save"]))
        if "document" in result:
            groups.append(("After a save", {"report document": result["document"]}))
        for group, rows in groups:
            for label, row in rows.items():
                lines.append(
                    f"| {group}: {label} | {row['n']} | {ms(row['median_ms'])} | "
                    f"{ms(row['p95_ms'])} | {ms(row['max_ms'])} |"
                )
        lines += ["", "| Page | Queries after a saved figure |", "|---|---:|"]
        for label, count in result["queries"].items():
            lines.append(f"| {label} | {count} |")
        lines.append("")
    path = Path(path)
    kept = ""  # what people wrote under the tables stays
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if NOTES in text:
            kept = text[text.index(NOTES) :]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")
