#!/usr/bin/env python3
"""Times rightsbrief and its anchors side by side, interleaved (A B A B …), and reports medians,
ratios and peak memory. Called by bench/run, which prepares the binaries and the dataset."""
import argparse
import datetime as dt
import filecmp
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

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


# ---------------------------------------------------------------------------------------------
# PostgreSQL rows (issue 16): rightsbrief with `--db postgres://…` against psql's \copy.

PG_TABLES = ["facility", "facilityIdentifier", "facilityMerge", "source", "sourceCitation", "fact",
             "factSource", "factRetraction", "event", "eventFacility", "eventSource"]
CONDITION_FORMULA_START = ("=", "+", "-", "@")


class Postgres:
    """The throwaway cluster bench/run started (scripts/pg-test-cluster): a superuser URL."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query)
        self.url = url
        self.user = parts.username or "postgres"
        self.port = str(parts.port or 5432)
        self.host = query.get("host", [parts.hostname or "localhost"])[0]

    def db_url(self, name):
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))

    def psql(self, name, *args):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host, "-p", self.port,
                "-U", self.user, "-d", name, *args]

    def run_sql(self, name, sql):
        return subprocess.run(self.psql(name, "-At", "-c", sql), capture_output=True, text=True, check=True).stdout

    def recreate(self, name, template=None):
        self.run_sql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.run_sql("postgres", f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


def pg_load(pg, rb, name, sqlite_db, tables, out):
    """A fresh database `name`, `server init`ed, holding `tables` of the SQLite file with
    their ids, copied by sqlite3 -csv and \\copy (NULL stays NULL, '' stays '')."""
    pg.recreate(name)
    subprocess.run([rb, "server", "init", "--db", pg.db_url(name)], check=True, capture_output=True)
    pg_columns = {}
    for line in pg.run_sql(name, "SELECT table_name, column_name FROM information_schema.columns "
                                 "WHERE table_schema = 'public'").splitlines():
        table, column = line.split("|")
        pg_columns.setdefault(table, set()).add(column)
    con = sqlite3.connect(sqlite_db)
    script = [r"\set ON_ERROR_STOP on", "BEGIN;"]
    for table in tables:
        columns = [row[1] for row in con.execute(f"PRAGMA table_info({table})")
                   if row[1].lower() in pg_columns.get(table.lower(), set())]
        path = os.path.abspath(f"{out}/pg-load-{name}-{table}.csv")
        # Facts by id: a correction's trigger needs the fact it supersedes stored first.
        order = " ORDER BY id" if table == "fact" else ""
        with open(path, "wb") as f:
            subprocess.run(["sqlite3", "-csv", sqlite_db, f"SELECT {', '.join(columns)} FROM {table}{order}"],
                           stdout=f, check=True)
        script.append(f"\\copy {table}({', '.join(columns)}) FROM '{path}' WITH (FORMAT csv)")
    con.close()
    if "fact" in tables:
        script.append("SELECT setval(pg_get_serial_sequence('fact', 'id'), (SELECT max(id) FROM fact));")
    script += ["COMMIT;", "VACUUM ANALYZE;"]
    path = f"{out}/pg-load-{name}.psql"
    with open(path, "w") as f:
        f.write("\n".join(script) + "\n")
    subprocess.run(pg.psql(name, "-f", path), check=True, capture_output=True)
    for table in tables:
        os.remove(f"{out}/pg-load-{name}-{table}.csv")


def one_line_copy(anchors, as_of, target):
    """The anchor query flattened onto one line for psql's \\copy, writing `target`."""
    with open(f"{anchors}/export_facts_pg.sql") as f:
        text = f.read()
    body = " ".join(line.split("--")[0].strip() if not line.lstrip().startswith("--") else ""
                    for line in text.splitlines())
    body = " ".join(body.split()).rstrip(";")
    if f"'{as_of}'" not in body:
        sys.exit(f"harness: {anchors}/export_facts_pg.sql does not filter on as-of {as_of}")
    return f"\\copy ({body}) TO '{os.path.abspath(target)}' WITH (FORMAT csv, HEADER true)\n"


