#!/usr/bin/env python3
"""Compare tongji's metrics.csv (the ytd window, 2023年1-9月 for --period 2023-09) with a corpus's expected.json.

    python3 scripts/peer/compare_metrics.py OUT/2023-09/metrics.csv CORPUS/expected.json
"""
import csv
import json
import sys

METRIC = {"training_batches": ("training", "batches"), "training_attendees": ("training", "attendees"),
          "verification": ("verification", "count"), "enforcement": ("enforcement", "count"),
          "enforcement_joint": ("enforcement", "joint")}


def main(metrics_csv: str, expected_json: str) -> int:
    e = json.load(open(expected_json, encoding="utf-8"))
    with open(metrics_csv, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    period = rows[0]["period"]
    year, month = int(period[:4]), int(period[5:])
    want = {}
    for kind, specs in e["totals"].items():
        for spec, months in specs.items():
            for ym, v in months.items():
                if int(ym[:4]) == year and int(ym[5:]) <= month:
                    w = want.setdefault((kind, spec), {})
                    for k, x in v.items():
                        w[k] = w.get(k, 0) + x
    bad = n = 0
    for r in rows:
        if r["window"] != "ytd" or r["metric"] not in METRIC or (METRIC[r["metric"]][0], r["specialty"]) not in want \
                and r["value"] in ("", "0"):
            continue
        kind, field = METRIC[r["metric"]]
        if r["metric"] == "verification" and r["specialty"] == "名录库":
            field = "units"                      # 名录库 counts 家 (distinct units)
        if r["specialty"] in ("合计", "total"):
            exp = sum(v.get(field, 0) for (k, _), v in want.items() if k == kind)
        else:
            exp = want.get((kind, r["specialty"]), {}).get(field, 0)
        n += 1
        if int(float(r["value"] or 0)) != exp:
            bad += 1
            print(f"differs: {r['specialty']} {r['metric']}: tongji {r['value']}, expected {exp}")
    print(f"{metrics_csv}: {n} ytd values compared with {expected_json}: " + ("all match" if not bad else f"{bad} differ"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
