#!/usr/bin/env python3
"""Independent reference implementation of the savings engine's contract.

This program re-implements, from the text of SPEC.md alone (not from the Rust
source), sections 1-5 (time, money and rounding, prices and discounting,
flows and classes, appraisal), section 6 as far as the `Meta` and `Sites`
sheets go, section 7 (common keys and 7.1 `building_vacation`) and section 8
(`projection.csv`, `lines.csv`, `summary.json`).  It is used as an oracle to
cross-check the engine: two correct implementations of the spec must agree to
the penny.

    python3 tools/reference.py MODEL.toml [MODEL.toml ...] --baseline WORKBOOK --out DIR

writes DIR/<model stem>/{projection.csv,lines.csv,summary.json}.

    --exact   use exact rational arithmetic (fractions.Fraction) instead of
              decimal.Decimal with 40 significant digits.  Rounding then follows
              the exact value in every case (SPEC 2, "Where the exact value is a
              half-penny, rounding follows the exact value").  The default
              Decimal mode can miss by a penny when a sum of `x / 12` monthly
              amounts is exactly a half-penny (e.g. 5685.74 x 3/12 = 1421.435):
              the representation error of the division, not the exact value,
              then decides the rounding.  Use --exact as the oracle for such
              cases, and for the payback test when a cumulative value is
              exactly 0.

Requirements: Python 3.11+ (tomllib) and openpyxl (`pip install openpyxl`) to
read .xlsx/.xlsm workbooks.  .xls and .ods workbooks are not supported here.

Readings of the spec chosen where it is not explicit (see the report that came
with this file):
  * a one-off cost (or capital receipt) that is wholly or partly outside the
    horizon gives ONE warning per item, not one per month;
  * `payback_years` counts the FYs from the first FY up to and including the
    FY of recovery (FY 1 negative, FY 2 recovered -> 2);
  * "never negative" / "negative" / ">= 0" in the payback rule compare the
    unrounded cumulative values;
  * receiving costs that start before the horizon are simply reported from the
    first month of the horizon (they are annual flows, not one-off sums, so no
    warning);
  * the business-rates holding under the empty-rates rule is h = 0 for the
    first R months from M(on) and h = 1 afterwards (h = 0 throughout for a
    listed site); from M(dispose_on) the full monthly cost is saved whatever
    the holding;
  * discount factors are written rounded half to even to 6 places; bcr to 4;
  * the Meta sheet's "first two columns" are the first two columns of its
    table, which may start in any column (as every table may);
  * BCR follows the formula literally even when the benefits of an FY are
    negative (a receiving cost larger than the savings), so it can be < 0.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import re
import sys
import tempfile
import tomllib
from decimal import Decimal, InvalidOperation, getcontext
from fractions import Fraction

getcontext().prec = 40

EXACT = False  # set by --exact


def num(x):
    """Convert an int/Decimal/Fraction to the working number type."""
    if EXACT:
        return Fraction(x)
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    return Decimal(x)


ZERO = None  # set in main (depends on mode)
ONE = None


class InputError(Exception):
    pass


# --------------------------------------------------------------------------
# Section 1: time
# --------------------------------------------------------------------------

def parse_fy(label, what, errors):
    if not isinstance(label, str):
        errors.append(f"{what}: expected a financial year label YYYY/YY, found {label!r}")
        return None
    m = re.fullmatch(r"(\d{4})/(\d{2})", label.strip())
    if not m:
        errors.append(f"{what}: expected a financial year label YYYY/YY, found {label!r}")
        return None
    y = int(m.group(1))
    if int(m.group(2)) != (y + 1) % 100:
        errors.append(f"{what}: {label!r} is not a financial year (second part must be the year after the first)")
        return None
    return y


def fy_label(y):
    return f"{y}/{(y + 1) % 100:02d}"


def parse_date(v, what, errors):
    if isinstance(v, _dt.datetime):
        errors.append(f"{what}: expected a date YYYY-MM-DD, found a date-time")
        return None
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            errors.append(f"{what}: {v!r} is not a date that exists")
            return None
    errors.append(f"{what}: expected a date YYYY-MM-DD, found {v!r}")
    return None


def month_index(year, month):
    return year * 12 + (month - 1)


def eff_month(d):
    """Effective-date rule M(D)."""
    m = month_index(d.year, d.month)
    return m if d.day == 1 else m + 1


def fy_of_month(m):
    year, mo0 = divmod(m, 12)
    return year if mo0 + 1 >= 4 else year - 1


def month_name(m):
    year, mo0 = divmod(m, 12)
    return f"{year}-{mo0 + 1:02d}"


# --------------------------------------------------------------------------
# Section 2: rounding at output
# --------------------------------------------------------------------------

def fmt(x, places=2):
    """Round half to even to `places` decimals, following the value held
    (exactly: Decimal and Fraction both convert to Fraction without loss);
    never writes -0.00."""
    fr = Fraction(x) * (10 ** places)
    n = round(fr)  # Fraction.__round__ -> int, half to even
    sign = "-" if n < 0 else ""
    n = abs(n)
    s = str(n).rjust(places + 1, "0")
    if places:
        return f"{sign}{s[:-places]}.{s[-places:]}"
    return f"{sign}{s}"


# --------------------------------------------------------------------------
# Section 6: baseline workbook (Meta and Sites; headers of the others)
# --------------------------------------------------------------------------

SITE_CATEGORIES = ["business_rates", "energy", "water", "cleaning", "security",
                   "repairs_maintenance", "insurance", "facilities_management", "other"]
LIBRARY_CATEGORIES = ["management", "frontline_staff", "premises", "business_rates",
                      "stock", "ict", "support_services", "income"]
CLASSES = ["cashable", "non_cashable", "cost_avoidance", "one_off_cost",
           "financing_cost", "capital_receipt"]


def norm(s):
    s = str(s)
    s = re.sub(r"\([^()]*\)\s*$", "", s)
    s = s.strip().lower()
    s = re.sub(r"[\s.\-]+", "_", s)
    return s


def col_letter(c):  # 1-based
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def is_blank(v):
    return v is None or (isinstance(v, str) and v.strip() == "")


NUM_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def cell_number(v):
    """Return (Decimal, None) or (None, description of what was found)."""
    if is_blank(v):
        return Decimal(0), None
    if isinstance(v, bool):
        return None, f"boolean {v}"
    if isinstance(v, int):
        return Decimal(v), None
    if isinstance(v, float):
        return Decimal(repr(v)), None
    if isinstance(v, str):
        if v.startswith("#"):
            return None, f"error {v}"
        t = v.replace("£", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
        if NUM_RE.fullmatch(t):
            return Decimal(t), None
        return None, f'text "{v}"'
    return None, f"{type(v).__name__} {v!r}"


def cell_text(v):
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    if isinstance(v, bool):
        return str(v).upper()
    return "" if v is None else str(v)


class Table:
    def __init__(self, sheet, rows, header_row, cols):
        self.sheet = sheet
        self.rows = rows            # list of (row_number, {colname: (value, a1)})
        self.header_row = header_row
        self.cols = cols            # {normalised name: column number}


def read_table(ws, name):
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    hdr = None
    for i, row in enumerate(grid):
        if any(not is_blank(v) for v in row):
            hdr = i
            break
    if hdr is None:
        return Table(name, [], None, {})
    cols = {}
    for j, v in enumerate(grid[hdr]):
        if not is_blank(v):
            cols[norm(v)] = j + 1
    rows = []
    for i in range(hdr + 1, len(grid)):
        row = grid[i]
        vals = {}
        for cname, cj in cols.items():
            v = row[cj - 1] if cj - 1 < len(row) else None
            vals[cname] = (v, f"{col_letter(cj)}{i + 1}")
        if all(is_blank(v) for v, _ in vals.values()):
            continue
        rows.append((i + 1, vals))
    return Table(name, rows, hdr + 1, cols)


def read_workbook(path, errors, warnings):
    try:
        import openpyxl
    except ImportError:
        raise SystemExit("reference.py needs openpyxl: pip install openpyxl")
    fname = os.path.basename(path)
    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    sheets = {norm(ws.title): ws for ws in wb.worksheets}
    out = {"authority": None, "price_base": None, "sites": None}

    def bad(sheet, a1, msg):
        errors.append(f"{fname}: {sheet}!{a1}: {msg}")

    known_cols = {
        "sites": {"site_id", "site", "listed", "floor_area_m2", *SITE_CATEGORIES},
        "libraries": {"authority", "library", "category", "amount", "fte"},
        "placements": {"placement_id", "need", "ncy", "provider_type", "annual_fee",
                       "annual_transport"},
    }
    for key in ("libraries", "placements"):
        if key in sheets:
            t = read_table(sheets[key], sheets[key].title)
            unknown = [c for c in t.cols if c not in known_cols[key]]
            if unknown:
                warnings.append(f"{fname}: {sheets[key].title}: unknown columns ignored: {', '.join(unknown)}")

    if "meta" in sheets:
        ws = sheets["meta"]
        grid = [list(r) for r in ws.iter_rows(values_only=True)]
        # "its first two columns": the first two columns of the table, which
        # (like every table) may start in any column: the column of the
        # first non-blank cell of the first non-blank row.
        kc = 0
        for row in grid:
            nb = [j for j, v in enumerate(row) if not is_blank(v)]
            if nb:
                kc = nb[0]
                break
        first = True
        for i, row in enumerate(grid):
            k = row[kc] if len(row) > kc else None
            v = row[kc + 1] if len(row) > kc + 1 else None
            if is_blank(k) and is_blank(v):
                continue
            if first:
                first = False
                if not is_blank(k) and norm(k) == "key" and not is_blank(v) and norm(v) == "value":
                    continue
            if is_blank(k):
                continue
            key = norm(k)
            if key == "authority":
                out["authority"] = cell_text(v).strip()
            elif key == "price_base":
                pb = cell_text(v).strip()
                y = parse_fy(pb, f"{fname}: {ws.title}!{col_letter(kc + 2)}{i + 1}: price_base", errors)
                if y is not None:
                    out["price_base"] = (fy_label(y), y)
    if "sites" in sheets:
        ws = sheets["sites"]
        t = read_table(ws, ws.title)
        for req in ("site_id", "site"):
            if req not in t.cols:
                errors.append(f"{fname}: {ws.title}: missing column {req}")
        unknown = [c for c in t.cols if c not in known_cols["sites"]]
        if unknown:
            warnings.append(f"{fname}: {ws.title}: unknown columns ignored: {', '.join(unknown)}")
        sites = []
        seen = set()
        for rn, vals in t.rows:
            v, a1 = vals.get("site_id", (None, None))
            sid = None
            if v is not None:
                if isinstance(v, str) and v.startswith("#"):
                    bad(ws.title, a1, f"site_id must be text, found error {v}")
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    sid = str(int(v)) if float(v) == int(v) else repr(v)
                else:
                    sid = str(v).strip()
                if sid == "":
                    sid = None
            if sid is None and a1:
                bad(ws.title, a1, "site_id must be text, found a blank cell")
            elif sid in seen:
                bad(ws.title, a1, f"duplicate site_id {sid!r}")
            else:
                seen.add(sid)
            nv, na1 = vals.get("site", (None, None))
            name = cell_text(nv).strip()
            listed = False
            if "listed" in vals:
                lv, la1 = vals["listed"]
                if not is_blank(lv):
                    s = cell_text(lv).strip().lower()
                    if isinstance(lv, bool):
                        listed = lv
                    elif s in ("yes", "y", "true", "1"):
                        listed = True
                    elif s in ("no", "n", "false", "0"):
                        listed = False
                    else:
                        bad(ws.title, la1, f"listed must be yes/no, found {lv!r}")
            costs = {}
            for c in SITE_CATEGORIES:
                if c in vals:
                    cv, ca1 = vals[c]
                    d, found = cell_number(cv)
                    if d is None:
                        bad(ws.title, ca1, f"{c} must be a number ≥ 0, found {found}")
                        d = Decimal(0)
                    elif d < 0:
                        bad(ws.title, ca1, f"{c} must be a number ≥ 0, found {cv}")
                    costs[c] = d
                else:
                    costs[c] = Decimal(0)
            if "floor_area_m2" in vals:
                fv, fa1 = vals["floor_area_m2"]
                d, found = cell_number(fv)
                if d is None:
                    bad(ws.title, fa1, f"floor_area_m2 must be a number ≥ 0, found {found}")
            sites.append({"id": sid, "name": name, "listed": listed, "costs": costs})
        out["sites"] = sites
    return out


# --------------------------------------------------------------------------
# Section 7: model file
# --------------------------------------------------------------------------

INFLATION_KEYS = {"default", "gdp_deflator", "placements", *SITE_CATEGORIES, *LIBRARY_CATEGORIES}


def is_number(v):
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


def read_model(path, errors):
    text = open(path, "rb").read().decode("utf-8")
    fname = os.path.basename(path)
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        errors.append(f"{fname}: {e}")
        return None

    def err(msg):
        errors.append(f"{fname}: {msg}")

    def check_keys(table, allowed, where):
        for k in table:
            if k not in allowed:
                err(f"unknown key {where}{k}")

    def get_num(table, key, where, default=None, required=False):
        if key not in table:
            if required:
                err(f"missing required key {where}{key}")
            return default
        v = table[key]
        if not is_number(v):
            err(f"{where}{key}: expected a number, found {v!r}")
            return default
        return Decimal(v)

    def get_rate(table, key, where, default=None):
        v = get_num(table, key, where, default)
        if v is not None and v <= -1:
            err(f"{where}{key}: a rate must be greater than -1, found {v}")
        return v

    def get_str(table, key, where, required=False):
        if key not in table:
            if required:
                err(f"missing required key {where}{key}")
            return None
        v = table[key]
        if not isinstance(v, str):
            err(f"{where}{key}: expected text, found {v!r}")
            return None
        return v

    m = {}
    common = {"name", "kind", "description", "price_base", "horizon", "inflation",
              "appraisal", "one_off_costs"}
    bv = {"vacate", "holding", "receiving"}
    m["name"] = get_str(doc, "name", "", required=True)
    m["kind"] = get_str(doc, "kind", "", required=True)
    if m["kind"] is not None and m["kind"] != "building_vacation":
        err(f"kind {m['kind']!r}: this reference implements building_vacation only")
        return None
    check_keys(doc, common | bv, "")
    m["price_base"] = None
    if "price_base" in doc:
        pb = get_str(doc, "price_base", "")
        if pb is not None:
            y = parse_fy(pb, f"{fname}: price_base", errors)
            if y is not None:
                m["price_base"] = (fy_label(y), y)

    hz = doc.get("horizon")
    if not isinstance(hz, dict):
        err("missing required table [horizon]")
        return None
    check_keys(hz, {"start", "years"}, "horizon.")
    st = get_str(hz, "start", "horizon.", required=True)
    m["start"] = parse_fy(st, f"{fname}: horizon.start", errors) if st is not None else None
    yrs = hz.get("years")
    if yrs is None:
        err("missing required key horizon.years")
    elif not isinstance(yrs, int) or isinstance(yrs, bool) or not (1 <= yrs <= 60):
        err(f"horizon.years must be a whole number 1-60, found {yrs!r}")
        yrs = None
    m["years"] = yrs

    inf = doc.get("inflation", {})
    infl = {}
    if not isinstance(inf, dict):
        err("[inflation] must be a table")
        inf = {}
    for k in inf:
        if k not in INFLATION_KEYS:
            err(f"unknown key inflation.{k}")
            continue
        infl[k] = get_rate(inf, k, "inflation.")
    m["inflation"] = infl

    ap = doc.get("appraisal", {})
    check_keys(ap, {"discount_rate", "optimism_bias", "include_capital_receipts"}, "appraisal.")
    m["discount_rate"] = get_rate(ap, "discount_rate", "appraisal.")
    m["optimism_bias"] = get_rate(ap, "optimism_bias", "appraisal.", Decimal(0))
    icr = ap.get("include_capital_receipts", True)
    if not isinstance(icr, bool):
        err(f"appraisal.include_capital_receipts must be true or false, found {icr!r}")
        icr = True
    m["include_capital_receipts"] = icr

    ooc = []
    for i, c in enumerate(doc.get("one_off_costs", [])):
        where = f"one_off_costs[{i + 1}]."
        check_keys(c, {"label", "amount", "date", "months"}, where)
        label = get_str(c, "label", where, required=True)
        amount = get_num(c, "amount", where, required=True)
        if amount is not None and amount < 0:
            err(f"{where}amount must be ≥ 0, found {amount}")
        date = parse_date(c["date"], f"{fname}: {where}date", errors) if "date" in c else None
        if "date" not in c:
            err(f"missing required key {where}date")
        months = c.get("months", 1)
        if not isinstance(months, int) or isinstance(months, bool) or months < 1:
            err(f"{where}months must be a whole number ≥ 1, found {months!r}")
            months = 1
        ooc.append({"label": label, "amount": amount, "date": date, "months": months})
    m["one_off_costs"] = ooc

    vac = []
    if "vacate" not in doc or not doc["vacate"]:
        err("building_vacation needs at least one [[vacate]]")
    for i, v in enumerate(doc.get("vacate", [])):
        where = f"vacate[{i + 1}]."
        check_keys(v, {"site", "on", "dispose_on", "capital_receipt"}, where)
        site = get_str(v, "site", where, required=True)
        on = parse_date(v["on"], f"{fname}: {where}on", errors) if "on" in v else None
        if "on" not in v:
            err(f"missing required key {where}on")
        disp = parse_date(v["dispose_on"], f"{fname}: {where}dispose_on", errors) if "dispose_on" in v else None
        cr = get_num(v, "capital_receipt", where)
        if cr is not None and cr < 0:
            err(f"{where}capital_receipt must be ≥ 0, found {cr}")
        if cr is not None and "dispose_on" not in v:
            err(f"{where}capital_receipt needs dispose_on")
        if on is not None and disp is not None and disp < on:
            err(f"{where}dispose_on is before on")
        vac.append({"site": site, "on": on, "dispose_on": disp, "capital_receipt": cr})
    m["vacate"] = vac

    hold = doc.get("holding", {})
    check_keys(hold, {*SITE_CATEGORIES, "empty_rates_relief_months"}, "holding.")
    h = {}
    for c in SITE_CATEGORIES:
        if c in hold:
            x = get_num(hold, c, "holding.")
            if x is not None and x < 0:
                err(f"holding.{c} must be ≥ 0, found {x}")
            h[c] = x
    rr = hold.get("empty_rates_relief_months", 3)
    if not isinstance(rr, int) or isinstance(rr, bool) or rr < 0:
        err(f"holding.empty_rates_relief_months must be a whole number ≥ 0, found {rr!r}")
        rr = 3
    m["holding"] = h
    m["relief_months"] = rr

    rec = []
    for i, r in enumerate(doc.get("receiving", [])):
        where = f"receiving[{i + 1}]."
        check_keys(r, {"label", "annual", "from"}, where)
        label = get_str(r, "label", where, required=True)
        annual = get_num(r, "annual", where, required=True)
        if annual is not None and annual < 0:
            err(f"{where}annual must be ≥ 0, found {annual}")
        frm = parse_date(r["from"], f"{fname}: {where}from", errors) if "from" in r else None
        if "from" not in r:
            err(f"missing required key {where}from")
        rec.append({"label": label, "annual": annual, "from": frm})
    m["receiving"] = rec
    return m


DEFAULT_HOLDING = {"energy": Decimal("0.10"), "water": Decimal("0.10"), "cleaning": Decimal(0),
                   "security": Decimal("1.0"), "repairs_maintenance": Decimal("0.25"),
                   "insurance": Decimal("1.0"), "facilities_management": Decimal(0),
                   "other": Decimal(0)}


# --------------------------------------------------------------------------
# Sections 3, 4, 7.1: flows
# --------------------------------------------------------------------------

def run_model(model_path, baseline_path, out_dir):
    errors, warnings = [], []
    wb = read_workbook(baseline_path, errors, warnings)
    m = read_model(model_path, errors)
    if m is None or errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2
    if wb["sites"] is None:
        errors.append(f"{os.path.basename(baseline_path)}: no Sites sheet (building_vacation needs it)")
    if wb["authority"] is None:
        errors.append(f"{os.path.basename(baseline_path)}: Meta: no authority")
    pb = m["price_base"] or wb["price_base"]
    if pb is None:
        errors.append("no price_base in the model or the workbook's Meta sheet")
    sites = wb["sites"] or []
    resolved = []
    used = set()
    for i, v in enumerate(m["vacate"]):
        key = v["site"]
        if key is None:
            continue
        hit = [s for s in sites if s["id"] == key.strip()]
        if not hit:
            hit = [s for s in sites if s["name"].lower() == key.strip().lower()]
            if len(hit) > 1:
                errors.append(f"vacate[{i + 1}].site {key!r} matches several sites by name; use the site_id")
                continue
        if not hit:
            errors.append(f"vacate[{i + 1}].site {key!r} matches no site")
            continue
        s = hit[0]
        if s["id"] in used:
            errors.append(f"vacate[{i + 1}].site {key!r}: site {s['id']} is listed twice")
            continue
        used.add(s["id"])
        resolved.append((s, v))
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2

    P = pb[1]
    S = m["start"]
    N = m["years"]
    h0 = month_index(S, 4)
    h1 = h0 + 12 * N
    infl = m["inflation"]
    default_rate = infl.get("default") if infl.get("default") is not None else Decimal(0)
    ob = num(m["optimism_bias"])

    idx_cache = {}

    def index(key, y):
        r = infl.get(key)
        if r is None:
            r = default_rate
        k = (key, y)
        if k not in idx_cache:
            idx_cache[k] = (ONE + num(r)) ** (y - P)
        return idx_cache[k]

    sums = {}  # (fy, class, label) -> amount

    def add(month, label, cls, amount):
        assert h0 <= month < h1
        k = (fy_of_month(month), cls, label)
        sums[k] = sums.get(k, ZERO) + amount

    # one-off costs (cash, optimism bias, spread over months)
    for c in m["one_off_costs"]:
        m0 = eff_month(c["date"])
        per = -(num(c["amount"]) * (ONE + ob)) / c["months"]
        out = [mm for mm in range(m0, m0 + c["months"]) if not (h0 <= mm < h1)]
        for mm in range(m0, m0 + c["months"]):
            if h0 <= mm < h1:
                add(mm, c["label"], "one_off_cost", per)
        if out:
            if len(out) == c["months"]:
                warnings.append(f"one-off cost {c['label']!r} ({month_name(m0)}) is outside the horizon and is left out")
            else:
                warnings.append(f"one-off cost {c['label']!r}: {len(out)} of its {c['months']} months are outside the horizon and are left out")

    # vacated sites
    hold = dict(DEFAULT_HOLDING)
    for k, v in m["holding"].items():
        if v is not None:
            hold[k] = v
    numeric_rates = m["holding"].get("business_rates")
    R = m["relief_months"]
    for s, v in resolved:
        mon = eff_month(v["on"])
        mdisp = eff_month(v["dispose_on"]) if v["dispose_on"] is not None else None
        for c in SITE_CATEGORIES:
            cost = num(s["costs"][c])
            if cost == 0:
                continue
            for mm in range(max(h0, mon), h1):
                I = index(c, fy_of_month(mm))
                if mdisp is not None and mm >= mdisp:
                    amt = cost * I / 12
                else:
                    if c == "business_rates":
                        if numeric_rates is not None:
                            h = num(numeric_rates)
                        elif s["listed"]:
                            h = ZERO
                        else:
                            h = ZERO if (mm - mon) < R else ONE
                    else:
                        h = num(hold[c])
                    amt = cost * I * (ONE - h) / 12
                add(mm, c, "cashable", amt)
        if v["capital_receipt"] is not None:
            label = f"capital receipt: {s['name']}"
            if h0 <= mdisp < h1:
                add(mdisp, label, "capital_receipt", num(v["capital_receipt"]))
            else:
                warnings.append(f"{label} ({month_name(mdisp)}) is outside the horizon and is left out")

    # receiving costs
    for r in m["receiving"]:
        mf = eff_month(r["from"])
        for mm in range(max(h0, mf), h1):
            add(mm, r["label"], "cashable", -(num(r["annual"]) * index("default", fy_of_month(mm))) / 12)

    # ------------------------------------------------------------------
    # Section 5: appraisal
    # ------------------------------------------------------------------
    g = infl.get("gdp_deflator")
    if g is None:
        g = default_rate
    g = num(g)
    inc_cr = m["include_capital_receipts"]
    d = m["discount_rate"]

    def df(t):
        if d is not None:
            return ONE / (ONE + num(d)) ** t
        if t <= 30:
            return ONE / num(Decimal("1.035")) ** t
        return (ONE / num(Decimal("1.035")) ** 30) / num(Decimal("1.03")) ** (t - 30)

    years = list(range(S, S + N))
    rows = []
    tot = {c: ZERO for c in CLASSES}
    tot_nc = tot_nt = ZERO
    cum = ZERO
    npv = pvb = pvc = ZERO
    cums = []
    for y in years:
        cl = {c: ZERO for c in CLASSES}
        for (fy, c, _lab), a in sums.items():
            if fy == y:
                cl[c] += a
        nc = cl["cashable"] + cl["one_off_cost"] + cl["financing_cost"]
        cum += nc
        cums.append(cum)
        nt = sum((cl[c] for c in CLASSES if inc_cr or c != "capital_receipt"), ZERO)
        defl = (ONE + g) ** (y - P)
        real = nt / defl
        f = df(y - S)
        pv = real * f
        ben = cl["cashable"] + cl["non_cashable"] + cl["cost_avoidance"] + (cl["capital_receipt"] if inc_cr else ZERO)
        cost = -(cl["one_off_cost"] + cl["financing_cost"])
        pvb += ben / defl * f
        pvc += cost / defl * f
        npv += pv
        for c in CLASSES:
            tot[c] += cl[c]
        tot_nc += nc
        tot_nt += nt
        rows.append([fy_label(y)] + [fmt(cl[c]) for c in CLASSES]
                    + [fmt(nc), fmt(cum), fmt(nt), fmt(real), fmt(f, 6), fmt(pv)])
        last_cashable_real = cl["cashable"] / defl

    bcr = None if pvc == 0 else fmt(pvb / pvc, 4)
    if all(c >= 0 for c in cums):
        payback_years, payback_year = 0, fy_label(S)
    else:
        payback_years = payback_year = None
        been_neg = False
        for i, c in enumerate(cums):
            if c < 0:
                been_neg = True
            elif been_neg:
                payback_years, payback_year = i + 1, fy_label(years[i])
                break

    # ------------------------------------------------------------------
    # Section 8: outputs
    # ------------------------------------------------------------------
    stem = os.path.splitext(os.path.basename(model_path))[0]
    odir = os.path.join(out_dir, stem)
    os.makedirs(odir, exist_ok=True)

    proj = [["financial_year"] + CLASSES + ["net_cashable", "cumulative_net_cashable", "net_total",
                                            "real_net_total", "discount_factor", "present_value"]]
    proj += rows
    write_csv(os.path.join(odir, "projection.csv"), proj, text_cols={0})

    lines = [["financial_year", "line", "class", "amount"]]
    keys = [k for k, a in sums.items() if a != 0]
    keys.sort(key=lambda k: (k[0], CLASSES.index(k[1]), k[2].encode("utf-8")))
    for k in keys:
        lines.append([fy_label(k[0]), k[2], k[1], fmt(sums[k])])
    write_csv(os.path.join(odir, "lines.csv"), lines, text_cols={0, 1, 2})

    def sha(p):
        return hashlib.sha256(open(p, "rb").read()).hexdigest()

    summary = {
        "name": m["name"],
        "kind": m["kind"],
        "authority": wb["authority"],
        "price_base": pb[0],
        "horizon": {"start": fy_label(S), "years": N},
        "totals": {**{c: fmt(tot[c]) for c in CLASSES}, "net_cashable": fmt(tot_nc),
                   "net_total": fmt(tot_nt)},
        "npv": fmt(npv),
        "bcr": bcr,
        "payback_years": payback_years,
        "payback_year": payback_year,
        "full_year_effect": fmt(last_cashable_real),
        "warnings": warnings,
        "inputs": {"model": model_path, "model_sha256": sha(model_path),
                   "baseline": baseline_path, "baseline_sha256": sha(baseline_path)},
        "engine_version": "reference.py",
    }
    atomic_write(os.path.join(odir, "summary.json"),
                 json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def csv_field(v, is_text):
    s = str(v)
    if is_text and s[:1] in ("=", "+", "-", "@", "\t", "\r"):
        s = "'" + s
    if any(ch in s for ch in (",", '"', "\n", "\r")):
        s = '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path, rows, text_cols):
    out = []
    for i, r in enumerate(rows):
        out.append(",".join(csv_field(v, i == 0 or j in text_cols) for j, v in enumerate(r)))
    atomic_write(path, "\n".join(out) + "\n")


def atomic_write(path, text):
    d = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(text.encode("utf-8"))
    os.replace(tmp, path)


def main(argv=None):
    global EXACT, ZERO, ONE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+")
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--exact", action="store_true", help="exact rational arithmetic")
    a = ap.parse_args(argv)
    EXACT = a.exact
    ZERO, ONE = num(0), num(1)
    status = 0
    for mp in a.models:
        try:
            st = run_model(mp, a.baseline, a.out)
        except InputError as e:
            print(e, file=sys.stderr)
            st = 2
        status = max(status, st)
    return status


if __name__ == "__main__":
    sys.exit(main())
