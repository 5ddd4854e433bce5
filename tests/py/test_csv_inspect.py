#!/usr/bin/python3
"""CLI contract of `riskdial inspect` (issue 2): JSON on stdout; bad input -> exit 2, nothing on stdout,
exactly one line `error: FILE:ROW:COLUMN: message` on stderr; --values prints the parsed panel with
round-trip-exact doubles and null for missing cells. Values are checked against numbers written by hand."""
import json
import os
import re
import subprocess
import sys
import tempfile

CLI = os.environ["RISKDIAL_CLI"]
FIXTURES = os.environ["RISKDIAL_FIXTURES"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    p = subprocess.run([CLI, "inspect", *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


with tempfile.TemporaryDirectory() as tmp:
    def write(name, text, mode="w"):
        path = os.path.join(tmp, name)
        with open(path, mode) as f:
            f.write(text)
        return path

    # --- a good file, with --values -------------------------------------------------------------------
    good = write("good.csv", "Date,A,B\n2024-01-02,100.1,0.3\n2024-01-03,,0.30000000000000004\n"
                             "2024-01-04,102.25,0.31\n2024-01-05,1e2,\n")
    rc, out, err = run(good, "--values")
    check(rc == 0 and err == "", f"good file: rc={rc} err={err!r}")
    doc = json.loads(out)
    check(doc["rows"] == 4 and doc["frequency"] == "daily", "rows/frequency")
    check([c["name"] for c in doc["columns"]] == ["A", "B"], "column names")
    panel = doc["panel"]
    check(panel["dates"] == ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"], "panel dates")
    check(panel["names"] == ["A", "B"], "panel names")
    # A[1] is forward-filled; B[1] must survive the round trip bit for bit; B[3] is a trailing gap
    check(panel["values"][0] == [100.1, 100.1, 102.25, 100.0], f"A values {panel['values'][0]}")
    check(panel["values"][1] == [0.3, 0.30000000000000004, 0.31, None], f"B values {panel['values'][1]}")
    # without --values: exactly the report (no panel key)
    rc, out2, _ = run(good)
    check(rc == 0 and "panel" not in json.loads(out2), "report without panel")
    check({k: v for k, v in doc.items() if k != "panel"} == json.loads(out2), "--values adds only 'panel'")

    # --- options --------------------------------------------------------------------------------------
    amb = write("amb.csv", "Date,A\n03/04/2024,1\n04/04/2024,2\n")
    rc, out, _ = run(amb, "--date-format", "dmy", "--values")
    check(rc == 0 and json.loads(out)["panel"]["dates"] == ["2024-04-03", "2024-04-04"], "--date-format dmy")
    rc, out, _ = run(amb, "--date-format=mdy", "--values")
    check(rc == 0 and json.loads(out)["panel"]["dates"] == ["2024-03-04", "2024-04-04"], "--date-format mdy")
    rc, out, _ = run(good, "--kind", "returns")
    check(rc == 0 and json.loads(out)["kind"] == "returns", "--kind returns")
    longf = write("long.csv", "date,ticker,value\n2024-01-02,X,1\n2024-01-03,X,2\n")
    rc, out, _ = run(longf, "--layout", "long", "--values")
    check(rc == 0 and json.loads(out)["panel"]["names"] == ["X"], "--layout long")

    # --- several files, fixtures ------------------------------------------------------------------
    rc, out, err = run(os.path.join(FIXTURES, "csv", "yahoo_SPY.csv"), os.path.join(FIXTURES, "csv", "eu_funds.csv"))
    check(rc == 0, f"fixtures: {err}")
    check([c["name"] for c in json.loads(out)["columns"]] == ["yahoo_SPY", "Fonds Europa", "Fonds Asien"],
          "fixture names")

    # --- bad input: exit 2, empty stdout, one stderr line FILE:ROW:COLUMN ------------------------------
    bad_cases = [
        ("empty.csv", "", "empty.csv:1:1: "),
        ("header.csv", "Date,A\n", "header.csv:2:1: "),
        ("nodate.csv", "A,B\n1,2\n", "nodate.csv:1:1: "),
        ("baddate.csv", "Date,A\n2024-01-02,1\nnope,2\n", "baddate.csv:3:1: "),
        ("dup.csv", "Date,A\n2024-01-02,1\n2024-01-02,2\n", "dup.csv:3:1: "),
        ("mixed.csv", "Date,A\n2024-01-02,1\n01/03/2024,2\n", "mixed.csv:3:1: "),
        ("nonnum.csv", "Date,A\n2024-01-02,x\n", "nonnum.csv:2:2: "),
        ("ragged.csv", "Date,A,B\n2024-01-02,1\n", "ragged.csv:2:3: "),
        ("emptycol.csv", "Date,A,B\n2024-01-02,1,\n2024-01-03,2,\n", "emptycol.csv:1:3: "),
    ]
    for name, text, prefix in bad_cases:
        rc, out, err = run(write(name, text))
        check(rc == 2, f"{name}: rc={rc}")
        check(out == "", f"{name}: stdout not empty: {out!r}")
        lines = err.splitlines()
        check(len(lines) == 1 and lines[0].startswith("error: " + prefix), f"{name}: stderr {err!r}")
        check(re.match(r"^error: [^:]+:\d+:\d+: .+$", lines[0] if lines else ""), f"{name}: format")
    binary = os.path.join(tmp, "bin.csv")
    with open(binary, "wb") as f:
        f.write(b"Date,A\n2024-01-02,\x00\x01\n")
    rc, out, err = run(binary)
    check(rc == 2 and out == "" and err.startswith("error: bin.csv:2:1: binary data"), f"binary: {err!r}")
    # one bad file among good ones: still no output at all
    rc, out, err = run(good, write("bad2.csv", "Date,A\n2024-01-02,abc\n"))
    check(rc == 2 and out == "" and err.startswith("error: bad2.csv:2:2: "), "bad file among good")
    # bad options
    for opts in (["--layout", "diagonal"], ["--date-format", "ydm"], ["--kind", "both"], ["--nope", "1"]):
        rc, out, err = run(good, *opts)
        check(rc == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, f"option {opts}")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("inspect CLI: all checks passed")
