#!/usr/bin/env python3
"""Compare a cron "next fire times" command with croniter, the Python reference.

Usage:
    python3 croniter_compare.py [--expressions N] [--seed S] [--verbose] -- CMD [ARG...]

CMD is run as `CMD ARG... "EXPR" --after TIMESTAMP --count 5` and must print the next five fire
times as ISO 8601 UTC lines (2025-02-03T08:00:00Z), which is what both
`rightsbrief schedule next` and the scratch `cronnext` tool do. The script generates a
deterministic pseudo-random mix of expressions (lists, ranges, steps, names in any case,
day-of-month/day-of-week combinations, month ends, February 29, shortcuts), asks croniter for
the same five times after each of a few start timestamps, and compares. It also checks that
CMD refuses expressions that cron (cronie / Vixie) refuses but croniter would accept.

The last line is `N passed, N failed`; the exit status is 1 if anything failed, 2 if croniter
is missing or CMD cannot be run.

croniter is put into Vixie mode with `implement_cron_bug=True` (and the default `day_or=True`):
when both day-of-month and day-of-week are restricted a day matching either fires, and when
either field's text starts with `*` (even `*/2`) a day must match both, as in cron's
DOM_STAR/DOW_STAR flags.

Knowingly excluded from the generated expressions, because croniter and cron disagree there
(rightsbrief follows cron; the ones cron refuses are checked in REFUSED instead):
  * a step after a single value (`5/10`): croniter reads 5-59/10, cron refuses it;
  * reversed ranges (`5-1`): croniter wraps around, cronie selects nothing, we refuse;
    the day-of-week form ending in Sunday-as-0 (`FRI-SUN`, `5-0`) is generated, as both agree;
  * steps wider than the field (`*/60`): croniter accepts, cron warns, we refuse;
  * `*` inside a list after another item (`5,*`): croniter treats the field as `*`, cron does not;
  * croniter extensions (`L`, `W`, `#`, `?`, `H`, seconds/year fields, full day names,
    uppercase shortcuts, `@reboot` with a time) and cronie's random `~`;
  * time zones other than UTC (croniter and rightsbrief differ on purpose across DST).
"""

import argparse
import datetime as dt
import random
import re
import subprocess
import sys

try:
    from croniter import croniter, CroniterBadDateError
except ImportError:  # pragma: no cover - reported to the user
    print("croniter is not installed; run 'python3 -m pip install croniter'.", file=sys.stderr)
    sys.exit(2)

COUNT = 5
STARTS = [
    "2024-02-28T23:59:30Z",  # seconds, leap day next, month end
    "2025-01-01T00:00:00Z",  # exactly on many fire times: they must be skipped
    "2025-06-30T23:59:59Z",  # half-year boundary, 30-day month end
    "2027-12-31T23:30:00Z",  # year end
]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
SHORTCUTS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

# Expressions cron refuses (crontab -e says "bad minute" etc.) that croniter accepts or that
# are plain errors; the command must exit non-zero and print no fire times.
REFUSED = [
    "5/10 * * * *", "0 0 1/2 * *", "0 0 * * MON/2",           # step after a single value
    "0 0 5-1 * *", "30-10 * * * *", "0 0 * DEC-JAN *",       # reversed ranges
    "*/60 * * * *", "0 */24 * * *", "0 0 */0 * *",           # bad steps
    "0 0 * * MONDAY", "0 0 * JANUARY *", "0 0 * FOO *",      # names
    "0 0 L * *", "0 0 15W * *", "0 0 * * 5#3", "0 0 ? * *",  # Quartz / croniter extensions
    "H * * * *", "0 0 0 * * *", "0 0 * * * 2025",            # hash, six fields
    "@DAILY", "@reboot", "@fortnightly", "", "0 0 * *",      # shortcuts, field count
    "60 * * * *", "0 24 * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8", "0 0 0 * *",
    "1,,2 * * * *", "1- * * * *", "*/ * * * *",
]

TIMESTAMP = re.compile(r"\b(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")


def pick_value(rng, low, high, names=None):
    value = rng.randint(low, high)
    if names and rng.random() < 0.4 and value - low < len(names):
        name = names[value - low]
        return rng.choice([name, name.lower(), name.capitalize()])
    return str(value)


def gen_item(rng, low, high, names=None, weights=(3, 3, 2, 2)):
    kind = rng.choices(["value", "range", "rangestep", "starstep"], weights=weights)[0]
    width = high - low
    if kind == "value":
        return pick_value(rng, low, high, names)
    a = rng.randint(low, high - 1)
    b = rng.randint(a + 1, high)
    if kind == "range":
        if names:
            return pick_value(rng, a, a, [names[a - low]]) + "-" + pick_value(
                rng, b, b, [names[b - low]] if b - low < len(names) else None)
        return f"{a}-{b}"
    step = rng.randint(1, max(1, min(width, rng.choice([2, 3, 5, 7, 10, width]))))
    if kind == "rangestep":
        return f"{a}-{b}/{step}"
    return f"*/{step}"


