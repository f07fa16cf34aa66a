"""Rules shared by the two peer scripts: column aliases, kind and specialty by name, header search.

This is what a bureau's IT helper would copy out of docs/input-format.md into a Python script:
the alias tables, the keyword order for kinds, the longest-alias rule for specialties, and the
header search over the first 20 rows. The per-cell work (dates, counts) is done by each peer
with its own library (pandas or polars).
"""
from __future__ import annotations

import re
from pathlib import Path

TRAINING, VERIFICATION, ENFORCEMENT, TARGETS = "training", "verification", "enforcement", "targets"
EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv"}

SEQ = ["序号", "编号", "no", "no."]
DATE = ["日期", "培训日期", "培训时间", "核查日期", "核查时间", "检查日期", "检查时间", "时间", "月份", "date", "month"]
SPECIALTY = ["专业", "条线", "专业线", "科室", "specialty"]
FIELDS_TRAINING = {
    "seq": SEQ, "date": DATE, "specialty": SPECIALTY,
    "batches": ["批次", "培训批次", "期数", "场次"],
    "attendees": ["人次", "参训人次", "培训人次", "参训人数", "培训人数", "人数"],
    "topic": ["培训内容", "培训主题", "内容", "主题", "名称"],
    "remarks": ["备注"],
}
FIELDS_CHECK = {
    "seq": SEQ, "date": DATE, "specialty": SPECIALTY,
    "unit": ["单位名称", "企业名称", "核查对象", "检查对象", "对象名称", "项目名称", "调查对象"],
    "unit_id": ["统一社会信用代码", "信用代码", "组织机构代码", "单位代码", "项目代码"],
    "category": ["核查类型", "核查方式", "检查方式", "检查类型", "类型", "类别"],
    "partner": ["联合部门", "联合单位", "配合部门"],
    "count": ["数量", "家次", "核查家次", "核查数", "项目数", "核查项目数", "个数"],
    "remarks": ["备注"],
}

CATALOGUE = [
    ("规上工业", ["工业", "规模以上工业", "规上工业线"]),
    ("贸易", ["贸易业", "商贸", "批零住餐", "批发零售"]),
    ("服务业", ["规上服务业"]),
    ("房地产", ["房地产开发"]),
    ("投资", ["固定资产投资", "投资项目"]),
    ("房地产与投资", ["投资与房地产"]),
    ("农业", ["农业监测", "农林牧渔"]),
    ("粮食", ["粮食监测", "粮食产量"]),
    ("低收入", ["低收入人口监测", "低收入监测"]),
    ("住户调查", ["住户", "城乡住户调查"]),
    ("能源", ["能源统计"]),
    ("劳动工资", ["劳资", "劳动工资统计"]),
    ("名录库", ["基本单位名录库", "名录"]),
    ("工业生产者价格", ["价格", "工业价格"]),
    ("执法", ["统计执法", "执法检查", "法规"]),
    ("综合", ["综合科", "办公室"]),
]

FW_DIGITS = "０１２３４５６７８９"
HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
TOTAL_WORDS = ("合计", "总计", "小计", "累计")
UNIT_SUFFIX = r"(?:人次|批次|家次|人|批|家|个|次|期|场|项)$"
BRACKETS = re.compile(r"[(\[{【〔<《][^)\]}】〕>》]*[)\]}】〕>》]")


def key(s) -> str:
    """Half-width, lower case, without white space or bracketed parts: "参训人数（人）" -> "参训人数"."""
    s = str(s).translate(HALF)
    s = BRACKETS.sub("", s)
    return re.sub(r"\s+", "", s).lower()


def _keys(fields):
    return {f: [key(a) for a in aliases] for f, aliases in fields.items()}


KEYS = {TRAINING: _keys(FIELDS_TRAINING), VERIFICATION: _keys(FIELDS_CHECK), ENFORCEMENT: _keys(FIELDS_CHECK)}
ALIASES = sorted(((key(a), name) for name, aliases in CATALOGUE for a in [name, *aliases]),
                 key=lambda x: -len(x[0]))


def match_field(kind: str, text) -> tuple | None:
    """(field, fit): fit 1000 for an exact alias, else the length of the longest alias contained."""
    k = key(text)
    if not k:
        return None
    best = None
    for field, aliases in KEYS[kind].items():
        for a in aliases:
            fit = 1000 if k == a else (len(a) if a in k else 0)
            if fit and (best is None or fit > best[1]):
                best = (field, fit)
    return best


