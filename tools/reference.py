#!/usr/bin/env python3
"""Independent reference implementation of the savings engine's contract.

This program re-implements, from the text of SPEC.md alone (not from the Rust
source), sections 1-5 (time, money and rounding, prices and discounting,
flows and classes, appraisal), section 6 for the sheets (`Meta`, `Sites`,
`Libraries`, `Placements`, `Services`: read and checked whichever model runs),
section 7 (common keys and the four model kinds: 7.1 `building_vacation`, 7.2
`shared_service` and 7.6 its `service` over the Services sheet, 7.3
`libraries_trust`, 7.4 `sen_invest_to_save`) and
section 8 (`projection.csv`, `lines.csv`, `summary.json`).  It is used as an
oracle to cross-check the engine: two correct implementations of the spec must
agree to the penny.  Sections 7.2-7.4 were added later, again from the spec
text alone, by a second implementer who did not read the engine's kind sources.
Section 7.5 `channel_shift` (with its `Transactions` sheet and the bundled
`unit_costs.toml` of section 10 for channels with no unit cost of their own)
was added by the implementer of the engine's kind, from the spec text; it is a
second reading of the formulas rather than a fully independent one.

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

Readings of the spec chosen where it is not explicit (see the reports that
came with this file):
  * a one-off cost (or capital receipt) that is wholly or partly outside the
    horizon gives ONE warning per item, not one per month; likewise one
    warning for capital outside the horizon and one for a run of financing
    payments that is partly outside it;
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
  7.2 shared_service:
  * `pro_rata`: the perspective's price-base cost of the reduced categories,
    summed unweighted over those categories, over all partners' such cost
    (not weighted by each category's reduction);
  * a partner with no rows of a reduced category contributes 0 to it (only a
    partner with no rows at all is an error); the perspective still gets its
    share of every category's combined saving;
  * `perspective = "all"` is recognised ignoring case and surrounding spaces
    (like partner names); summary `authority` is then `all`, otherwise the
    perspective as the model spells it, surrounding spaces trimmed;
  * a share table: keys matched like partner names; a key that is not a
    partner is an error; each share >= 0; the shares are used as written
    (not rescaled) when they sum to 1 within 1e-9;
  * reduction fractions must be 0-1; ramp values >= 0; one partner is allowed;
  * `pro_rata` when no partner has any cost in the reduced categories: every
    flow is 0 whatever the share, so it is not an error (share taken as 0);
  * `reductions` keys are normalised like headers before matching categories.
  7.6 shared_service over a service (added by the engineer who built 7.6 in
  the engine, from the spec text, so less independent than the rest):
  * the Services sheet is read and checked like the others; `category` is
    any non-blank text, normalised like a header;
  * `service` is matched to the sheet's `service` ignoring case and
    surrounding spaces; a partner with no rows of that service is an error;
    a partner lacking a reduced category contributes 0 to it;
  * `reductions` keys are normalised and must be categories of that
    service's rows (any partner's); `income` may not be reduced;
  * with `service`, `[inflation]` takes any key, and every key other than
    `default` and `gdp_deflator` must be a category of the service.
  7.3 libraries_trust:
  * summary `authority` is the model's `authority`, surrounding spaces trimmed;
  * relief fractions and the council share 0-1 (and mandatory + discretionary
    <= 1); staff_cost_change, income_uplift and management_fee_efficiency
    only > -1 (SPEC 3); the other fractions and client_side_annual >= 0;
  * every flow, the client-side team included, runs from M(transfer_on); k
    counts whole 12-month periods from M(transfer_on) even when that is
    before the horizon.
  7.4 sen_invest_to_save:
  * `need` matched trimmed and case-insensitively; model `provider_types`
    normalised like headers (`non-maintained` -> `non_maintained`), unknown
    ones are errors; `ncy` = [from, to] with from <= to, each -1..14;
  * AY of a month: the calendar year if the month is September or later, else
    the year before; j counts AYs from the AY of M(opens_on) (so opening on
    31 August, effective 1 September, starts in the new AY);
  * capacity values may be fractional; `capital` 0 needs no capital_date;
  * the summary `authority` is the workbook's (Meta).
  7.5 channel_shift:
  * `to` is normalised like a header; `[shift]` and `[unit_costs]` keys are
    channel names as written;
  * the library entry of `transaction.<c>` is the bundled unit_costs.toml's
    most recently published (a year alone counts as 1 January), then the
    later in the file; its FY is the first year of its `price_base`;
  * the saving's sign decides the split month by month: >= 0 is split by
    cashable_share, < 0 is all cashable; no non_cashable row when the share
    is 1;
  * the summary `authority` is the workbook's (Meta); `[[other_bodies]]` are
    read and checked but give no flows here (section 7.7 is not covered).

Section 7.7 (who bears each flow: bodies.csv, `[appraisal] perspective`, the
pool's relief, the other partners' shares, other bodies per transaction) was
added by the engine's lead after building it in the engine, from the spec
text; it is a second reading, not an independent one.
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
    out = {"authority": None, "price_base": None, "sites": None, "libraries": None,
           "placements": None, "services": None, "transactions": None}

    def bad(sheet, a1, msg):
        errors.append(f"{fname}: {sheet}!{a1}: {msg}")

    known_cols = {
        "sites": {"site_id", "site", "listed", "floor_area_m2", *SITE_CATEGORIES},
        "libraries": {"authority", "library", "category", "amount", "fte"},
        "placements": {"placement_id", "need", "ncy", "provider_type", "annual_fee",
                       "annual_transport"},
        "services": {"authority", "service", "category", "amount", "fte"},
    }
    for key in ("libraries", "placements", "services"):
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
    if "libraries" in sheets:
        out["libraries"] = read_libraries(sheets["libraries"], bad, errors, fname)
    if "placements" in sheets:
        out["placements"] = read_placements(sheets["placements"], bad, errors, fname)
    if "services" in sheets:
        out["services"] = read_services(sheets["services"], bad, errors, fname)
    if "transactions" in sheets:
        out["transactions"] = read_transactions(sheets["transactions"], bad, errors, fname)
    return out


CHANNELS = ("face_to_face", "telephone", "post", "email", "online", "automated", "other")


def read_transactions(ws, bad, errors, fname):
    """SPEC 7.5: Transactions sheet (service, channel, annual_volume, unit_cost)."""
    t = read_table(ws, ws.title)
    req = ("service", "channel", "annual_volume")
    missing = [c for c in req if c not in t.cols]
    for c in missing:
        errors.append(f"{fname}: {ws.title}: missing column {c}")
    if missing:
        return []
    rows = []
    seen = set()
    for rn, vals in t.rows:
        sv, sa1 = vals["service"]
        service = cell_text(sv).strip()
        if service == "":
            bad(ws.title, sa1, "service must be text, found a blank cell")
        cv, ca1 = vals["channel"]
        ch = norm(cell_text(cv)) if not is_blank(cv) else ""
        if ch not in CHANNELS:
            bad(ws.title, ca1, f"channel must be one of {', '.join(CHANNELS)}, found {cv!r}")
            ch = None
        elif (key_of(service), ch) in seen:
            bad(ws.title, ca1, f"duplicate (service, channel) ({service!r}, {ch})")
        else:
            seen.add((key_of(service), ch))
        vol = read_money(vals, "annual_volume", ws.title, bad, required_value=True)
        uc = None
        if "unit_cost" in vals and not is_blank(vals["unit_cost"][0]):
            uc = read_money(vals, "unit_cost", ws.title, bad)
        rows.append({"service": service, "channel": ch, "annual_volume": vol,
                     "unit_cost": uc, "row": rn})
    return rows


def read_money(vals, col, sheet, bad, required_value=False):
    """A money cell: number >= 0; blank = 0 (or an error when required_value)."""
    v, a1 = vals[col]
    if required_value and is_blank(v):
        bad(sheet, a1, f"{col} must be a number ≥ 0, found a blank cell")
        return Decimal(0)
    d, found = cell_number(v)
    if d is None:
        bad(sheet, a1, f"{col} must be a number ≥ 0, found {found}")
        return Decimal(0)
    if d < 0:
        bad(sheet, a1, f"{col} must be a number ≥ 0, found {v}")
    return d


def read_libraries(ws, bad, errors, fname):
    """SPEC 6: Libraries sheet: authority, library, category, amount [, fte]."""
    t = read_table(ws, ws.title)
    req = ("authority", "library", "category", "amount")
    missing = [c for c in req if c not in t.cols]
    for c in missing:
        errors.append(f"{fname}: {ws.title}: missing column {c}")
    if missing:
        return []
    rows = []
    for rn, vals in t.rows:
        av, aa1 = vals["authority"]
        auth = cell_text(av).strip()
        if auth == "":
            bad(ws.title, aa1, "authority must be text, found a blank cell")
        elif isinstance(av, str) and av.startswith("#"):
            bad(ws.title, aa1, f"authority must be text, found error {av}")
        cv, ca1 = vals["category"]
        cat = norm(cell_text(cv)) if not is_blank(cv) else ""
        if cat not in LIBRARY_CATEGORIES:
            bad(ws.title, ca1, f"category must be one of {', '.join(LIBRARY_CATEGORIES)}, found {cv!r}")
            cat = None
        amt = read_money(vals, "amount", ws.title, bad, required_value=True)
        if "fte" in vals:
            fv, fa1 = vals["fte"]
            d, found = cell_number(fv)
            if d is None:
                bad(ws.title, fa1, f"fte must be a number ≥ 0, found {found}")
            elif d < 0:
                bad(ws.title, fa1, f"fte must be a number ≥ 0, found {fv}")
        rows.append({"authority": auth, "category": cat, "amount": amt})
    return rows


def read_services(ws, bad, errors, fname):
    """SPEC 7.6: Services sheet: authority, service, category, amount [, fte];
    categories are free text normalised like headers."""
    t = read_table(ws, ws.title)
    req = ("authority", "service", "category", "amount")
    missing = [c for c in req if c not in t.cols]
    for c in missing:
        errors.append(f"{fname}: {ws.title}: missing column {c}")
    if missing:
        return []
    rows = []
    for rn, vals in t.rows:
        texts = {}
        for col in ("authority", "service"):
            v, a1 = vals[col]
            texts[col] = cell_text(v).strip()
            if texts[col] == "":
                bad(ws.title, a1, f"{col} must be text, found a blank cell")
            elif isinstance(v, str) and v.startswith("#"):
                bad(ws.title, a1, f"{col} must be text, found error {v}")
        cv, ca1 = vals["category"]
        cat = norm(cell_text(cv)) if not is_blank(cv) else ""
        if cat == "":
            bad(ws.title, ca1, f"category must name a cost category, found {cv!r}")
        amt = read_money(vals, "amount", ws.title, bad, required_value=True)
        if "fte" in vals:
            fv, fa1 = vals["fte"]
            d, found = cell_number(fv)
            if d is None:
                bad(ws.title, fa1, f"fte must be a number ≥ 0, found {found}")
            elif d < 0:
                bad(ws.title, fa1, f"fte must be a number ≥ 0, found {fv}")
        rows.append({"authority": texts["authority"], "service": texts["service"],
                     "category": cat, "amount": amt})
    return rows


PROVIDER_TYPES = ["independent", "non_maintained", "maintained_special",
                  "resourced_provision", "mainstream", "other"]


def read_placements(ws, bad, errors, fname):
    """SPEC 6: Placements sheet."""
    t = read_table(ws, ws.title)
    req = ("placement_id", "need", "ncy", "provider_type", "annual_fee")
    missing = [c for c in req if c not in t.cols]
    for c in missing:
        errors.append(f"{fname}: {ws.title}: missing column {c}")
    if missing:
        return []
    rows = []
    seen = set()
    for rn, vals in t.rows:
        v, a1 = vals["placement_id"]
        pid = None
        if isinstance(v, str) and v.startswith("#"):
            bad(ws.title, a1, f"placement_id must be text, found error {v}")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            pid = str(int(v)) if float(v) == int(v) else repr(v)
        elif not is_blank(v):
            pid = str(v).strip()
        if pid is None:
            if is_blank(v):
                bad(ws.title, a1, "placement_id must be text, found a blank cell")
        elif pid in seen:
            bad(ws.title, a1, f"duplicate placement_id {pid!r}")
        else:
            seen.add(pid)
        nv, na1 = vals["need"]
        need = cell_text(nv).strip()
        if need == "":
            bad(ws.title, na1, "need must be text, found a blank cell")
        yv, ya1 = vals["ncy"]
        d, found = cell_number(yv) if not is_blank(yv) else (None, "a blank cell")
        ncy = None
        if d is None or d != int(d):
            bad(ws.title, ya1, f"ncy must be a whole number from -1 to 14, found {found or yv!r}")
        elif not (-1 <= int(d) <= 14):
            bad(ws.title, ya1, f"ncy must be a whole number from -1 to 14, found {yv}")
        else:
            ncy = int(d)
        tv, ta1 = vals["provider_type"]
        pt = norm(cell_text(tv)) if not is_blank(tv) else ""
        if pt not in PROVIDER_TYPES:
            bad(ws.title, ta1, f"provider_type must be one of {', '.join(PROVIDER_TYPES)}, found {tv!r}")
            pt = None
        fee = read_money(vals, "annual_fee", ws.title, bad, required_value=True)
        tr = read_money(vals, "annual_transport", ws.title, bad) if "annual_transport" in vals else Decimal(0)
        rows.append({"id": pid, "need": need, "ncy": ncy, "provider_type": pt,
                     "annual_fee": fee, "annual_transport": tr})
    return rows


# --------------------------------------------------------------------------
# Section 7: model file
# --------------------------------------------------------------------------

INFLATION_KEYS = {"default", "gdp_deflator", "placements", "unit_costs", *SITE_CATEGORIES,
                  *LIBRARY_CATEGORIES}


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
    # [uncertainty] is for `savings simulate`; a run's figures do not use it.
    common = {"name", "kind", "description", "price_base", "horizon", "inflation",
              "appraisal", "one_off_costs", "uncertainty"}
    kind_keys = {
        "building_vacation": {"vacate", "holding", "receiving"},
        "shared_service": {"partners", "perspective", "live_on", "cost_share", "ramp",
                           "reductions", "service"},
        "libraries_trust": {"authority", "transfer_on", *LT_FRACTIONS},
        "channel_shift": {"service", "live_on", "to", "volume_growth", "cashable_share",
                          "shift", "unit_costs", "other_bodies"},
        "sen_invest_to_save": {"need", "ncy", "provider_types", "opens_on", "capacity",
                               "take_up", "demand_growth", "cost_per_place",
                               "transport_per_place", "fixed_annual", "capital",
                               "capital_date", "capital_financing"},
    }
    m["name"] = get_str(doc, "name", "", required=True)
    m["kind"] = get_str(doc, "kind", "", required=True)
    if m["kind"] is not None and m["kind"] not in kind_keys:
        err(f"kind {m['kind']!r} is not a kind the engine knows "
            f"({', '.join(kind_keys)})")
        return None
    if m["kind"] is None:
        return None
    check_keys(doc, common | kind_keys[m["kind"]], "")
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
    # SPEC 7.6: with `service`, a category's inflation key is its (free-text)
    # name; the keys are checked against the service's categories later.
    open_keys = m["kind"] == "shared_service" and "service" in doc
    for k in inf:
        if k not in INFLATION_KEYS and not open_keys:
            err(f"unknown key inflation.{k}")
            continue
        infl[k] = get_rate(inf, k, "inflation.")
    m["inflation"] = infl

    ap = doc.get("appraisal", {})
    check_keys(ap, {"discount_rate", "optimism_bias", "include_capital_receipts", "perspective"},
               "appraisal.")
    persp_ap = ap.get("perspective", "authority")
    if persp_ap not in ("authority", "public_sector"):
        err(f"appraisal.perspective must be \"authority\" or \"public_sector\", found {persp_ap!r}")
    m["public_sector"] = persp_ap == "public_sector"
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

    tools = {"err": err, "check_keys": check_keys, "get_num": get_num,
             "get_rate": get_rate, "get_str": get_str, "fname": fname}
    if m["kind"] == "shared_service":
        read_shared_service(doc, m, errors, tools)
        return m
    if m["kind"] == "libraries_trust":
        read_libraries_trust(doc, m, errors, tools)
        return m
    if m["kind"] == "sen_invest_to_save":
        read_sen(doc, m, errors, tools)
        return m
    if m["kind"] == "channel_shift":
        read_channel_shift(doc, m, errors, tools)
        return m

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


def key_of(s):
    """Authority / partner / need comparison key: trimmed, case ignored."""
    return s.strip().casefold()


def get_date(table, key, where, errors, fname, required=False):
    if key not in table:
        if required:
            errors.append(f"{fname}: missing required key {where}{key}")
        return None
    return parse_date(table[key], f"{fname}: {where}{key}", errors)


def get_str_list(table, key, t, required=True):
    if key not in table:
        if required:
            t["err"](f"missing required key {key}")
        return None
    v = table[key]
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        t["err"](f"{key}: expected a list of text, found {v!r}")
        return None
    return v


def get_num_list(table, key, t, required=True):
    if key not in table:
        if required:
            t["err"](f"missing required key {key}")
        return None
    v = table[key]
    if not isinstance(v, list) or not all(is_number(x) for x in v):
        t["err"](f"{key}: expected a list of numbers, found {v!r}")
        return None
    return [Decimal(x) for x in v]


def read_shared_service(doc, m, errors, t):
    """SPEC 7.2 keys."""
    err = t["err"]
    partners = get_str_list(doc, "partners", t)
    if partners is not None:
        if not partners:
            err("partners: at least one partner is needed")
        keys = [key_of(p) for p in partners]
        for i, k in enumerate(keys):
            if k in keys[:i]:
                err(f"partners: {partners[i]!r} is named twice")
    m["partners"] = partners or []
    persp = t["get_str"](doc, "perspective", "", required=True)
    m["perspective"] = persp
    m["perspective_all"] = persp is not None and key_of(persp) == "all"
    if persp is not None and not m["perspective_all"] and partners is not None:
        if key_of(persp) not in [key_of(p) for p in partners]:
            err(f"perspective {persp!r} is not one of the partners (or \"all\")")
    m["live_on"] = get_date(doc, "live_on", "", errors, t["fname"], required=True)
    cs = doc.get("cost_share")
    m["cost_share"] = None
    if cs is None:
        err("missing required key cost_share")
    elif isinstance(cs, str):
        if cs != "pro_rata":
            err(f"cost_share must be \"pro_rata\" or a table of shares, found {cs!r}")
        else:
            m["cost_share"] = "pro_rata"
    elif isinstance(cs, dict):
        shares = {}
        for k, v in cs.items():
            if not is_number(v):
                err(f"cost_share.{k}: expected a number, found {v!r}")
                continue
            if Decimal(v) < 0:
                err(f"cost_share.{k} must be ≥ 0, found {v}")
            if key_of(k) in shares:
                err(f"cost_share: {k!r} is named twice")
            shares[key_of(k)] = Decimal(v)
        if partners is not None:
            pk = [key_of(p) for p in partners]
            for p in partners:
                if key_of(p) not in shares:
                    err(f"cost_share: no share for partner {p!r}")
            for k in cs:
                if key_of(k) not in pk:
                    err(f"cost_share: {k!r} is not a partner")
        if abs(sum(shares.values(), Decimal(0)) - 1) > Decimal("1e-9"):
            err(f"cost_share: the shares sum to {sum(shares.values(), Decimal(0))}, not 1")
        m["cost_share"] = shares
    else:
        err(f"cost_share must be \"pro_rata\" or a table of shares, found {cs!r}")
    ramp = get_num_list(doc, "ramp", t, required=False)
    if ramp is not None and not ramp:
        err("ramp: at least one value is needed")
        ramp = None
    if ramp is not None:
        for x in ramp:
            if x < 0:
                err(f"ramp values must be ≥ 0, found {x}")
    m["ramp"] = ramp if ramp else [Decimal(1)]
    svc = doc.get("service")
    if svc is not None and (not isinstance(svc, str) or svc.strip() == ""):
        err(f"service must name a service of the Services sheet, found {svc!r}")
        svc = None
    m["service"] = svc
    red = doc.get("reductions")
    reds = {}
    if not isinstance(red, dict):
        err("missing required table [reductions]")
    else:
        for k, v in red.items():
            c = norm(k)
            if svc is None and c not in LIBRARY_CATEGORIES:
                err(f"unknown key reductions.{k} (not a library category)")
                continue
            if c == "income":
                err("reductions.income: income may not be reduced")
                continue
            if not is_number(v):
                err(f"reductions.{k}: expected a number, found {v!r}")
                continue
            if not (0 <= Decimal(v) <= 1):
                err(f"reductions.{k} must be from 0 to 1, found {v}")
            reds[c] = Decimal(v)
        if not red:
            err("[reductions] needs at least one category")
    m["reductions"] = reds


LT_FRACTIONS = {
    "mandatory_rates_relief": Decimal("0.80"),
    "discretionary_rates_relief": Decimal(0),
    "discretionary_relief_council_share": Decimal(1),
    "staff_cost_change": Decimal(0),
    "trust_support_ratio": Decimal(1),
    "stranded_overheads": Decimal(0),
    "income_uplift": Decimal(0),
    "management_fee_efficiency": Decimal(0),
    "client_side_annual": Decimal(0),
}
LT_RATES = {"staff_cost_change", "income_uplift", "management_fee_efficiency"}


def read_libraries_trust(doc, m, errors, t):
    """SPEC 7.3 keys."""
    err = t["err"]
    m["authority"] = t["get_str"](doc, "authority", "", required=True)
    m["transfer_on"] = get_date(doc, "transfer_on", "", errors, t["fname"], required=True)
    for k, dflt in LT_FRACTIONS.items():
        if k in LT_RATES:
            v = t["get_rate"](doc, k, "", dflt)
        else:
            v = t["get_num"](doc, k, "", dflt)
            if v is not None and v < 0:
                err(f"{k} must be ≥ 0, found {v}")
        m[k] = v if v is not None else dflt
    for k in ("mandatory_rates_relief", "discretionary_rates_relief",
              "discretionary_relief_council_share"):
        if m[k] > 1:
            err(f"{k} must be at most 1, found {m[k]}")
    if m["mandatory_rates_relief"] + m["discretionary_rates_relief"] > 1:
        err("mandatory_rates_relief + discretionary_rates_relief must be at most 1")


def read_sen(doc, m, errors, t):
    """SPEC 7.4 keys."""
    err = t["err"]
    m["need"] = get_str_list(doc, "need", t) or []
    ncy = doc.get("ncy")
    m["ncy"] = None
    if ncy is None:
        err("missing required key ncy")
    elif (not isinstance(ncy, list) or len(ncy) != 2
          or not all(isinstance(x, int) and not isinstance(x, bool) for x in ncy)):
        err(f"ncy: expected two year groups [from, to], found {ncy!r}")
    else:
        for x in ncy:
            if not (-1 <= x <= 14):
                err(f"ncy: year group {x} is outside -1 ... 14")
        if ncy[0] > ncy[1]:
            err(f"ncy: from {ncy[0]} is after to {ncy[1]}")
        m["ncy"] = ncy
    pts = get_str_list(doc, "provider_types", t) or []
    m["provider_types"] = []
    for x in pts:
        if norm(x) not in PROVIDER_TYPES:
            err(f"provider_types: unknown provider type {x!r}")
        m["provider_types"].append(norm(x))
    m["opens_on"] = get_date(doc, "opens_on", "", errors, t["fname"], required=True)
    cap = get_num_list(doc, "capacity", t)
    if cap is not None:
        if not cap:
            err("capacity: at least one value is needed")
        for x in cap:
            if x < 0:
                err(f"capacity values must be ≥ 0, found {x}")
    m["capacity"] = cap or [Decimal(0)]
    tu = t["get_num"](doc, "take_up", "", required=True)
    if tu is not None and not (0 <= tu <= 1):
        err(f"take_up must be from 0 to 1, found {tu}")
    m["take_up"] = tu
    m["demand_growth"] = t["get_rate"](doc, "demand_growth", "", Decimal(0))
    for k, req in (("cost_per_place", True), ("transport_per_place", False),
                   ("fixed_annual", False), ("capital", False)):
        v = t["get_num"](doc, k, "", None if req else Decimal(0), required=req)
        if v is not None and v < 0:
            err(f"{k} must be ≥ 0, found {v}")
        m[k] = v
    m["capital_date"] = get_date(doc, "capital_date", "", errors, t["fname"])
    if m["capital"] is not None and m["capital"] > 0 and "capital_date" not in doc:
        err("missing required key capital_date (capital > 0)")
    cf = doc.get("capital_financing")
    m["financing"] = None
    if cf is not None:
        if not isinstance(cf, dict):
            err("[capital_financing] must be a table")
        else:
            t["check_keys"](cf, {"rate", "years"}, "capital_financing.")
            r = t["get_rate"](cf, "rate", "capital_financing.")
            if "rate" not in cf:
                err("missing required key capital_financing.rate")
            n = cf.get("years")
            if n is None:
                err("missing required key capital_financing.years")
            elif not isinstance(n, int) or isinstance(n, bool) or n < 1:
                err(f"capital_financing.years must be a whole number ≥ 1, found {n!r}")
                n = None
            if r is not None and n is not None:
                m["financing"] = (r, n)


DEFAULT_HOLDING = {"energy": Decimal("0.10"), "water": Decimal("0.10"), "cleaning": Decimal(0),
                   "security": Decimal("1.0"), "repairs_maintenance": Decimal("0.25"),
                   "insurance": Decimal("1.0"), "facilities_management": Decimal(0),
                   "other": Decimal(0)}


# --------------------------------------------------------------------------
# Sections 3, 4, 7.1: flows
# --------------------------------------------------------------------------

def prep_building_vacation(m, wb, bname, errors, prep):
    if wb["sites"] is None:
        errors.append(f"{bname}: no Sites sheet (building_vacation needs it)")
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
    prep["resolved"] = resolved


def flows_building_vacation(ctx):
    """SPEC 7.1."""
    m, h0, h1, index, add = ctx["m"], ctx["h0"], ctx["h1"], ctx["index"], ctx["add"]
    warnings = ctx["warnings"]
    hold = dict(DEFAULT_HOLDING)
    for k, v in m["holding"].items():
        if v is not None:
            hold[k] = v
    numeric_rates = m["holding"].get("business_rates")
    R = m["relief_months"]
    for s, v in ctx["prep"]["resolved"]:
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


def library_costs(rows, authority):
    """Price-base annual cost per category of one authority's Libraries rows
    (None when the authority has no rows)."""
    k = key_of(authority)
    mine = [r for r in rows if key_of(r["authority"]) == k]
    if not mine:
        return None
    cost = {c: Decimal(0) for c in LIBRARY_CATEGORIES}
    for r in mine:
        cost[r["category"]] += r["amount"]
    return cost


def prep_services(m, wb, bname, errors, prep):
    """SPEC 7.6: the Services rows of the model's service, per partner and
    category; reductions and inflation keys must be that service's
    categories."""
    rows = wb["services"]
    if rows is None:
        errors.append(f"{bname}: no Services sheet (shared_service with service needs it)")
        return
    sk = key_of(m["service"])
    mine = [r for r in rows if key_of(r["service"]) == sk]
    if not mine:
        names = []
        for r in rows:
            if r["service"] not in names:
                names.append(r["service"])
        errors.append(f"service: {m['service']!r} has no rows in the Services sheet "
                      f"(services there: {', '.join(names)})")
        return
    cats = []
    for r in mine:
        if r["category"] not in cats:
            cats.append(r["category"])
    costs = {}
    for p in m["partners"]:
        pr = [r for r in mine if key_of(r["authority"]) == key_of(p)]
        if not pr:
            errors.append(f"partners: {p!r} has no {m['service']} rows in the Services sheet")
        c = {}
        for r in pr:
            c[r["category"]] = c.get(r["category"], Decimal(0)) + r["amount"]
        costs[key_of(p)] = c
    for c in m["reductions"]:
        if c not in cats:
            errors.append(f"reductions.{c}: not a category of {m['service']} "
                          f"({', '.join(cats)})")
    for k in m["inflation"]:
        if k not in ("default", "gdp_deflator") and k not in cats:
            errors.append(f"inflation.{k}: no category of {m['service']} is named so")
    prep["costs"] = costs


def read_channel_shift(doc, m, errors, t):
    """SPEC 7.5: the model's keys."""
    err = t["err"]
    m["service"] = t["get_str"](doc, "service", "", required=True)
    m["live_on"] = get_date(doc, "live_on", "", errors, t["fname"], required=True)
    to = t["get_str"](doc, "to", "", required=True)
    if to is not None and norm(to) not in CHANNELS:
        err(f"to: {to!r} is not a channel")
    m["to"] = norm(to) if to is not None else None
    m["volume_growth"] = t["get_rate"](doc, "volume_growth", "", Decimal(0))
    cs = t["get_num"](doc, "cashable_share", "", Decimal(1))
    if cs is not None and not (0 <= cs <= 1):
        err(f"cashable_share must be from 0 to 1, found {cs}")
    m["cashable_share"] = cs
    shift = doc.get("shift")
    if not isinstance(shift, dict) or not shift:
        err("[shift] needs at least one channel")
        shift = {}
    m["shift"] = {}
    for c, v in shift.items():
        if c not in CHANNELS:
            err(f"shift.{c}: not a channel")
            continue
        if c == m["to"]:
            err(f"shift.{c}: is the channel transactions move to")
            continue
        if not isinstance(v, list) or not v or not all(is_number(x) for x in v):
            err(f"shift.{c}: must be a list of at least one share")
            continue
        if any(not (0 <= Decimal(x) <= 1) for x in v):
            err(f"shift.{c}: shares must be from 0 to 1")
            continue
        m["shift"][c] = [Decimal(x) for x in v]
    uc = doc.get("unit_costs", {})
    m["unit_costs"] = {}
    for c, v in uc.items():
        if c not in CHANNELS:
            err(f"unit_costs.{c}: not a channel")
        elif not is_number(v) or Decimal(v) < 0:
            err(f"unit_costs.{c}: must be a number >= 0")
        else:
            m["unit_costs"][c] = Decimal(v)
    bodies = []
    for i, b in enumerate(doc.get("other_bodies", [])):
        where = f"other_bodies[{i + 1}]."
        t["check_keys"](b, {"body", "per_transaction"}, where)
        body = t["get_str"](b, "body", where, required=True)
        pt = t["get_num"](b, "per_transaction", where, required=True)
        if pt is not None and pt < 0:
            err(f"{where}per_transaction must be >= 0")
        bodies.append({"body": body, "per_transaction": pt})
    m["other_bodies"] = bodies


