#!/usr/bin/env bash
# Rebuilds assets/fonts/NotoSansSC-GB2312.otf, the Chinese font embedded in tongji for charts:
# face 2 (Simplified Chinese) of Noto Sans CJK Regular, subset to GB2312 plus ASCII, Latin-1
# and CJK / full-width punctuation, as CFF .otf with the name table kept and layout features
# dropped. Byte-for-byte repeatable with the pinned inputs below.
#
#   apt-get install fonts-noto-cjk        # 1:20220127+repack1-1 (Debian bookworm)
#   pip install fonttools==4.68.0
#   scripts/make_font.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src=${NOTO_CJK:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out=assets/fonts/NotoSansSC-GB2312.otf
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
python3 - "$chars" <<'PY'
import sys
cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))            # ASCII, Latin-1
cps |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))     # CJK punctuation, full-width forms
cps |= set(range(0x2010, 0x2070)) | {0x00B7, 0x2116, 0x2103, 0x00D7, 0x00F7, 0x2160, 0x2161, 0x2162, 0x2163}
for hi in range(0xA1, 0xF8):                                        # every GB2312 character
    for lo in range(0xA1, 0xFF):
        try:
            cps.update(ord(c) for c in bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
with open(sys.argv[1], "w") as f:
    f.write(",".join(f"U+{c:04X}" for c in sorted(cps)))
PY
pyftsubset "$src" --font-number=2 --unicodes-file="$chars" --name-IDs='*' --name-languages='*' \
  --layout-features='' --drop-tables+=BASE,GSUB,GPOS,VORG,vhea,vmtx --no-hinting --desubroutinize \
  --output-file="$out"
ls -l "$out"
sha256sum "$out"
