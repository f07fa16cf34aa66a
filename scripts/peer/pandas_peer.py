#!/usr/bin/env python3
"""The pandas script a bureau's IT helper would write for tongji's job, to time side by side.

    python3 scripts/peer/pandas_peer.py --input DIR --output OUT.xlsx [--engine openpyxl|calamine]

Walks DIR, reads every sheet with pandas.read_excel(sheet_name=None, header=None) (engine
openpyxl: pandas picks openpyxl for .xlsx, xlrd for .xls and odf for .ods by extension; engine
calamine: calamine for all) and every CSV with pandas.read_csv (UTF-8 with or without BOM, else
GB18030); finds the header in the first 20 rows by the known column names; drops blank, 合计/小计
and note rows; reads dates (date cells, Excel serials, 20230920, 2023-09-20, 2023/9/20, 2023.09.20,
2023年9月20日, 9月20日 with the year of the title or names, month-only dates) and counts (text,
full-width digits, a trailing unit such as 人次); takes the specialty from the 专业 column or the
sheet name, title, file name or folders; sums 批次, 人次 and 家次 per kind, specialty and month and
writes them to OUT.xlsx with DataFrame.to_excel. Prints the 2023年1-9月 totals per kind and, when
DIR/expected.json exists (scripts/make_corpus.py), compares every (kind, specialty, month) sum.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (ENFORCEMENT, HALF, TOTAL_WORDS, TRAINING, UNIT_SUFFIX, VERIFICATION, classify,  # noqa: E402
                    compare, decode_csv, find_specialty, sheet_context, walk)

warnings.filterwarnings("ignore", message=".*xlrd engine is deprecated.*")

DATE_A = r"^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?:$|[-至到~～—–、，,])"           # 2023-09-20, 2023/9, 2023.09.20
DATE_B = r"^(\d{4})年(\d{1,2})月(?:份|(\d{1,2})[日号]?)?(?:$|[-至到~～—–、，,])"      # 2023年9月20日, 2023年9月
DATE_C = r"^(\d{1,2})月(?:份|(\d{1,2})[日号]?)?(?:$|[-至到~～—–、，,])"               # 9月20日 (year from context)


def read_book(path: Path, engine: str) -> dict:
    """{sheet name: DataFrame of raw cells} for one file."""
    if path.suffix.lower() == ".csv":
        text, sep, width = decode_csv(path)
        df = pd.read_csv(io.StringIO(text), header=None, sep=sep, names=range(width), dtype=str,
                         skip_blank_lines=False, keep_default_na=False, na_values=[""])
        return {path.stem: df}
    if engine == "calamine":
        return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    # what pandas picked by extension before it defaulted to calamine
    ext = path.suffix.lower()
    by_ext = "xlrd" if ext == ".xls" else "odf" if ext == ".ods" else "pyxlsb" if ext == ".xlsb" else "openpyxl"
    return pd.read_excel(path, sheet_name=None, header=None, engine=by_ext)


def parse_dates(s: pd.Series, year: int | None, month_col: bool) -> pd.DataFrame:
    """Year and month of each date cell (NaN where it is not a date). A log repeats its dates, so
    the distinct values are parsed and the result mapped back."""
    uniq = s.dropna().unique()
    parsed = _parse_dates(pd.Series(uniq, dtype=object), year, month_col)
    return pd.DataFrame({"y": s.map(dict(zip(uniq, parsed["y"]))), "m": s.map(dict(zip(uniq, parsed["m"])))},
                        index=s.index)


def _parse_dates(s: pd.Series, year: int | None, month_col: bool) -> pd.DataFrame:
    out = pd.DataFrame({"y": np.nan, "m": np.nan, "d": np.nan}, index=s.index)
    is_dt = s.map(lambda v: isinstance(v, (dt.date, pd.Timestamp)))
    if is_dt.any():
        d = pd.to_datetime(s[is_dt])
        out.loc[is_dt, "y"], out.loc[is_dt, "m"], out.loc[is_dt, "d"] = d.dt.year, d.dt.month, d.dt.day
    num = pd.to_numeric(s.where(~is_dt), errors="coerce")
    if num.notna().any():
        n = num.dropna()
        whole = n == n.round()
        compact = whole & n.between(19900101, 21001231)
        out.loc[n.index[compact], "y"] = (n[compact] // 10000)
        out.loc[n.index[compact], "m"] = (n[compact] // 100 % 100)
        out.loc[n.index[compact], "d"] = (n[compact] % 100)
        ym = whole & n.between(199001, 210012)
        out.loc[n.index[ym], "y"], out.loc[n.index[ym], "m"], out.loc[n.index[ym], "d"] = n[ym] // 100, n[ym] % 100, 1
        serial = n.between(32874, 73415) & ~compact & ~ym      # Excel serials for 1990-2100
        if serial.any():
            d = pd.to_datetime(n[serial].astype(int), unit="D", origin="1899-12-30")
            out.loc[d.index, "y"], out.loc[d.index, "m"], out.loc[d.index, "d"] = d.dt.year, d.dt.month, d.dt.day
        if month_col and year:
            mo = whole & n.between(1, 12)
            out.loc[n.index[mo], "y"], out.loc[n.index[mo], "m"], out.loc[n.index[mo], "d"] = year, n[mo], 1
    is_str = s.map(lambda v: isinstance(v, str))
    if is_str.any():
        t = s[is_str].str.translate(HALF).str.strip().str.split(r"[ T\t]", n=1, regex=True).str[0]
        for pat, cols in ((DATE_A, (0, 2, 3)), (DATE_B, (0, 1, 2))):
            m = t.str.extract(pat)
            hit = m[0].notna() & out.loc[t.index, "y"].isna()
            idx = hit[hit].index
            out.loc[idx, "y"] = m.loc[idx, cols[0]].astype(float)
            out.loc[idx, "m"] = m.loc[idx, cols[1]].astype(float)
            out.loc[idx, "d"] = m.loc[idx, cols[2]].astype(float).fillna(1)
        comp = t.str.extract(r"^(\d{4})(\d{2})(\d{2})?$")
        hit = comp[0].notna() & out.loc[t.index, "y"].isna()
        idx = hit[hit].index
        out.loc[idx, "y"], out.loc[idx, "m"] = comp.loc[idx, 0].astype(float), comp.loc[idx, 1].astype(float)
        out.loc[idx, "d"] = comp.loc[idx, 2].astype(float).fillna(1)
        if year:
            md = t.str.extract(DATE_C)
            hit = md[0].notna() & out.loc[t.index, "y"].isna()
            idx = hit[hit].index
            out.loc[idx, "y"], out.loc[idx, "m"] = year, md.loc[idx, 0].astype(float)
            out.loc[idx, "d"] = md.loc[idx, 1].astype(float).fillna(1)
    ok = out["y"].notna()
    # reject impossible dates (2023-02-30, month 13)
    valid = pd.to_datetime(pd.DataFrame({"year": out.loc[ok, "y"], "month": out.loc[ok, "m"], "day": out.loc[ok, "d"]}),
                           errors="coerce").notna()
    bad = valid[~valid].index
    out.loc[bad, ["y", "m", "d"]] = np.nan
    return out


def parse_counts(s: pd.Series) -> pd.Series:
    """Counts typed as numbers or text ("12", "１２", "56人次", "1,200"); NaN when empty or not a count."""
    uniq = s.dropna().unique()
    parsed = _parse_counts(pd.Series(uniq, dtype=object))
    return s.map(dict(zip(uniq, parsed))).astype(float)


def _parse_counts(s: pd.Series) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    txt = s[num.isna() & s.notna()]
    if len(txt):
        t = txt.astype(str).str.translate(HALF).str.strip().str.replace(UNIT_SUFFIX, "", regex=True)
        t = t.str.replace(",", "", regex=False).str.strip()
        num.loc[t.index] = pd.to_numeric(t, errors="coerce")
    return num


def read_sheet(df: pd.DataFrame, name: str, path: Path, root: Path, stats: dict):
    """The records of one sheet as a DataFrame (kind, specialty, y, m, batches, attendees, count, joint)."""
    if df.empty:
        return None
    top = df.head(21).astype(object).where(df.head(21).notna(), None).values.tolist()
    kind, header = classify(name, path, root, top)
    if kind is None:
        stats["unrecognized"] += 1
        return None
    first, last, cols, month_col = header
    title = " ".join(str(v) for row in top[:first] for v in row if isinstance(v, str))
    specialty, year = sheet_context(name, path, root, title, kind)
    body = df.iloc[last + 1:]
    body = body[body.notna().any(axis=1)]
    # blank rows holding only a 序号
    seq = cols.get("seq")
    if seq is not None:
        rest = body.drop(columns=body.columns[seq])
        seq_text = body.iloc[:, seq].notna() & pd.to_numeric(body.iloc[:, seq], errors="coerce").isna()
        body = body[rest.notna().any(axis=1) | seq_text]
    # 合计/小计 rows: the first non-empty cell (after a 序号 number) holds the word
    lead = body.copy()
    if seq is not None:
        sq = lead.iloc[:, seq]
        lead.iloc[:, seq] = sq.where(pd.to_numeric(sq, errors="coerce").isna())
    first_cell = lead.iloc[:, :3].bfill(axis=1).iloc[:, 0].astype(str)   # the word sits in the first columns
    is_total = first_cell.str.contains("|".join(TOTAL_WORDS), regex=True)
    # note rows: a single text cell
    single = body.notna().sum(axis=1) == 1
    stats["totals"] += int(is_total.sum())
    body = body[~is_total & ~single]
    stats["notes"] += int((single & ~is_total).sum())
    if body.empty:
        return None
    c = lambda f: body.iloc[:, cols[f]] if f in cols else None  # noqa: E731
    dates = parse_dates(c("date"), year, month_col)
    rec = pd.DataFrame({"y": dates["y"], "m": dates["m"]}, index=body.index)
    if "specialty" in cols:
        labels = c("specialty")
        mapping = {v: (find_specialty(v) or str(v).strip()) for v in labels.dropna().unique()}
        rec["specialty"] = labels.map(mapping).fillna(specialty)
    else:
        rec["specialty"] = specialty
    if kind == TRAINING:
        rec["batches"] = parse_counts(c("batches")).fillna(1) if "batches" in cols else 1.0
        rec["attendees"] = parse_counts(c("attendees")) if "attendees" in cols else np.nan
        rec["count"] = 0.0
        ok = rec["y"].notna() & rec["attendees"].notna() & rec["specialty"].notna()
    else:
        named = pd.Series(False, index=body.index)
        for f in ("unit", "unit_id"):
            if f in cols:
                named |= c(f).notna()
        if "count" in cols:
            raw = c("count")
            rec["count"] = parse_counts(raw).where(raw.notna(), np.where(named, 1.0, np.nan))
        else:
            rec["count"] = np.where(named, 1.0, np.nan)
        rec["batches"] = rec["attendees"] = 0.0
        ok = rec["y"].notna() & rec["count"].notna() & rec["specialty"].notna()
    rec["joint"] = rec["count"].where(c("partner").notna(), 0.0) if "partner" in cols else 0.0
    stats["rejected"] += int((~ok).sum())
    rec = rec[ok]
    rec["kind"] = kind
    stats["sheets"] += 1
    return rec


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, required=True)
    ap.add_argument("--output", type=Path, required=True)
    ap.add_argument("--engine", choices=["openpyxl", "calamine"], default="openpyxl")
    args = ap.parse_args(argv)
    root = args.input
    t0 = time.perf_counter()
    stats = {"files": 0, "sheets": 0, "unrecognized": 0, "totals": 0, "notes": 0, "rejected": 0}
    t_read = 0.0
    parts = []
    for path in walk(root):
        stats["files"] += 1
        t = time.perf_counter()
        book = read_book(path, args.engine)
        t_read += time.perf_counter() - t
        for name, df in book.items():
            rec = read_sheet(df, name, path, root, stats)
            if rec is not None and len(rec):
                parts.append(rec)
    records = pd.concat(parts, ignore_index=True)
    records["month"] = records["y"].astype(int).astype(str) + "-" + records["m"].astype(int).map("{:02d}".format)
    monthly = (records.groupby(["kind", "specialty", "month"], sort=True)
               .agg(批次=("batches", "sum"), 人次=("attendees", "sum"), 家次=("count", "sum"),
                    联合检查=("joint", "sum"), 记录数=("kind", "size"))
               .reset_index())
    ytd = records[(records["y"] == 2023) & (records["m"] <= 9)]
    by_spec = (ytd.groupby(["kind", "specialty"]).agg(批次=("batches", "sum"), 人次=("attendees", "sum"),
                                                      家次=("count", "sum"), 记录数=("kind", "size")).reset_index())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(args.output, engine="openpyxl") as xw:
        by_spec.to_excel(xw, sheet_name="2023年1-9月", index=False)
        monthly.to_excel(xw, sheet_name="按月汇总", index=False)
    secs = time.perf_counter() - t0
    print(f"pandas ({args.engine}): {stats['files']} files, {stats['sheets']} sheets, {len(records)} records, "
          f"{stats['totals']} totals rows, {stats['notes']} note rows, {stats['rejected']} rows not read, "
          f"{stats['unrecognized']} sheets not recognised; {secs:.1f} s (reading {t_read:.1f} s)")
    g = ytd.groupby("kind").agg(batches=("batches", "sum"), attendees=("attendees", "sum"), count=("count", "sum"),
                                joint=("joint", "sum"), records=("kind", "size"))
    for kind in (TRAINING, VERIFICATION, ENFORCEMENT):
        if kind in g.index:
            r = g.loc[kind]
            if kind == TRAINING:
                print(f"2023年1-9月 {kind}: batches {int(r.batches)}, attendees {int(r.attendees)}, records {int(r.records)}")
            else:
                extra = f", joint {int(r.joint)}" if kind == ENFORCEMENT else ""
                print(f"2023年1-9月 {kind}: count {int(r['count'])}, records {int(r.records)}{extra}")
    exp = root / "expected.json"
    if exp.exists():
        got = {(k, s, mo): (b, a, c) for k, s, mo, b, a, c in
               monthly[["kind", "specialty", "month", "批次", "人次", "家次"]].itertuples(index=False)}
        compare(exp, got)
    return 0


if __name__ == "__main__":
    sys.exit(main())
