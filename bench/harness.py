#!/usr/bin/env python3
"""Times rightsbrief and its anchors side by side, interleaved (A B A B …), and reports medians,
ratios and peak memory. Called by bench/run, which prepares the binaries and the dataset."""
import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

AS_OF = "2025-12-31"
TARGETS = {
    "csv": ("CSV export of facts", "≤ 1.3 × sqlite3 -csv", lambda r: r <= 1.3),
    "xlsx-c": ("XLSX export of facts", "≤ 1.15 × C anchor", lambda r: r <= 1.15),
    "xlsx-py": ("XLSX export of facts", "≥ 3 × faster than Python XlsxWriter", lambda r: r <= 1 / 3),
    "import": ("import of the facts CSV", "≤ 3 × sqlite3 .import", lambda r: r <= 3.0),
    "import-staged": ("import of the facts CSV", "≤ 1.25 × staged INSERT … SELECT; peak RSS < 100 MiB at L", None),
    "brief": ("briefing for one facility", "≤ 2 × sqlite3 lookups and ≤ 150 ms", None),
    "country-full": ("country briefing, --detail full", "≤ 2 × CSV export of the same selection and ≤ 5 s", None),
    "country-overview": ("country briefing, --detail overview", "≤ 1 s", None),
}



def run(cmd, stdin=None, stdout=None, setup=None):
    """Runs one command; returns (wall seconds, peak RSS in MiB, exit status)."""
    if setup:
        setup()
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
    # stderr goes to a file, not a pipe: a pipe nobody reads until the end fills up and blocks
    # a chatty child forever.
    ferr = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    ferr.seek(0)
    err = ferr.read().decode(errors="replace")
    ferr.close()
    for f in (fin, fout):
        if f is not subprocess.DEVNULL:
            f.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"harness: {' '.join(cmd)} exited {code}: {err.strip()[:500]}")
    return wall, usage.ru_maxrss / 1024, code