def compare_csv(ours, theirs):
    """Compares rightsbrief's facts CSV with the \\copy anchor's: (rows each, differing cells by
    column, cells equal only after undoing rightsbrief's formula guard or as numbers)."""
    # Row by row: the harness's own memory is inherited by the peak RSS that wait4 reports for
    # every later child (Linux carries the high-water mark across fork and exec), so nothing
    # big is held here.
    import csv
    import itertools
    differing, guarded, numeric = {}, 0, 0
    with open(ours, newline="", encoding="utf-8") as fa, open(theirs, newline="", encoding="utf-8") as fb:
        a, b = csv.reader(fa), csv.reader(fb)
        header, header_b = next(a, []), next(b, [])
        if header != header_b:
            differing["(header)"] = 1
        n_a = n_b = 0
        for row_a, row_b in itertools.zip_longest(a, b):
            n_a += row_a is not None
            n_b += row_b is not None
            if row_a is None or row_b is None:
                differing["(missing row)"] = differing.get("(missing row)", 0) + 1
                continue
            g, n = compare_row(row_a, row_b, header, differing)
            guarded += g
            numeric += n
    return n_a, n_b, differing, guarded, numeric


def compare_row(row_a, row_b, header, differing):
    """Counts one row's differing cells by column into `differing`; returns the cells equal only
    once rightsbrief's formula guard is undone, and those equal only as numbers."""
    guarded = numeric = 0
    for i, (x, y) in enumerate(zip(row_a, row_b)):
        if x == y:
            continue
        if x.startswith("'") and x[1:] == y and y.startswith(CONDITION_FORMULA_START):
            guarded += 1
            continue
        try:
            if float(x) == float(y):
                numeric += 1
                continue
        except ValueError:
            pass
        name = header[i] if i < len(header) else str(i)
        differing[name] = differing.get(name, 0) + 1
    if len(row_a) != len(row_b):
        differing["(column count)"] = differing.get("(column count)", 0) + 1
    return guarded, numeric


def same_zip_member(first, second, member):
    """Whether `member` is byte-identical in two zip files, compared in chunks."""
    import zipfile
    with zipfile.ZipFile(first) as za, zipfile.ZipFile(second) as zb:
        with za.open(member) as fa, zb.open(member) as fb:
            while True:
                x, y = fa.read(1 << 20), fb.read(1 << 20)
                if x != y:
                    return False
                if not x:
                    return True


