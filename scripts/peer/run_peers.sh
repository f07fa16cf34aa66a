#!/usr/bin/env bash
# Time the peer scripts on a corpus from scripts/make_corpus.py: wall time and peak RSS
# (/usr/bin/time -v), and whether their totals match the corpus's expected.json.
#   bash scripts/peer/run_peers.sh /work/corpus/c200 [pandas-openpyxl pandas-calamine polars polars-read]
set -euo pipefail
corpus=${1:?corpus folder}
shift || true
which=("$@")
[ ${#which[@]} -eq 0 ] && which=(pandas-openpyxl pandas-calamine polars polars-read)
here=$(cd "$(dirname "$0")" && pwd)
out=${PEER_OUT:-/tmp/peer_out}
mkdir -p "$out"
name=$(basename "$corpus")
for w in "${which[@]}"; do
  case $w in
    pandas-openpyxl) cmd=(python3 "$here/pandas_peer.py" --input "$corpus" --output "$out/$name-pandas-openpyxl.xlsx" --engine openpyxl) ;;
    pandas-calamine) cmd=(python3 "$here/pandas_peer.py" --input "$corpus" --output "$out/$name-pandas-calamine.xlsx" --engine calamine) ;;
    polars) cmd=(python3 "$here/polars_peer.py" --input "$corpus") ;;
    polars-read) cmd=(python3 "$here/polars_peer.py" --input "$corpus" --read-only) ;;
    *) echo "unknown peer $w" >&2; exit 2 ;;
  esac
  log="$out/$name-$w.log"
  /usr/bin/time -v "${cmd[@]}" >"$log" 2>&1 || true
  wall=$(grep -F 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep -F 'Maximum resident set size' "$log" | awk '{print $NF}')
  verdict=$(grep -E '^compared' "$log" | sed 's/.*: //' || true)
  printf '%-16s %-8s wall %-8s peak RSS %6d MB  %s\n' "$name" "$w" "$wall" $((rss / 1024)) "${verdict:-}"
done