def library_entry(item):
    """SPEC 10: the bundled unit_costs.toml's entry for `item`: the most
    recently published (a year alone is 1 January), then the later in the
    file."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "unit_costs.toml")
    with open(path, "rb") as f:
        doc = tomllib.load(f, parse_float=Decimal)
    best = None
    for i, e in enumerate(doc.get("cost", [])):
        if e.get("item") != item:
            continue
        pub = str(e.get("published"))
        parts = [int(x) for x in pub.split("-")] + [0, 0]
        key = (parts[0], parts[1], parts[2], i)
        if best is None or key >= best[0]:
            best = (key, e)
    return best[1] if best else None


def prep_channel_shift(m, wb, bname, errors, prep):
    rows = wb["transactions"]
    if rows is None:
        errors.append(f"{bname}: no Transactions sheet (channel_shift needs it)")
        return
    mine = [r for r in rows if key_of(r["service"]) == key_of(m["service"])]
    if not mine:
        there = sorted({r["service"] for r in rows})
        errors.append(f"service: {m['service']!r} has no rows (services: {', '.join(there)})")
        return
    by_channel = {r["channel"]: r for r in mine}

    def unit_cost(c):
        r = by_channel.get(c)
        if r is not None and r["unit_cost"] is not None:
            return ("sheet", r["unit_cost"])
        if c in m["unit_costs"]:
            return ("model", m["unit_costs"][c])
        e = library_entry(f"transaction.{c}")
        if e is not None:
            return ("library", (Decimal(e["cost"]), int(str(e["price_base"])[:4])))
        errors.append(f"channel {c} has no unit cost anywhere")
        return None

    prep["volumes"] = {}
    prep["costs"] = {}
    for c in m["shift"]:
        if c not in by_channel:
            errors.append(f"shift.{c}: {m['service']!r} has no {c} row")
            continue
        prep["volumes"][c] = by_channel[c]["annual_volume"]
        prep["costs"][c] = unit_cost(c)
    prep["costs"][m["to"]] = unit_cost(m["to"])


def flows_channel_shift(ctx):
    """SPEC 7.5."""
    m, h0, h1, index, add, P = ctx["m"], ctx["h0"], ctx["h1"], ctx["index"], ctx["add"], ctx["P"]
    prep, g = ctx["prep"], ctx["g"]

    def u(c):
        where, v = prep["costs"][c]
        if where == "library":
            cost, pe = v
            return num(cost) * (ONE + g) ** (P - pe)
        return num(v)

    u_to = u(m["to"])
    mlive = eff_month(m["live_on"])
    share_c = num(m["cashable_share"])
    growth = ONE + num(m["volume_growth"])
    for c, shifts in m["shift"].items():
        diff = u(c) - u_to
        vol = num(prep["volumes"][c])
        label = f"{c} to {m['to']}"
        for mm in range(max(h0, mlive), h1):
            k = (mm - mlive) // 12
            s_c = num(shifts[min(k, len(shifts) - 1)])
            y = fy_of_month(mm)
            saving = s_c * vol * growth ** (y - P) * diff * index("unit_costs", y) / 12
            if saving < 0:
                add(mm, label, "cashable", saving)
            else:
                add(mm, label, "cashable", share_c * saving)
                if share_c != ONE:
                    add(mm, label, "non_cashable", saving - share_c * saving)
    # SPEC 7.5/7.7: other bodies' gain per transaction moved.
    for ob in m.get("other_bodies", []):
        label = f"{ob['body']}: transactions moved"
        for mm in range(max(h0, mlive), h1):
            k = (mm - mlive) // 12
            y = fy_of_month(mm)
            moved = sum((num(sh[min(k, len(sh) - 1)]) * num(prep["volumes"][c]) * growth ** (y - P)
                         for c, sh in m["shift"].items()), ZERO)
            ctx["add_other"](mm, ob["body"], label, "non_cashable",
                             moved * num(ob["per_transaction"]) * index("unit_costs", y) / 12)


def prep_libraries(m, wb, bname, errors, prep):
    if m["kind"] == "shared_service" and m.get("service") is not None:
        prep_services(m, wb, bname, errors, prep)
        return
    rows = wb["libraries"]
    if rows is None:
        errors.append(f"{bname}: no Libraries sheet ({m['kind']} needs it)")
        return
    if m["kind"] == "shared_service":
        costs = {}
        for p in m["partners"]:
            c = library_costs(rows, p)
            if c is None:
                errors.append(f"partners: {p!r} has no rows in the Libraries sheet")
            costs[key_of(p)] = c
        prep["costs"] = costs
    else:
        c = library_costs(rows, m["authority"]) if m["authority"] is not None else None
        if c is None and m["authority"] is not None:
            errors.append(f"authority {m['authority']!r} has no rows in the Libraries sheet")
        prep["cost"] = c


def flows_shared_service(ctx):
    """SPEC 7.2."""
    m, h0, h1, index, add = ctx["m"], ctx["h0"], ctx["h1"], ctx["index"], ctx["add"]
    costs = ctx["prep"]["costs"]          # partner key -> {category: price-base annual}
    reds = m["reductions"]
    if m["perspective_all"]:
        share = ONE
    elif m["cost_share"] == "pro_rata":
        pk = key_of(m["perspective"])
        mine = sum((num(costs[pk].get(c, ZERO)) for c in reds), ZERO)
        den = sum((num(costs[p].get(c, ZERO)) for p in costs for c in reds), ZERO)
        # no partner has any cost in the reduced categories: the combined
        # saving is 0 whatever the share, so the share is taken as 0.
        share = mine / den if den != 0 else ZERO
    else:
        share = num(m["cost_share"][key_of(m["perspective"])])
    mlive = eff_month(m["live_on"])
    ramp = m["ramp"]

    def share_of(p):
        """SPEC 7.7: a partner's share, as the perspective's is worked out."""
        if m["cost_share"] == "pro_rata":
            mine = sum((num(costs[key_of(p)].get(c, ZERO)) for c in reds), ZERO)
            den = sum((num(costs[q].get(c, ZERO)) for q in costs for c in reds), ZERO)
            return mine / den if den != 0 else ZERO
        return num(m["cost_share"][key_of(p)])

    # Who bears each share (SPEC 7.7): with a partner as perspective, every
    # other partner its own share; with "all", every partner its share, and
    # every body counts.
    others = [p for p in m["partners"]
              if m["perspective_all"] or key_of(p) != key_of(m["perspective"])]
    if m["perspective_all"]:
        ctx["counting"]["all"] = True
    for c, r_c in reds.items():
        total = sum((num(costs[p].get(c, ZERO)) for p in costs), ZERO)   # Σ_partners, price base
        for mm in range(max(h0, mlive), h1):
            k = (mm - mlive) // 12
            rmp = num(ramp[min(k, len(ramp) - 1)])
            b = total * index(c, fy_of_month(mm)) / 12          # Σ_p b(p, c, m)
            if not m["perspective_all"]:
                add(mm, c, "cashable", share * (num(r_c) * b * rmp))
            for p in others:
                ctx["add_other"](mm, p.strip(), c, "cashable", share_of(p) * (num(r_c) * b * rmp))


def flows_libraries_trust(ctx):
    """SPEC 7.3."""
    m, h0, h1, index, add = ctx["m"], ctx["h0"], ctx["h1"], ctx["index"], ctx["add"]
    cost = ctx["prep"]["cost"]
    mand = num(m["mandatory_rates_relief"])
    disc = num(m["discretionary_rates_relief"])
    share = num(m["discretionary_relief_council_share"])
    scc = num(m["staff_cost_change"])
    tsr = num(m["trust_support_ratio"])
    strd = num(m["stranded_overheads"])
    upl = num(m["income_uplift"])
    eff = num(m["management_fee_efficiency"])
    client = num(m["client_side_annual"])
    f = {c: ONE for c in LIBRARY_CATEGORIES}
    f["business_rates"] = ONE - mand - disc
    f["frontline_staff"] = f["management"] = ONE + scc
    f["support_services"] = tsr
    f["income"] = -(ONE + upl)
    mt = eff_month(m["transfer_on"])
    for mm in range(max(h0, mt), h1):
        y = fy_of_month(mm)
        k = (mm - mt) // 12
        b = {c: num(cost[c]) * index(c, y) / 12 for c in LIBRARY_CATEGORIES}
        T = sum((b[c] * f[c] for c in LIBRARY_CATEGORIES), ZERO)
        add(mm, "mandatory rates relief", "cashable", mand * b["business_rates"])
        add(mm, "discretionary rates relief (net)", "cashable",
            disc * (ONE - share) * b["business_rates"])
        add(mm, "staff terms", "cashable", -scc * (b["frontline_staff"] + b["management"]))
        add(mm, "support services", "cashable", (ONE - strd - tsr) * b["support_services"])
        add(mm, "income uplift", "cashable", upl * b["income"])
        add(mm, "management fee efficiency", "cashable", T * (ONE - (ONE - eff) ** k))
        add(mm, "client-side team", "cashable", -(client * index("default", y)) / 12)
        # SPEC 7.7: the relief the council no longer pays comes from the pool.
        ctx["add_other"](mm, "business rates pool", "rates relief funded by the pool", "cashable",
                         -(mand + disc * (ONE - share)) * b["business_rates"])


def ay_of_month(mm):
    year, mo0 = divmod(mm, 12)
    return year if mo0 + 1 >= 9 else year - 1


def prep_sen(m, wb, bname, errors, prep):
    rows = wb["placements"]
    if rows is None:
        errors.append(f"{bname}: no Placements sheet (sen_invest_to_save needs it)")
        return
    if m["ncy"] is None:
        return
    needs = {key_of(x) for x in m["need"]}
    lo, hi = m["ncy"]
    pts = set(m["provider_types"])
    elig = [r for r in rows if key_of(r["need"]) in needs and r["ncy"] is not None
            and lo <= r["ncy"] <= hi and r["provider_type"] in pts]
    if not elig:
        errors.append("no placement on the Placements sheet matches need, ncy and provider_types")
    prep["eligible"] = elig


def flows_sen(ctx):
    """SPEC 7.4."""
    m, h0, h1, index, add = ctx["m"], ctx["h0"], ctx["h1"], ctx["index"], ctx["add"]
    P, ob, warnings = ctx["P"], ctx["ob"], ctx["warnings"]
    elig = ctx["prep"]["eligible"]
    N0 = num(len(elig))
    c0 = sum((num(r["annual_fee"]) + num(r["annual_transport"]) for r in elig), ZERO) / N0
    g = num(m["demand_growth"])
    tu = num(m["take_up"])
    inb_annual = num(m["cost_per_place"]) + num(m["transport_per_place"])
    fixed = num(m["fixed_annual"])
    cap = m["capacity"]
    mo = eff_month(m["opens_on"])
    ay_open = ay_of_month(mo)
    for mm in range(h0, h1):
        I = index("placements", fy_of_month(mm))
        a = ay_of_month(mm) - P
        n = N0 * (ONE + g) ** a
        ind = c0 * I / 12
        if mm >= mo:
            j = ay_of_month(mm) - ay_open
            D = min(num(cap[min(j, len(cap) - 1)]), tu * n)
            inb = inb_annual * I / 12
            fix = fixed * I / 12
        else:
            D = inb = fix = ZERO
        do_nothing = n * ind
        scenario = (n - D) * ind + D * inb + fix
        saving = do_nothing - scenario
        budget = N0 * ind
        if saving < 0:
            cashable, avoided = saving, ZERO
        else:
            cashable = min(max(budget - scenario, ZERO), saving)
            avoided = saving - cashable
        add(mm, "placements diverted", "cashable", cashable)
        add(mm, "placements diverted", "cost_avoidance", avoided)

    capital = m["capital"]
    if capital is not None and capital > 0:
        K = num(capital) * (ONE + ob)
        mc = eff_month(m["capital_date"])
        if m["financing"] is None:
            if h0 <= mc < h1:
                add(mc, "capital", "one_off_cost", -K)
            else:
                warnings.append(f"capital ({month_name(mc)}) is outside the horizon and is left out")
        else:
            r, n = m["financing"]
            r = num(r)
            A = K / n if r == 0 else K * r / (ONE - (ONE + r) ** (-n))
            months = range(mc, mc + 12 * n)
            out = [mm for mm in months if not (h0 <= mm < h1)]
            for mm in months:
                if h0 <= mm < h1:
                    add(mm, "capital financing", "financing_cost", -A / 12)
            if out:
                warnings.append(f"capital financing: {len(out)} of its {12 * n} monthly payments "
                                f"({month_name(mc)} to {month_name(mc + 12 * n - 1)}) are outside "
                                f"the horizon and are left out")


def run_model(model_path, baseline_path, out_dir):
    errors, warnings = [], []
    wb = read_workbook(baseline_path, errors, warnings)
    m = read_model(model_path, errors)
    if m is None or errors:
        for e in errors:
            print(e, file=sys.stderr)
        return 2
    kind = m["kind"]
    bname = os.path.basename(baseline_path)
    if kind in ("building_vacation", "sen_invest_to_save") and wb["authority"] is None:
        errors.append(f"{bname}: Meta: no authority ({kind} needs the workbook's authority)")
    pb = m["price_base"] or wb["price_base"]
    if pb is None:
        errors.append("no price_base in the model or the workbook's Meta sheet")
    prep = {}
    if kind == "building_vacation":
        prep_building_vacation(m, wb, bname, errors, prep)
    elif kind in ("shared_service", "libraries_trust"):
        prep_libraries(m, wb, bname, errors, prep)
    elif kind == "sen_invest_to_save":
        prep_sen(m, wb, bname, errors, prep)
    elif kind == "channel_shift":
        prep_channel_shift(m, wb, bname, errors, prep)
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
    # SPEC 7.7: every body's flows, the authority's under None.
    body_sums = {}  # (fy, body, class) -> amount
    other_sums = {}  # (fy, class, label) -> amount of bodies other than the authority
    counting = {"all": m.get("public_sector", False)}

    def add(month, label, cls, amount):
        assert h0 <= month < h1
        k = (fy_of_month(month), cls, label)
        sums[k] = sums.get(k, ZERO) + amount
        b = (fy_of_month(month), None, cls)
        body_sums[b] = body_sums.get(b, ZERO) + amount

    def add_other(month, body, label, cls, amount):
        assert h0 <= month < h1
        k = (fy_of_month(month), cls, label)
        other_sums[k] = other_sums.get(k, ZERO) + amount
        b = (fy_of_month(month), body, cls)
        body_sums[b] = body_sums.get(b, ZERO) + amount

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

    gdp = infl.get("gdp_deflator")
    ctx = {"m": m, "h0": h0, "h1": h1, "P": P, "index": index, "add": add,
           "add_other": add_other, "counting": counting,
           "warnings": warnings, "ob": ob, "prep": prep,
           "g": num(gdp if gdp is not None else default_rate)}
    if kind == "building_vacation":
        flows_building_vacation(ctx)
        authority = wb["authority"]
    elif kind == "shared_service":
        flows_shared_service(ctx)
        authority = "all" if m["perspective_all"] else m["perspective"].strip()
    elif kind == "libraries_trust":
        flows_libraries_trust(ctx)
        authority = m["authority"].strip()
    elif kind == "channel_shift":
        flows_channel_shift(ctx)
        authority = wb["authority"]
    else:
        flows_sen(ctx)
        authority = wb["authority"]
    # The projection counts the authority's flows, or every body's.
    if counting["all"]:
        for k, a in other_sums.items():
            sums[k] = sums.get(k, ZERO) + a

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

    # SPEC 7.7: bodies.csv, by FY, body (the authority first, then byte
    # order), class; non-zero amounts.
    bodies = [["financial_year", "body", "class", "amount"]]
    bkeys = [k for k, a in body_sums.items() if a != 0]
    bkeys.sort(key=lambda k: (k[0], k[1] is not None, (k[1] or "").encode("utf-8"),
                              CLASSES.index(k[2])))
    for k in bkeys:
        bodies.append([fy_label(k[0]), k[1] if k[1] is not None else authority, k[2],
                       fmt(body_sums[k])])
    write_csv(os.path.join(odir, "bodies.csv"), bodies, text_cols={0, 1, 2})

    def sha(p):
        return hashlib.sha256(open(p, "rb").read()).hexdigest()

    summary = {
        "name": m["name"],
        "kind": m["kind"],
        "authority": authority,
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