def postgres_rows(a, rb, db, out, reps):
    """Runs the PostgreSQL rows; returns (table lines, notes)."""
    pg = Postgres(a.postgres)
    if os.path.exists(f"{out}/pg-import-file-base.sqlite"):
        os.remove(f"{out}/pg-import-file-base.sqlite")
    started = time.perf_counter()
    # The whole S dataset on the server (every evidence table, ids kept), for the exports.
    pg_load(pg, rb, "bench_full", db, PG_TABLES, out)
    # Facilities, sources and citations only: what the import row's facts CSV rests on (the
    # same base as the SQLite import row), as a template for a fresh database per run.
    pg_load(pg, rb, "bench_base", db, ["facility", "source", "sourceCitation"], out)
    load_seconds = time.perf_counter() - started
    full, base = pg.db_url("bench_full"), pg.db_url("bench_base")
    con = sqlite3.connect(db)
    n_facilities, n_sources = con.execute("SELECT (SELECT count(*) FROM facility), (SELECT count(*) FROM source)").fetchone()
    con.close()
    lines, notes = [], []

    def row(what, ours, label, other, extra=""):
        ratio = ours[0] / other[0] if other[0] > 0 else float("inf")
        lines.append(f"| {what} | {ours[0]:.3f} s, peak {ours[1]:.0f} MiB | {label} | {other[0]:.3f} s, peak "
                     f"{other[1]:.0f} MiB | {ratio:.1f} | {extra} |")
        print(f"{what:<40} {ours[0]:>9.3f} s {other[0]:>9.3f} s {ratio:>6.1f}  {label}")

    # --- CSV export of facts: the same query, the same rows, on the server.
    pg_csv, anchor_csv, file_csv = f"{out}/pg-facts.csv", f"{out}/pg-facts-psql.csv", f"{out}/pg-file-facts.csv"
    copy_script = f"{out}/pg-facts-copy.psql"
    with open(copy_script, "w") as f:
        f.write(one_line_copy(a.anchors, AS_OF, anchor_csv))
    # What the working copy costs, in parts: the server reading every table it copies (psql
    # \copy to /dev/null), and SQLite storing the same rows into a fresh rightsbrief file
    # (sqlite3, INSERT … SELECT from the dataset: constraints, indexes, triggers, full-text index).
    read_script = f"{out}/pg-read-all.psql"
    with open(read_script, "w") as f:
        f.write("".join(f"\\copy (SELECT * FROM {t}) TO '/dev/null'\n" for t in PG_TABLES))
    build_target, build_empty = f"{out}/pg-copy-build.sqlite", f"{out}/pg-copy-empty.sqlite"
    for path in (build_empty, build_empty + "-wal", build_empty + "-shm"):
        if os.path.exists(path):
            os.remove(path)
    subprocess.run([rb, "init", "--db", build_empty], check=True, capture_output=True)
    src = sqlite3.connect(db)
    build_sql = [f"ATTACH DATABASE '{os.path.abspath(db)}' AS src;", "BEGIN;"]
    for t in PG_TABLES:
        columns = ", ".join(row[1] for row in src.execute(f"PRAGMA table_info({t})"))
        build_sql.append(f"INSERT INTO main.{t} ({columns}) SELECT {columns} FROM src.{t}"
                         + (" ORDER BY id;" if t == "fact" else ";"))
    src.close()
    build_sql.append("COMMIT;")
    build_script = f"{out}/pg-copy-build.sql"
    with open(build_script, "w") as f:
        f.write("\n".join(build_sql) + "\n")

    def fresh_build():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(build_target + suffix):
                os.remove(build_target + suffix)
        shutil.copyfile(build_empty, build_target)

    if "csv" not in a.skip_postgres:
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "export", "csv", "--db", full, "--table", "facts", "--as-of", AS_OF,
                                      "--output", pg_csv])),
            ("psql", dict(cmd=pg.psql("bench_full", "-f", copy_script))),
            ("file", dict(cmd=[rb, "export", "csv", "--db", db, "--table", "facts", "--as-of", AS_OF,
                               "--output", file_csv])),
            ("copy-only", dict(cmd=[rb, "facility", "list", "--db", full], stdout=f"{out}/pg-facilities.txt")),
            ("file-list", dict(cmd=[rb, "facility", "list", "--db", db], stdout=f"{out}/file-facilities.txt")),
            ("server-read", dict(cmd=pg.psql("bench_full", "-f", read_script))),
            ("sqlite-build", dict(cmd=["sqlite3", "-bail", build_target], stdin=build_script, setup=fresh_build)),
        ], reps)
        row("CSV export of facts", r["rightsbrief"], "psql `\\copy (query) TO` CSV", r["psql"],
            f"same export on the SQLite file: {r['file'][0]:.3f} s, peak {r['file'][1]:.0f} MiB; "
            f"`facility list` on the server (≈ the working copy alone): {r['copy-only'][0]:.3f} s, peak "
            f"{r['copy-only'][1]:.0f} MiB (on the file {r['file-list'][0]:.3f} s)")
        n_ours, n_theirs, differing, guarded, numeric = compare_csv(pg_csv, anchor_csv)
        same_file = filecmp.cmp(pg_csv, file_csv, shallow=False)
        notes.append(
            f"CSV check: rightsbrief on the server wrote {n_ours:,} facts, the `\\copy` anchor {n_theirs:,}; cells that "
            f"differ: {sum(differing.values()) if differing else 0}"
            + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(differing.items()))})" if differing else "")
            + f"; equal once rightsbrief's formula guard (a leading `'`) is undone: {guarded:,}; equal as numbers only "
            f"(number rendering): {numeric:,}. rightsbrief's CSV from the server is "
            + ("byte-identical to" if same_file else "NOT byte-identical to") + " its CSV from the SQLite file.")
        copy_share = r["copy-only"][0] / r["rightsbrief"][0] if r["rightsbrief"][0] > 0 else 0
        notes.append(f"Where the CSV export's time goes: `facility list --db postgres://…` (connect, copy every "
                     f"visible row into a SQLite working copy, list {n_facilities:,} facilities) takes {r['copy-only'][0]:.2f} s "
                     f"= {100 * copy_share:.0f} % of the export's {r['rightsbrief'][0]:.2f} s; the export itself on "
                     f"a file takes {r['file'][0]:.2f} s. Parts of the copy, measured beside it: psql reading every table it "
                     f"copies from the server (`\\copy (SELECT * FROM t) TO '/dev/null'`) {r['server-read'][0]:.2f} s; "
                     f"sqlite3 storing the same rows into a fresh rightsbrief file (INSERT … SELECT: constraints, "
                     f"indexes, triggers, full-text index) {r['sqlite-build'][0]:.2f} s; `facility list` on the file "
                     f"{r['file-list'][0]:.2f} s.")

    # --- XLSX export of facts, against the same \copy (the issue's anchor) and the file.
    if "xlsx" not in a.skip_postgres:
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "export", "xlsx", "--db", full, "--table", "facts", "--as-of", AS_OF,
                                      "--output", f"{out}/pg-facts.xlsx"])),
            ("psql", dict(cmd=pg.psql("bench_full", "-f", copy_script))),
            ("file", dict(cmd=[rb, "export", "xlsx", "--db", db, "--table", "facts", "--as-of", AS_OF,
                               "--output", f"{out}/pg-file-facts.xlsx"])),
        ], reps)
        same_sheet = same_zip_member(f"{out}/pg-facts.xlsx", f"{out}/pg-file-facts.xlsx", "xl/worksheets/sheet1.xml")
        notes.append("XLSX check: the Facts sheet rightsbrief wrote from the server is "
                     + ("byte-identical to" if same_sheet else "NOT the same as")
                     + " the one it wrote from the SQLite file (only the About sheet's and the document's time stamps "
                     "differ).")
        row("XLSX export of facts", r["rightsbrief"], "psql `\\copy (query) TO` CSV", r["psql"],
            f"same export on the SQLite file: {r['file'][0]:.3f} s, peak {r['file'][1]:.0f} MiB "
            f"(server ÷ file {r['rightsbrief'][0] / r['file'][0]:.2f})")

    # --- Import of the facts CSV into a freshly initialised server holding the base.
    if "import" not in a.skip_postgres:
        facts_csv = os.path.abspath(f"{out}/pg-import-facts.csv")
        subprocess.run([rb, "export", "csv", "--db", db, "--table", "facts", "--as-of", AS_OF, "--output", facts_csv],
                       check=True, capture_output=True)
        with open(facts_csv, encoding="utf-8") as f:
            header = f.readline().strip().split(",")
        staged_script = f"{out}/pg-import-staged.psql"
        with open(staged_script, "w") as f:
            f.write("\\set ON_ERROR_STOP on\nBEGIN;\n"
                    f"CREATE TEMP TABLE staging ({', '.join(c + ' text' for c in header)}) ON COMMIT DROP;\n"
                    f"\\copy staging FROM '{facts_csv}' WITH (FORMAT csv, HEADER true)\n"
                    f"\\i {os.path.abspath(a.anchors)}/import_staged_pg.sql\n")
        plain_script = f"{out}/pg-import-plain.psql"
        with open(plain_script, "w") as f:
            f.write(f"CREATE TABLE facts ({', '.join(c + ' text' for c in header)});\n"
                    f"\\copy facts FROM '{facts_csv}' WITH (FORMAT csv, HEADER true)\n")
        r = interleave([
            ("rightsbrief", dict(cmd=[rb, "import", "--db", pg.db_url("bench_imp_rb"), facts_csv],
                                 setup=lambda: pg.recreate("bench_imp_rb", "bench_base"))),
            ("staged", dict(cmd=pg.psql("bench_imp_staged", "-f", staged_script),
                            setup=lambda: pg.recreate("bench_imp_staged", "bench_base"))),
            ("plain", dict(cmd=pg.psql("bench_imp_plain", "-f", plain_script),
                           setup=lambda: pg.recreate("bench_imp_plain"))),
            ("file", dict(cmd=[rb, "import", "--db", f"{out}/pg-import-file.sqlite", facts_csv],
                          setup=lambda: fresh_file_base(rb, db, out))),
            ("base-list", dict(cmd=[rb, "facility", "list", "--db", base], stdout=f"{out}/pg-base-facilities.txt")),
        ], reps)
        counts = [pg.run_sql(name, "SELECT (SELECT count(*) FROM fact), (SELECT count(*) FROM factSource), "
                                   "(SELECT count(*) FROM factRetraction)").strip()
                  for name in ("bench_imp_rb", "bench_imp_staged")]
        if counts[0] != counts[1]:
            sys.exit(f"harness: rightsbrief import on the server stored {counts[0]}, the staged \\copy anchor "
                     f"{counts[1]} (facts|links|retractions)")
        row("import of the facts CSV", r["rightsbrief"],
            "psql `\\copy` into a staging table, then INSERT … SELECT into the same schema", r["staged"],
            f"same import into a SQLite file: {r['file'][0]:.3f} s, peak {r['file'][1]:.0f} MiB")
        row("import of the facts CSV", r["rightsbrief"], "psql `\\copy` into a plain table (no schema)", r["plain"])
        n_facts, n_links, n_retractions = (int(x) for x in counts[0].split("|"))
        notes.append(f"Import check: both stored {n_facts:,} facts, {n_links:,} source links and {n_retractions:,} "
                     f"retractions. Each run starts from a fresh database (`CREATE DATABASE … TEMPLATE` of one "
                     f"that was `server init`ed and holds the {n_facilities:,} facilities, {n_sources:,} sources and "
                     f"their citations), made before the clock starts. `facility list` on that base (≈ the working "
                     f"copy an import makes before it reads the file): {r['base-list'][0]:.2f} s, peak "
                     f"{r['base-list'][1]:.0f} MiB.")
    notes.append(f"Loading {a.size} onto the server for these rows (two databases, `server init` + `\\copy` of the "
                 f"tables with their ids): {load_seconds:.1f} s, not timed in any row.")
    notes.append("Peak memory is the client's (rightsbrief's or psql's) from `wait4`; the server's own processes are "
                 "not counted. The server is a throwaway cluster on a Unix socket with fsync off.")
    return lines, notes