def gen_field(rng, low, high, names=None, star=0.3, list_chance=0.3):
    if rng.random() < star:
        return "*"
    if rng.random() < list_chance:
        return ",".join(gen_item(rng, low, high, names) for _ in range(rng.randint(2, 4)))
    return gen_item(rng, low, high, names)


def gen_dom(rng):
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(["29", "30", "31", "28-31", "30,31", "1,15,31", "29-31/2"])
    if roll < 0.2:
        return rng.choice(["*/2", "*/7", "*/10", "*/15"])
    return gen_field(rng, 1, 31, star=0.4)


def gen_month(rng):
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(["2", "FEB", "feb", "2,4,6,9,11", "APR-JUN", "*/3", "jan-dec/2"])
    return gen_field(rng, 1, 12, MONTHS, star=0.5)


def gen_dow(rng):
    roll = rng.random()
    if roll < 0.15:
        return rng.choice(["MON-FRI", "mon-fri", "SAT,SUN", "FRI-SUN", "5-0", "0", "7",
                           "1-7/2", "*/2", "*/3", "0-7/3", "sat-sun", "5-7"])
    return gen_field(rng, 0, 6, DAYS, star=0.5)


def gen_expression(rng):
    if rng.random() < 0.06:
        return rng.choice(SHORTCUTS)
    minute = gen_field(rng, 0, 59, star=0.15)
    hour = gen_field(rng, 0, 23, star=0.3)
    return " ".join([minute, hour, gen_dom(rng), gen_month(rng), gen_dow(rng)])


def fixed_expressions():
    return [
        "0 0 13 * FRI", "0 0 31 * *", "0 0 29 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *",
        "0 0 29 2 MON", "0 0 29 2 */3", "0 0 */2 * MON", "0 0 1-31/2 * MON", "0 0 1 * *,MON",
        "*/15 * * * *", "1-30/7 * * * *", "0 8 * * MON-FRI", "59 23 31 12 *", "0 12 * * 7",
        "30 2 29 2 *", "0 0 28-31 * *", "0 */6 * * SUN", "0 0 1,15 * 1", "0 0 * * *",
    ] + SHORTCUTS


def croniter_next(expr, start):
    it = croniter(expr, start, implement_cron_bug=True, day_or=True)
    result = []
    try:
        for _ in range(COUNT):
            result.append(it.get_next(dt.datetime).strftime("%Y-%m-%dT%H:%M:%SZ"))
    except CroniterBadDateError:
        pass  # fewer than COUNT fire times within croniter's 50-year horizon
    return result


def run(cmd, expr, start):
    proc = subprocess.run(cmd + [expr, "--after", start, "--count", str(COUNT)],
                          capture_output=True, text=True, timeout=60)
    found = []
    for line in proc.stdout.splitlines():
        match = TIMESTAMP.search(line)
        if match:
            found.append(match.group(1))
    return proc.returncode, found, proc.stderr.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--expressions", type=int, default=300,
                        help="how many generated expressions (default 300)")
    parser.add_argument("--seed", type=int, default=20250203)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("cmd", nargs=argparse.REMAINDER, help="-- CMD [ARG...]")
    args = parser.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("give the command to test after '--'")

    rng = random.Random(args.seed)
    expressions = fixed_expressions()
    seen = set(expressions)
    while len(expressions) < args.expressions:
        expr = gen_expression(rng)
        if expr not in seen:
            seen.add(expr)
            expressions.append(expr)

    passed = failed = 0
    try:
        for expr in expressions:
            for start in STARTS:
                start_dt = dt.datetime.strptime(start, "%Y-%m-%dT%H:%M:%SZ").replace(
                    tzinfo=dt.timezone.utc)
                expected = croniter_next(expr, start_dt)
                code, got, err = run(cmd, expr, start)
                ok = got == expected and (code == 0 or not expected)
                if ok:
                    passed += 1
                    if args.verbose:
                        print(f"ok   {expr!r} after {start}")
                else:
                    failed += 1
                    print(f"FAIL {expr!r} after {start}: croniter {expected}, got {got}"
                          + (f" (exit {code}: {err})" if code else ""))
        for expr in REFUSED:
            code, got, err = run(cmd, expr, STARTS[1])
            if code != 0 and not got:
                passed += 1
                if args.verbose:
                    print(f"ok   refused {expr!r}: {err}")
            else:
                failed += 1
                print(f"FAIL {expr!r} should be refused, got exit {code} and {got}")
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"cannot run {' '.join(cmd)}: {error}", file=sys.stderr)
        sys.exit(2)

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