def interleave(named, reps):
    """named: list of (label, kwargs for run). Runs them A B C A B C … reps times."""
    results = {label: [] for label, _ in named}
    for _ in range(reps):
        for label, kwargs in named:
            results[label].append(run(**kwargs))
    return {label: (statistics.median(w for w, _, _ in rs), max(m for _, m, _ in rs), [w for w, _, _ in rs])
            for label, rs in results.items()}


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--binary", required=True)
    p.add_argument("--anchor", required=True)
    p.add_argument("--anchors", required=True)
    p.add_argument("--python", required=True)
    p.add_argument("--reps", type=int, default=None)
    p.add_argument("--out", default="bench/RESULTS.md")
    p.add_argument("--skip", action="append", default=[], help="csv, xlsx, import, brief, country")
    a = p.parse_args()
    reps = a.reps or (3 if a.size == "L" else 5)
    out = "bench/out"
    os.makedirs(out, exist_ok=True)
    rb, db = a.binary, a.db
    query = f"{out}/facts-{a.size}.sql"
    with open(query, "w") as f:
        f.write(subprocess.run([rb, "export", "csv", "--db", db, "--print-sql", "--as-of", AS_OF],
                               capture_output=True, text=True, check=True).stdout)
    con = sqlite3.connect(db)
    facts_total = con.execute("SELECT count(*) FROM fact").fetchone()[0]
    facility = con.execute(
        "SELECT facilityId FROM fact GROUP BY facilityId ORDER BY count(*) DESC, facilityId LIMIT 1").fetchone()[0]
    con.close()
    rows = []  # (key, ours, other, ratio, extra)
    notes = []

    if "csv" not in a.skip:
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "export", "csv", "--db", db, "--table", "facts", "--as-of", AS_OF,
                                      "--output", f"{out}/facts.csv"])),
            ("sqlite3", dict(cmd=["sqlite3", "-csv", "-header", db], stdin=query, stdout=f"{out}/facts-sqlite.csv")),
        ], reps)
        rows.append(("csv", r["rightsbrief"], r["sqlite3"], "sqlite3 -csv -header"))

    if "xlsx" not in a.skip:
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "export", "xlsx", "--db", db, "--table", "facts", "--as-of", AS_OF,
                                      "--output", f"{out}/facts.xlsx"])),
            ("c", dict(cmd=[a.anchor, db, f"{out}/facts-c.xlsx", query])),
            ("python", dict(cmd=[a.python, f"{a.anchors}/export_py.py", "xlsxwriter", db, f"{out}/facts-py.xlsx", query])),
        ], reps)
        rows.append(("xlsx-c", r["rightsbrief"], r["c"], "C anchor (libxlsxwriter, constant memory)"))
        rows.append(("xlsx-py", r["rightsbrief"], r["python"], "Python XlsxWriter, constant memory"))
        full = run([rb, "export", "xlsx", "--db", db, "--as-of", AS_OF, "--output", f"{out}/workbook.xlsx"])
        notes.append(f"Full workbook (Summary, Facilities, Facts, Sources with captured text, Events, About): "
                     f"{full[0]:.2f} s, peak {full[1]:.0f} MiB.")
        rows.append(("memory", r["rightsbrief"], r["c"], "peak RSS, XLSX facts export"))

    if "import" not in a.skip and os.path.exists(f"{out}/facts.csv"):
        base = f"{out}/import-base-{a.size}.sqlite"
        target = f"{out}/import-target.sqlite"
        plain = f"{out}/import-plain.sqlite"
        if os.path.exists(base):
            os.remove(base)
        subprocess.run([rb, "init", "--db", base], check=True, capture_output=True)
        b = sqlite3.connect(base)
        b.execute("ATTACH DATABASE ? AS src", (db,))
        with b:
            b.execute("INSERT INTO facility SELECT * FROM src.facility")
            b.execute("INSERT INTO source SELECT * FROM src.source")
            b.execute("INSERT INTO sourceCitation SELECT * FROM src.sourceCitation")
        b.execute("DETACH DATABASE src")
        b.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        b.close()

        def fresh():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(target + suffix):
                    os.remove(target + suffix)
            shutil.copyfile(base, target)
            os.chmod(target, 0o600)

        def empty():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(plain + suffix):
                    os.remove(plain + suffix)

        staged = f"{out}/import-staged.sqlite"
        staged_script = f"{out}/import-staged.txt"
        with open(staged_script, "w") as f:
            f.write(f".bail on\n.import --csv {out}/facts.csv staging\n.read {a.anchors}/import_staged.sql\n")

        def fresh_staged():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(staged + suffix):
                    os.remove(staged + suffix)
            shutil.copyfile(base, staged)

        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "import", "--db", target, f"{out}/facts.csv"], setup=fresh)),
            ("sqlite3", dict(cmd=["sqlite3", plain, f".import --csv {out}/facts.csv facts"], setup=empty)),
            ("staged", dict(cmd=["sqlite3", "-bail", staged], stdin=staged_script, setup=fresh_staged)),
        ], reps)
        # Both imports must have stored the same facts (ids aside).
        counts = [sqlite3.connect(path).execute(
            "SELECT count(*), (SELECT count(*) FROM factSource), (SELECT count(*) FROM factRetraction) FROM fact"
        ).fetchone() for path in (target, staged)]
        if counts[0] != counts[1]:
            sys.exit(f"harness: rightsbrief import stored {counts[0]}, the staged anchor {counts[1]} (facts, links, retractions)")
        rows.append(("import", r["rightsbrief"], r["sqlite3"], "sqlite3 .import (no validation)"))
        rows.append(("import-staged", r["rightsbrief"], r["staged"],
                     "sqlite3 .import into a staging table, then INSERT … SELECT into the same schema"))
        notes.append(f"Import peak memory: rightsbrief {r['rightsbrief'][1]:.0f} MiB; staged anchor {r['staged'][1]:.0f} MiB; "
                     f"sqlite3 .import {r['sqlite3'][1]:.0f} MiB.")

    if "brief" not in a.skip:
        lookups = f"{out}/brief-lookups.sql"
        with open(lookups, "w") as f:
            f.write(f"""
SELECT * FROM facility WHERE id = '{facility}';
SELECT f.*, r.reason, r.retractedAt FROM fact f LEFT JOIN factRetraction r ON r.factId = f.id
  WHERE f.facilityId = '{facility}' ORDER BY f.facilityId, f.attribute, f.asOf, f.id;
SELECT fs.factId, fs.sourceId FROM factSource fs JOIN fact f ON f.id = fs.factId
  WHERE f.facilityId = '{facility}' ORDER BY fs.factId, fs.position;
SELECT * FROM event WHERE id IN (SELECT eventId FROM eventFacility WHERE facilityId = '{facility}') ORDER BY date, id;
SELECT * FROM source WHERE id IN (SELECT fs.sourceId FROM factSource fs JOIN fact f ON f.id = fs.factId
  WHERE f.facilityId = '{facility}') ORDER BY id;
SELECT sourceId, citedSourceId FROM sourceCitation WHERE sourceId IN (SELECT fs.sourceId FROM factSource fs
  JOIN fact f ON f.id = fs.factId WHERE f.facilityId = '{facility}');
""")
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "brief", "--db", db, "--facility", facility, "--as-of", AS_OF,
                                      "--output", f"{out}/brief.md"])),
            ("sqlite3", dict(cmd=["sqlite3", db], stdin=lookups, stdout=f"{out}/brief-lookups.txt")),
        ], max(reps, 10))
        rows.append(("brief", r["rightsbrief"], r["sqlite3"], f"sqlite3 running the same lookups (facility {facility})"))

    if "country" not in a.skip:
        # A whole-country briefing (the country with most facilities) against the CSV export of
        # the same selection (all tables).
        COUNTRY, facilities_in = subprocess.run(
            ["sqlite3", "-separator", " ", db,
             "SELECT country, count(*) FROM facility GROUP BY country ORDER BY count(*) DESC, country LIMIT 1"],
            capture_output=True, text=True, check=True).stdout.split()
        csv_out = f"{out}/country-csv"
        r = interleave([
            ("full", dict(cmd=[rb, "brief", "--db", db, "--country", COUNTRY, "--detail", "full", "--as-of", AS_OF,
                               "--output", f"{out}/country-full.md"])),
            ("overview", dict(cmd=[rb, "brief", "--db", db, "--country", COUNTRY, "--detail", "overview",
                                   "--as-of", AS_OF, "--output", f"{out}/country-overview.md"])),
            ("csv", dict(cmd=[rb, "export", "csv", "--db", db, "--country", COUNTRY, "--as-of", AS_OF,
                              "--output", csv_out])),
        ], reps)
        rows.append(("country-full", r["full"], r["csv"], f"CSV export of the same selection ({facilities_in} facilities in {COUNTRY})"))
        rows.append(("country-overview", r["overview"], r["csv"], f"CSV export of the same selection"))
        for name in ("full", "overview"):
            md = f"{out}/country-{name}.md"
            size_mb = os.path.getsize(md) / 2**20
            with open(md, encoding="utf-8") as f:
                line_count = sum(1 for _ in f)
            notes.append(f"Country briefing --detail {name} ({COUNTRY}, {facilities_in} facilities): {size_mb:.1f} MiB, "
                         f"{line_count:,} lines, {r[name][0]:.2f} s, peak {r[name][1]:.0f} MiB; CSV export of the "
                         f"same selection {r['csv'][0]:.2f} s, peak {r['csv'][1]:.0f} MiB.")

    machine = f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    versions = "; ".join([
        version(["swift", "--version"]).replace("Swift version ", "Swift "),
        "sqlite3 " + version(["sqlite3", "--version"]).split()[0],
        "libxlsxwriter " + version(["dpkg-query", "-W", "-f", "${Version}", "libxlsxwriter-dev"]),
        "Python " + platform.python_version(),
    ])
    lines = [f"## Size {a.size} ({facts_total:,} facts)", "",
             f"Measured {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node() or 'this machine'}: "
             f"{machine}; {versions}. {reps} interleaved runs per pair (briefing: {max(reps, 10)}), medians.", "",
             "| what | rightsbrief | compared with | other | ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    print(f"\nSize {a.size}: {facts_total:,} facts, {reps} interleaved runs per pair")
    print(f"{'what':<28} {'rightsbrief':>12} {'other':>10} {'ratio':>7}  target")
    for key, ours, other, label in rows:
        if key == "memory":
            line = (f"| XLSX export peak memory | {ours[1]:.0f} MiB | {label}: C anchor | {other[1]:.0f} MiB | – "
                    f"| under 64 MiB at L, within 16 MiB of S | {'yes' if ours[1] < 64 else 'no'} |")
            print(f"{'XLSX peak memory':<28} {ours[1]:>9.0f} MiB {other[1]:>6.0f} MiB")
            lines.append(line)
            continue
        what, target, check = TARGETS[key]
        ratio = ours[0] / other[0] if other[0] > 0 else float("inf")
        if key == "brief":
            met = ratio <= 2 and ours[0] <= 0.150
        elif key == "country-full":
            met = ratio <= 2 and ours[0] <= 5 and ours[1] < 256
        elif key == "import-staged":
            met = ratio <= 1.25 and (a.size != "L" or ours[1] < 100)
        elif key == "country-overview":
            met = ours[0] <= 1 and ours[1] < 256
        else:
            met = check(ratio)
        shown = f"{1 / ratio:.1f} × faster" if key == "xlsx-py" else f"{ratio:.2f}"
        if key in ("import", "import-staged"):
            # The import's target includes its peak memory, so the row shows both sides' peaks.
            lines.append(f"| {what} | {ours[0]:.3f} s, peak {ours[1]:.0f} MiB | {label} | {other[0]:.3f} s, peak "
                         f"{other[1]:.0f} MiB | {shown} | {target} | {'yes' if met else 'no'} |")
        else:
            lines.append(f"| {what} | {ours[0]:.3f} s | {label} | {other[0]:.3f} s | {shown} | {target} | {'yes' if met else 'no'} |")
        print(f"{what:<28} {ours[0]:>10.3f} s {other[0]:>8.3f} s {shown:>7}  {target}  {'met' if met else 'MISSED'}")
    lines.append("")
    lines += [f"- {n}" for n in notes]
    lines.append("")
    fragment = f"bench/results-{a.size}.md"
    with open(fragment, "w") as f:
        f.write("\n".join(lines) + "\n")
    compose(a.out)
    print(f"\nWrote {fragment} and {a.out}")


def compose(path):
    head = open("bench/RESULTS.head.md").read() if os.path.exists("bench/RESULTS.head.md") else "# Benchmark results\n\n"
    parts = [head]
    for size in ("tiny", "S", "L"):
        fragment = f"bench/results-{size}.md"
        if os.path.exists(fragment) and size != "tiny":
            parts.append(open(fragment).read())
    tail = "bench/RESULTS.tail.md"
    if os.path.exists(tail):
        parts.append(open(tail).read())
    with open(path, "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
