/*
 * xlsx_c: run one SQL query through the sqlite3 C API and write every row to
 * one XLSX worksheet with libxlsxwriter.  The upper bound for a libxlsxwriter-
 * based exporter (no query plumbing, no abstraction, typed cells).
 *
 * One of rightsbrief's benchmark anchors; origin and terms: README.md beside it.
 *
 *   cc -O2 -o xlsx_c xlsx_c.c $(pkg-config --cflags --libs xlsxwriter sqlite3)
 *   ./xlsx_c [--no-constant-memory] DB OUT.xlsx QUERY.sql
 *
 * Cell typing follows the result column (what a generic exporter would do):
 *   NULL                     -> no cell (blank)
 *   INTEGER / REAL value     -> number
 *   TEXT in a column whose declared type is DATE ("YYYY-MM-DD") -> Excel date,
 *                               number format yyyy-mm-dd
 *   other TEXT               -> string
 * Header row bold, top row frozen.  constant_memory on by default (rows are
 * streamed to a temp file; strings are then written as inline strings).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(2); }
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* "YYYY-MM-DD" -> lxw_datetime; returns 0 if the text is not such a date. */
static int parse_date(const unsigned char *s, int len, lxw_datetime *dt)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    dt->year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    dt->month = (s[5] - '0') * 10 + (s[6] - '0');
    dt->day = (s[8] - '0') * 10 + (s[9] - '0');
    dt->hour = dt->min = 0;
    dt->sec = 0.0;
    return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 && dt->day <= 31;
}

int main(int argc, char **argv)
{
    int constant_memory = 1, a = 1;
    if (argc > 1 && strcmp(argv[1], "--no-constant-memory") == 0) { constant_memory = 0; a++; }
    if (argc - a != 3) {
        fprintf(stderr, "usage: %s [--no-constant-memory] DB OUT.xlsx QUERY.sql\n", argv[0]);
        return 2;
    }
    const char *dbpath = argv[a], *out = argv[a + 1];
    char *sql = read_file(argv[a + 2]);

    sqlite3 *db;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "open %s: %s\n", dbpath, sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    int ncol = sqlite3_column_count(st);

    lxw_workbook_options opt = {.constant_memory = (uint8_t)constant_memory, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(out, &opt);
    if (!wb) { fprintf(stderr, "workbook_new_opt(%s) failed\n", out); return 1; }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "facts");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *datef = workbook_add_format(wb);
    format_set_num_format(datef, "yyyy-mm-dd");

    char *is_date = calloc((size_t)ncol, 1);
    for (int c = 0; c < ncol; c++) {
        const char *decl = sqlite3_column_decltype(st, c);
        is_date[c] = decl && (strcasecmp(decl, "DATE") == 0 || strcasecmp(decl, "DATETIME") == 0);
        /* column widths are metadata: allowed before any row in constant_memory mode */
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, is_date[c] ? 11 : 18, is_date[c] ? datef : NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, sqlite3_column_name(st, c), bold);
    }
    worksheet_freeze_panes(ws, 1, 0);

    lxw_row_t row = 0;
    long errors = 0, rc;
    lxw_datetime dt;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row++;
        for (int c = 0; c < ncol; c++) {
            lxw_error e = LXW_NO_ERROR;
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
            case SQLITE_FLOAT:
                e = worksheet_write_number(ws, row, (lxw_col_t)c, sqlite3_column_double(st, c), NULL);
                break;
            default: {
                const unsigned char *t = sqlite3_column_text(st, c);
                int len = sqlite3_column_bytes(st, c);
                if (is_date[c] && parse_date(t, len, &dt))
                    e = worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, datef);
                else
                    e = worksheet_write_string(ws, row, (lxw_col_t)c, (const char *)t, NULL);
            }
            }
            if (e != LXW_NO_ERROR && errors++ < 5)
                fprintf(stderr, "row %u col %d: %s\n", (unsigned)row, c, lxw_strerror(e));
        }
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "step: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "workbook_close: %s\n", lxw_strerror(e));
        return 1;
    }
    fprintf(stderr, "%s: %u data rows, %d columns, %ld cell errors, constant_memory=%d\n",
            out, (unsigned)row, ncol, errors, constant_memory);
    free(is_date);
    free(sql);
    return errors ? 1 : 0;
}