def make_import_base(rb, db, base):
    """A new rightsbrief file at `base` holding `db`'s facilities, sources and citations: what
    the import rows start from."""
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


def fresh_file_base(rb, db, out):
    """The SQLite file import of the same CSV into the same base (facilities, sources, citations)."""
    target = f"{out}/pg-import-file.sqlite"
    base = f"{out}/pg-import-file-base.sqlite"
    if not os.path.exists(base):
        make_import_base(rb, db, base)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    shutil.copyfile(base, target)
    os.chmod(target, 0o600)


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
    p.add_argument("--skip", action="append", default=[],
                   help="csv, xlsx, import, brief, country; postgres (all PostgreSQL rows), pg-csv, pg-xlsx, pg-import")
    p.add_argument("--postgres", default=None, help="a superuser URL of a throwaway cluster (bench/run starts one)")
    p.add_argument("--postgres-skipped", default=None, help="why the PostgreSQL rows are not run (bench/run)")
    a = p.parse_args()
    a.skip_postgres = {k[3:] for k in a.skip if k.startswith("pg-")}
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
        make_import_base(rb, db, base)

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

    pg_lines, pg_notes = [], []
    if a.postgres and "postgres" not in a.skip:
        pg_lines, pg_notes = postgres_rows(a, rb, db, out, reps)
    elif "postgres" in a.skip:
        print("\nPostgreSQL rows: skipped (--skip postgres).", file=sys.stderr)
    else:
        reason = a.postgres_skipped or "no PostgreSQL cluster given (--postgres URL)"
        print(f"\nPostgreSQL rows: SKIPPED — {reason}. bench/{'results-' + a.size + '-postgres.md'} is left as it was.",
              file=sys.stderr)
        notes.append(f"The PostgreSQL rows were skipped in this run ({reason}); "
                     f"see the PostgreSQL section for the last run that had them.")

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
    written = []
    fragment = f"bench/results-{a.size}.md"
    if rows:
        with open(fragment, "w") as f:
            f.write("\n".join(lines) + "\n")
        written.append(fragment)
    if pg_lines:
        pg_version = version(["psql", "--version"]).replace("psql (PostgreSQL) ", "PostgreSQL ")
        pg_fragment = f"bench/results-{a.size}-postgres.md"
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        with open(pg_fragment, "w") as f:
            f.write("\n".join([
                f"## Size {a.size} on PostgreSQL ({facts_total:,} facts)", "",
                f"Measured {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on "
                f"{platform.node() or 'this machine'}: {machine}; {versions}; {pg_version} (a throwaway cluster from "
                f"scripts/pg-test-cluster: Unix socket, fsync off). {reps} interleaved runs per group, medians; load "
                f"average at the end {load} (1/5/15 min). rightsbrief runs with `--db postgres://…` as the superuser "
                f"(who owns the schema and sees every row; the exports' default audience is public).", "",
                "| what | rightsbrief on the server | compared with | other | ratio | beside it |",
                "|---|---|---|---|---|---|", *pg_lines, "", *[f"- {n}" for n in pg_notes], ""]) + "\n")
        written.append(pg_fragment)
    compose(a.out)
    print(f"\nWrote {', '.join(written + [a.out])}")


def compose(path):
    head = open("bench/RESULTS.head.md").read() if os.path.exists("bench/RESULTS.head.md") else "# Benchmark results\n\n"
    parts = [head]
    for size in ("tiny", "S", "L"):
        fragment = f"bench/results-{size}.md"
        if os.path.exists(fragment) and size != "tiny":
            parts.append(open(fragment).read())
        pg_fragment = f"bench/results-{size}-postgres.md"
        if os.path.exists(pg_fragment) and size != "tiny":
            parts.append(open(pg_fragment).read())
    tail = "bench/RESULTS.tail.md"
    if os.path.exists(tail):
        parts.append(open(tail).read())
    with open(path, "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
