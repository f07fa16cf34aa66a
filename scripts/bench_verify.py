#!/usr/bin/env python3
"""Check a tongji run on a synthetic corpus against the generator's account.

    python3 scripts/bench_verify.py OUTPUT/2023-09/metrics.csv CORPUS/expected.json

Compares the 2023 1-9月 (ytd at 2023-09) figures per specialty: training 批次 and 人次,
verification 家次 (家 for 名录库, 个 for 投资), enforcement 家次 and the joint part. Exits 1
and names every difference; a benchmark of wrong figures is worth nothing.
"""
import csv
import json
import sys


def main(metrics_path: str, expected_path: str) -> int:
    expected = json.load(open(expected_path, encoding="utf-8"))["by_specialty_2023_01_09"]
    got = {}
    with open(metrics_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["period"] == "2023-09" and row["window"] == "ytd":
                got[(row["specialty"], row["metric"])] = int(row["value"])
    wanted = {}
    for spec, t in expected.get("training", {}).items():
        wanted[(spec, "training_batches")] = t["batches"]
        wanted[(spec, "training_attendees")] = t["attendees"]
    for spec, v in expected.get("verification", {}).items():
        wanted[(spec, "verification")] = v.get("units", v["count"]) if spec == "名录库" else v["count"]
    for spec, e in expected.get("enforcement", {}).items():
        wanted[(spec, "enforcement")] = e["count"]
        wanted[(spec, "enforcement_joint")] = e["joint"]
    bad = [(k, w, got.get(k)) for k, w in sorted(wanted.items()) if got.get(k) != w]
    for (spec, metric), w, g in bad:
        print(f"MISMATCH {spec} {metric}: expected {w}, tongji {g}")
    print(f"{len(wanted) - len(bad)}/{len(wanted)} figures match the generator's account")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