def is_text(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def map_row(row, kind):
    found = {}
    for c, v in enumerate(row):
        if not is_text(v):
            continue
        m = match_field(kind, v)
        if m and (m[0] not in found or found[m[0]][1] < m[1]):
            found[m[0]] = (c, m[1])
    return found


def find_header(rows, kind):
    """(header row index, last header row index, {field: column}, month column) within the first 20 rows."""
    for r, row in enumerate(rows[:20]):
        found = map_row(row, kind)
        if not ("date" in found and sum(1 for f in found if f != "seq") >= 2):
            continue
        last = r
        if r + 1 < len(rows):
            below = map_row(rows[r + 1], kind)
            numbers = any(v is not None and not isinstance(v, str) for v in rows[r + 1])
            if any(f not in found for f in below) and not numbers:
                last = r + 1
                for f, (c, fit) in below.items():
                    found = {x: y for x, y in found.items() if x != f and y[0] != c}
                    found[f] = (c, fit)
        cols = {f: c for f, (c, _) in found.items()}
        date_text = key(rows[r][cols["date"]]) if isinstance(rows[r][cols["date"]], str) else ""
        month_col = "月份" in date_text or date_text == "month"
        return r, last, cols, month_col
    return None


def kind_from_name(name: str):
    k = key(name)
    if "目标" in k:
        return TARGETS
    if "培训" in k:
        return TRAINING
    if "执法" in k:
        return ENFORCEMENT
    if "核查" in k or "检查" in k:
        return VERIFICATION
    if "任务" in k:
        return TARGETS
    return None


def find_specialty(text):
    """The canonical specialty named in a text: longest alias, then the earliest in the text."""
    if text is None:
        return None
    k = key(text)
    best = None
    for alias, name in ALIASES:
        if best and len(alias) < best[0]:
            break
        pos = k.find(alias)
        if pos >= 0 and (best is None or pos < best[1]):
            best = (len(alias), pos, name)
    return best[2] if best else None


def find_year(text):
    for m in re.finditer(r"\d+", str(text).translate(HALF)):
        t = m.group()
        if len(t) in (4, 6, 8) and 1990 <= int(t[:4]) <= 2100:
            return int(t[:4])
    return None


def classify(sheet_name: str, path: Path, root: Path, rows):
    """Kind and header of a sheet, by sheet, file and folder names, else by the header alone.
    Returns (kind, header) or (None, None) for a sheet that is not a log."""
    names = [sheet_name, path.stem] + [p.name for p in path.relative_to(root).parents if p.name]
    kind = None
    for n in names:
        kind = kind_from_name(n)
        if kind:
            break
    if kind == TARGETS:
        return None, None      # targets sheets are not summed by the peers
    if kind:
        h = find_header(rows, kind)
        if h:
            return kind, h
    # the header decides: 人次 column -> training; unit, code or count -> verification
    t = find_header(rows, TRAINING)
    if t and "attendees" in t[2]:
        return TRAINING, t
    v = find_header(rows, VERIFICATION)
    if v and ({"unit", "unit_id", "count"} & set(v[2])):
        return VERIFICATION, v
    return None, None


def sheet_context(sheet_name: str, path: Path, root: Path, title: str, kind: str):
    """Fallback specialty and year of a sheet: sheet name, title rows, file name, folders."""
    folders = [p.name for p in path.relative_to(root).parents if p.name]
    order = [sheet_name, title, path.stem, *folders]
    specialty = next((s for s in map(find_specialty, order) if s), None)
    if specialty is None and kind == ENFORCEMENT:
        specialty = "执法"
    year = next((y for y in map(find_year, [title, sheet_name, path.stem, *folders]) if y), None)
    return specialty, year


def walk(root: Path):
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix.lower() not in EXTENSIONS:
            continue
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or p.name.startswith("~$"):
            continue
        yield p


def decode_csv(path: Path):
    """(text, separator) as tongji reads a CSV: BOM, else UTF-8, else GB18030; the commonest separator."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("gb18030", errors="replace")
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    sep = max([",", "\t", ";"], key=lambda s: (sum(1 for ln in lines if s in ln), sum(ln.count(s) for ln in lines)))
    width = max((ln.count(sep) + 1 for ln in text.splitlines()), default=1)
    return text, sep, width


def compare(expected_path: Path, got: dict, kinds=(TRAINING, VERIFICATION, ENFORCEMENT)) -> int:
    """Compare {(kind, specialty, 'YYYY-MM'): (batches, attendees, count)} with expected.json.
    Prints the differences and returns how many cells differ."""
    import json
    exp = json.loads(expected_path.read_text(encoding="utf-8"))
    want = {}
    for kind, specs in exp["totals"].items():
        for spec, months in specs.items():
            for ym, e in months.items():
                want[(kind, spec, ym)] = (e.get("batches", 0), e.get("attendees", 0), e.get("count", 0))
    bad = 0
    for k in sorted(set(want) | set(got)):
        if k[0] not in kinds:
            continue
        w, g = want.get(k, (0, 0, 0)), tuple(int(x) for x in got.get(k, (0, 0, 0)))
        if w != g:
            bad += 1
            if bad <= 20:
                print(f"  differs {k}: expected {w}, got {g}")
    r = exp.get("rows", {})
    print(f"expected: {exp.get('data_rows')} records, {r.get('totals')} totals rows, {r.get('notes')} note rows; "
          f"2023年1-9月 {json.dumps(exp.get('grand_totals_2023_01_09'), ensure_ascii=False)}")
    print(f"compared {len(want)} (kind, specialty, month) cells with {expected_path}: "
          + ("all match" if bad == 0 else f"{bad} differ"))
    return bad
