#!/usr/bin/env python3
"""Python export/import baselines: what a typical script or analyst would write.

    export_py.py csv        DB OUT.csv  QUERY.sql   # csv module, QUOTE_MINIMAL
    export_py.py xlsxwriter DB OUT.xlsx QUERY.sql   # XlsxWriter, constant_memory, typed cells
    export_py.py xlsxwriter-mem DB OUT.xlsx QUERY.sql   # same, constant_memory off
    export_py.py openpyxl   DB OUT.xlsx QUERY.sql   # openpyxl write_only
    export_py.py pandas     DB OUT.xlsx QUERY.sql   # pandas read_sql_query + to_excel (default engine)
    export_py.py md         DB OUT.md   QUERY.sql   # streaming GitHub-flavoured Markdown table
    export_py.py import     CSV NEW.db  TABLE       # csv.reader + executemany, one transaction

XLSX typing, as in xlsx_c.c: NULL -> blank, int/float -> number, columns declared
DATE -> Excel date (yyyy-mm-dd), other text -> string; header bold, top row frozen.
Only the module for the chosen mode is imported.

One of rightsbrief's benchmark anchors; origin and terms: README.md beside it.
"""
import datetime as dt
import sqlite3
import sys


def connect(db, decltypes=False):
    if decltypes:
        # the idiomatic way to get typed dates out of sqlite3: a DATE converter
        sqlite3.register_converter("DATE", lambda b: dt.date.fromisoformat(b.decode()))
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True, detect_types=sqlite3.PARSE_DECLTYPES)
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def rows_of(db, sql, decltypes=False):
    con = connect(db, decltypes)
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur


def do_csv(db, out, sql):
    import csv
    names, cur = rows_of(db, sql)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(names)
        w.writerows(cur)


def do_xlsxwriter(db, out, sql, constant_memory=True):
    import xlsxwriter
    names, cur = rows_of(db, sql, decltypes=True)
    wb = xlsxwriter.Workbook(out, {"constant_memory": constant_memory})
    ws = wb.add_worksheet("facts")
    bold = wb.add_format({"bold": True})
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(0, len(names) - 1, 18)
    for c, n in enumerate(names):
        ws.write_string(0, c, n, bold)
    ws.freeze_panes(1, 0)
    write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
    date = dt.date
    for r, row in enumerate(cur, 1):
        for c, v in enumerate(row):
            if v is None:
                continue
            t = type(v)
            if t is str:
                write_string(r, c, v)
            elif t is float or t is int:
                write_number(r, c, v)
            elif t is date:
                write_datetime(r, c, v, datef)
            else:
                write_string(r, c, str(v))
    wb.close()


def do_openpyxl(db, out, sql):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    names, cur = rows_of(db, sql, decltypes=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("facts")
    ws.freeze_panes = "A2"
    for c in range(len(names)):
        ws.column_dimensions[get_column_letter(c + 1)].width = 18
    bold = Font(bold=True)
    hdr = []
    for n in names:
        cell = WriteOnlyCell(ws, value=n)
        cell.font = bold
        hdr.append(cell)
    ws.append(hdr)
    for row in cur:  # date objects get a yyyy-mm-dd number format automatically
        ws.append(row)
    wb.save(out)


def do_pandas(db, out, sql):
    import pandas as pd
    con = connect(db)
    df = pd.read_sql_query(sql, con)
    df["observed_on"] = pd.to_datetime(df["observed_on"], format="%Y-%m-%d")
    with pd.ExcelWriter(out, datetime_format="yyyy-mm-dd", date_format="yyyy-mm-dd") as xw:
        df.to_excel(xw, sheet_name="facts", index=False, freeze_panes=(1, 0))
    print(f"pandas {pd.__version__}, engine {xw.engine}", file=sys.stderr)


def md_cell(v):
    if v is None:
        return ""
    s = v if type(v) is str else str(v)
    if "|" in s or "\n" in s or "\r" in s or "\\" in s:
        s = (s.replace("\\", "\\\\").replace("|", "\\|")
              .replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>"))
    return s


def do_md(db, out, sql):
    names, cur = rows_of(db, sql)
    with open(out, "w", encoding="utf-8") as f:
        f.write("| " + " | ".join(names) + " |\n")
        f.write("|" + "---|" * len(names) + "\n")
        w = f.write
        for row in cur:
            w("| " + " | ".join([md_cell(v) for v in row]) + " |\n")


def do_import(csv_path, db, table):
    import csv
    import os
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    with open(csv_path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        names = next(rd)
        cols = ", ".join('"%s" TEXT' % n.replace('"', '""') for n in names)
        con.execute(f'CREATE TABLE "{table}" ({cols})')
        con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(names))})', rd)
    con.commit()
    con.close()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    mode, a, b, c = sys.argv[1:]
    if mode == "import":
        return do_import(a, b, c)
    sql = open(c, encoding="utf-8").read()
    fn = {"csv": do_csv, "xlsxwriter": do_xlsxwriter, "openpyxl": do_openpyxl,
          "pandas": do_pandas, "md": do_md,
          "xlsxwriter-mem": lambda d, o, s: do_xlsxwriter(d, o, s, constant_memory=False)}.get(mode)
    if fn is None:
        sys.exit(f"unknown mode {mode!r}\n{__doc__}")
    fn(a, b, sql)


if __name__ == "__main__":
    main()
