#!/usr/bin/env python3
"""The polars version of the helper's script, to time side by side with tongji.

    python3 scripts/peer/polars_peer.py --input DIR [--read-only]

Reads every sheet of every workbook with polars.read_excel(sheet_id=0, engine="calamine",
has_header=False) (fastexcel; infer_schema_length=0 so that every column comes back as text
and no cell is lost to a guessed column type) and every CSV with polars.read_csv (decoded from
GB18030 or UTF-8 first: polars reads UTF-8 only). --read-only stops there and prints the time of
reading alone ("polars read_excel alone"). Otherwise applies the same rules as pandas_peer.py
with polars expressions: header search in the first 20 rows, blank/合计/note rows dropped,
dates and counts parsed from text, specialty from the 专业 column or the names; group-by kind,
specialty and month; prints the 2023年1-9月 totals and compares with DIR/expected.json.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (ENFORCEMENT, TOTAL_WORDS, TRAINING, UNIT_SUFFIX, VERIFICATION, classify, compare,  # noqa: E402
                    decode_csv, find_specialty, sheet_context, walk)

FULL = [chr(c) for c in range(0xFF01, 0xFF5F)] + ["\u3000"]
HALF = [chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)] + [" "]
RANGE_TAIL = r"(?:$|[-至到~～—–、，,])"


def read_book(path: Path) -> dict:
    if path.suffix.lower() == ".csv":
        text, sep, width = decode_csv(path)
        df = pl.read_csv(io.BytesIO(text.encode("utf-8")), has_header=False, separator=sep, infer_schema=False,
                         new_columns=[f"column_{i}" for i in range(width)], truncate_ragged_lines=True)
        return {path.stem: df}
    return pl.read_excel(path, sheet_id=0, engine="calamine", has_header=False, infer_schema_length=0)


def norm(e: pl.Expr) -> pl.Expr:
    return e.str.replace_many(FULL, HALF).str.strip_chars()


# [0-9] rather than \d: Rust's Unicode \d makes every regex bigger to compile.
def parse_dates(u: pl.DataFrame, col: str, year: int | None, month_col: bool) -> pl.DataFrame:
    """Adds _y, _m (null where the cell is not a date) to a frame of distinct date cells.
    Done in stages so that every regex runs once (an expression tree repeating them is slow)."""
    f = lambda name, i: pl.col(name).struct.field(str(i)).cast(pl.Int32, strict=False)  # noqa: E731
    u = u.with_columns(norm(pl.col(col)).str.replace(r"[ T\t].*$", "").alias("_t"))
    u = u.with_columns(
        pl.col("_t").str.extract_groups(r"^([0-9]{4})([-/.])([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?" + RANGE_TAIL).alias("_a"),
        pl.col("_t").str.extract_groups(r"^([0-9]{4})年([0-9]{1,2})月(?:份|([0-9]{1,2})[日号]?)?" + RANGE_TAIL).alias("_b"),
        pl.col("_t").str.extract_groups(r"^([0-9]{4})([0-9]{2})([0-9]{2})?$").alias("_c"),
        pl.col("_t").str.extract_groups(r"^([0-9]{1,2})月(?:份|([0-9]{1,2})[日号]?)?" + RANGE_TAIL).alias("_md"),
        pl.col("_t").cast(pl.Float64, strict=False).alias("_n"),
    )
    n = pl.col("_n")
    # an Excel serial (1990-2100; a time fraction ignored), as days since 1970-01-01
    sd = pl.from_epoch(pl.when(n.is_between(32874, 73415)).then(n.floor() - 25569).cast(pl.Int64), time_unit="d")
    ys = [f("_a", 1), f("_b", 1), f("_c", 1), sd.dt.year()]
    ms = [f("_a", 3), f("_b", 2), f("_c", 2), sd.dt.month().cast(pl.Int32)]
    ds = [pl.when(f("_a", 1).is_not_null()).then(f("_a", 4).fill_null(1)),
          pl.when(f("_b", 1).is_not_null()).then(f("_b", 3).fill_null(1)),
          pl.when(f("_c", 1).is_not_null()).then(f("_c", 3).fill_null(1)), sd.dt.day().cast(pl.Int32)]
    if year:
        mo = f("_md", 1)
        ys.append(pl.when(mo.is_not_null()).then(pl.lit(year)))
        ms.append(mo)
        ds.append(pl.when(mo.is_not_null()).then(f("_md", 2).fill_null(1)))
        if month_col:
            bare = n.is_between(1, 12) & (n.floor() == n)
            ys.append(pl.when(bare).then(pl.lit(year)))
            ms.append(pl.when(bare).then(n.cast(pl.Int32)))
            ds.append(pl.when(bare).then(pl.lit(1)))
    u = u.with_columns(pl.coalesce(ys).alias("_y"), pl.coalesce(ms).alias("_m"), pl.coalesce(ds).alias("_d"))
    # impossible dates (2023-02-30, month 13) are not dates
    valid = pl.concat_str(["_y", "_m", "_d"], separator="-").str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_not_null()
    return u.select(col, pl.when(valid).then(pl.col("_y")).alias("_y"), pl.when(valid).then(pl.col("_m")).alias("_m"))


def count_expr(e: pl.Expr) -> pl.Expr:
    return norm(e).str.replace(UNIT_SUFFIX, "").str.replace_all(",", "").str.strip_chars().cast(pl.Float64, strict=False)


def read_sheet(df: pl.DataFrame, name: str, path: Path, root: Path, stats: dict):
    if df.height == 0 or df.width == 0:
        return None
    df = df.select(pl.all().cast(pl.String))
    df = df.with_columns(pl.when(pl.all().str.strip_chars() == "").then(None).otherwise(pl.all()).name.keep())
    top = [list(r) for r in df.head(21).rows()]
    kind, header = classify(name, path, root, top)
    if kind is None:
        stats["unrecognized"] += 1
        return None
    first, last, cols, month_col = header
    title = " ".join(v for row in top[:first] for v in row if isinstance(v, str))
    specialty, year = sheet_context(name, path, root, title, kind)
    names = df.columns
    body = df.slice(last + 1)
    seq = cols.get("seq")
    others = [c for i, c in enumerate(names) if i != seq]
    lead_cols = [pl.when(pl.col(c).str.contains(r"^[0-9]+(\.0)?$")).then(None).otherwise(pl.col(c)) if i == seq
                 else pl.col(c) for i, c in enumerate(names)]
    n_cells = pl.sum_horizontal(pl.col(c).is_not_null() for c in names)
    body = body.with_columns(
        pl.coalesce(lead_cols).str.contains("|".join(TOTAL_WORDS)).fill_null(False).alias("_total"),
        n_cells.alias("_cells"),
        (pl.any_horizontal(pl.col(c).is_not_null() for c in others) | pl.coalesce(lead_cols).is_not_null()).alias("_content"),
    ).filter(pl.col("_content"))
    stats["totals"] += int(body["_total"].sum())
    stats["notes"] += int(body.filter(~pl.col("_total") & (pl.col("_cells") == 1)).height)
    body = body.filter(~pl.col("_total") & (pl.col("_cells") > 1))
    if body.height == 0:
        return None
    col = lambda f: pl.col(names[cols[f]])  # noqa: E731
    # a log repeats its dates: parse the distinct values and join them back
    dcol = names[cols["date"]]
    parsed = parse_dates(body.select(pl.col(dcol).unique()), dcol, year, month_col)
    body = body.join(parsed, on=dcol, how="left", nulls_equal=True, maintain_order="left")
    exprs = [pl.col("_y").alias("y"), pl.col("_m").alias("m")]
    if "specialty" in cols:
        labels = body[names[cols["specialty"]]].drop_nulls().unique().to_list()
        mapping = {v: (find_specialty(v) or v.strip()) for v in labels}
        exprs.append(col("specialty").replace_strict(mapping, default=None).fill_null(pl.lit(specialty)).alias("specialty"))
    else:
        exprs.append(pl.lit(specialty, dtype=pl.String).alias("specialty"))
    if kind == TRAINING:
        exprs += [count_expr(col("batches")).fill_null(1.0).alias("batches") if "batches" in cols else pl.lit(1.0).alias("batches"),
                  count_expr(col("attendees")).alias("attendees") if "attendees" in cols else pl.lit(None, pl.Float64).alias("attendees"),
                  pl.lit(0.0).alias("count")]
    else:
        named = pl.any_horizontal([col(f).is_not_null() for f in ("unit", "unit_id") if f in cols] or [pl.lit(False)])
        one = pl.when(named).then(1.0).otherwise(None)
        cnt = (pl.when(col("count").is_null()).then(one).otherwise(count_expr(col("count"))) if "count" in cols else one)
        exprs += [pl.lit(0.0).alias("batches"), pl.lit(0.0).alias("attendees"), cnt.alias("count")]
    rec = body.select(exprs)
    if "partner" in cols:
        rec = rec.with_columns(pl.when(body[names[cols["partner"]]].is_not_null()).then(pl.col("count")).otherwise(0.0).alias("joint"))
    else:
        rec = rec.with_columns(pl.lit(0.0).alias("joint"))
    need = "attendees" if kind == TRAINING else "count"
    ok = pl.col("y").is_not_null() & pl.col(need).is_not_null() & pl.col("specialty").is_not_null()
    stats["rejected"] += rec.filter(~ok).height
    stats["sheets"] += 1
    return rec.filter(ok).with_columns(pl.lit(kind).alias("kind"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, required=True)
    ap.add_argument("--read-only", action="store_true", help="only read every sheet: time polars.read_excel alone")
    args = ap.parse_args(argv)
    root = args.input
    t0 = time.perf_counter()
    stats = {"files": 0, "sheets": 0, "unrecognized": 0, "totals": 0, "notes": 0, "rejected": 0, "cells": 0}
    t_read = 0.0
    parts = []
    for path in walk(root):
        stats["files"] += 1
        t = time.perf_counter()
        book = read_book(path)
        t_read += time.perf_counter() - t
        if args.read_only:
            stats["sheets"] += len(book)
            stats["cells"] += sum(df.height * df.width for df in book.values())
            continue
        for name, df in book.items():
            rec = read_sheet(df, name, path, root, stats)
            if rec is not None and rec.height:
                parts.append(rec)
    if args.read_only:
        print(f"polars read_excel/read_csv only: {stats['files']} files, {stats['sheets']} sheets, "
              f"{stats['cells']} cells in {time.perf_counter() - t0:.1f} s")
        return 0
    records = pl.concat(parts, how="vertical_relaxed")
    monthly = (records.with_columns(pl.format("{}-{}", pl.col("y"), pl.col("m").cast(pl.String).str.zfill(2)).alias("month"))
               .group_by("kind", "specialty", "month")
               .agg(pl.col("batches").sum(), pl.col("attendees").sum(), pl.col("count").sum(), pl.col("joint").sum(),
                    pl.len().alias("records"))
               .sort("kind", "specialty", "month"))
    secs = time.perf_counter() - t0
    print(f"polars: {stats['files']} files, {stats['sheets']} sheets, {records.height} records, {stats['totals']} totals rows, "
          f"{stats['notes']} note rows, {stats['rejected']} rows not read, {stats['unrecognized']} sheets not recognised; "
          f"{secs:.1f} s (reading {t_read:.1f} s)")
    ytd = (records.filter((pl.col("y") == 2023) & (pl.col("m") <= 9)).group_by("kind")
           .agg(pl.col("batches").sum(), pl.col("attendees").sum(), pl.col("count").sum(), pl.col("joint").sum(),
                pl.len().alias("records")))
    order = {TRAINING: 0, VERIFICATION: 1, ENFORCEMENT: 2}
    for r in sorted(ytd.iter_rows(named=True), key=lambda r: order[r["kind"]]):
        if r["kind"] == TRAINING:
            print(f"2023年1-9月 {r['kind']}: batches {int(r['batches'])}, attendees {int(r['attendees'])}, records {r['records']}")
        else:
            extra = f", joint {int(r['joint'])}" if r["kind"] == ENFORCEMENT else ""
            print(f"2023年1-9月 {r['kind']}: count {int(r['count'])}, records {r['records']}{extra}")
    exp = root / "expected.json"
    if exp.exists():
        got = {(k, s, mo): (b, a, c) for k, s, mo, b, a, c, *_ in monthly.iter_rows()}
        compare(exp, got, kinds=(TRAINING, VERIFICATION, ENFORCEMENT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
