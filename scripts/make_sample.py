#!/usr/bin/env python3
"""Generate the shipped sample input/ and tests/fixtures/sample_expected.json.

The sample is what a county statistics bureau's specialty sections would drop
into input/: 2022 full-year logs (prior year, for 同比) under input/2022年/ and
January-September 2023 logs for twelve specialties, in messy but valid shapes
(merged titles, unit rows, totals and note rows, text dates of every common
kind, numbers typed as text, .xls/.ods/.csv in GB18030, UTF-8 with BOM, tabs).

Everything is deterministic: fixed seed, fixed order, fixed timestamps inside
the zip containers (xlsx/ods) and the xlsx document properties, so re-running
rewrites byte-identical files.

    pip install -r scripts/requirements-dev.txt
    python3 scripts/make_sample.py            # rewrites input/ and the expected JSON

input/ is removed and rebuilt as a whole: do not keep hand-made files there.
The writers (write_xlsx, write_xls, write_ods, write_csv) are reused by
scripts/make_fixtures.py.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
FIXED_TS = dt.datetime(2023, 10, 8)
ZIP_TS = (2023, 10, 8, 0, 0, 0)
SEED = 20231008
AREA = "330127"  # a county in 浙江 (330xxx)

TRAINING, VERIFICATION, ENFORCEMENT, TARGETS = "training", "verification", "enforcement", "targets"

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def fullwidth(n: int) -> str:
    return str(n).translate(FULLWIDTH)


def fmt_date(d: dt.date, style: str):
    """Render a date the way a section typed it. 'excel' keeps a real date cell."""
    y, m, day = d.year, d.month, d.day
    return {
        "excel": d,
        "iso": f"{y}-{m:02d}-{day:02d}",          # 2023-09-20
        "slash": f"{y}/{m}/{day}",                 # 2023/9/20
        "dot": f"{y}.{m:02d}.{day:02d}",           # 2023.09.20
        "cn": f"{y}年{m}月{day}日",                 # 2023年9月20日
        "compact": f"{y}{m:02d}{day:02d}",         # 20230920
        "cn_month": f"{y}年{m}月",                  # 2023年9月
        "iso_month": f"{y}-{m:02d}",               # 2023-09
        "md_cn": f"{m}月{day}日",                   # 9月20日 (year elsewhere)
    }[style]


MONTH_STYLES = {"cn_month", "iso_month"}

# Unified social credit code (GB 32100-2015), with valid check characters.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]


def _org_val(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def uscc(body8: str) -> str:
    c9 = 11 - sum(_org_val(c) * w for c, w in zip(body8, ORG_W)) % 11
    org = body8 + {10: "X", 11: "0"}.get(c9, str(c9))
    s17 = "91" + AREA + org
    c18 = (31 - sum(USCC_CHARS.index(c) * w for c, w in zip(s17, USCC_W)) % 31) % 31
    return s17 + USCC_CHARS[c18]


# ---------------------------------------------------------------------------
# data model
# ---------------------------------------------------------------------------


@dataclass
class Rec:
    date: dt.date                   # true date (day 1 when only a month is written)
    specialty: str                  # canonical specialty
    label: Optional[str] = None     # text written in a 专业 column (alias), default canonical
    batches: Optional[int] = None   # training: None = empty cell, counts as 1
    attendees: int = 0
    topic: str = ""
    unit: str = ""
    code: str = ""
    category: str = ""
    partner: str = ""
    count: Optional[int] = None     # verification/enforcement: None = empty/absent, counts 1
    remarks: str = ""
    # targets
    metric: str = ""
    target: int = 0

    @property
    def n_batches(self) -> int:
        return 1 if self.batches is None else self.batches

    @property
    def n_count(self) -> int:
        return 1 if self.count is None else self.count


@dataclass
class Grid:
    rows: list
    merges: list = field(default_factory=list)      # (r1, c1, r2, c2), 0-based inclusive
    date_format: str = "yyyy-mm-dd"
    stray_xfd: bool = False
    bold_rows: tuple = ()
    hidden: bool = False            # a hidden sheet (Excel's 隐藏)


@dataclass
class SheetSpec:
    name: str
    kind: str
    columns: list                   # [(header text, field key)]
    records: list
    specialty: Optional[str]        # canonical specialty of the whole sheet (None: per row)
    specialty_from: str             # column / sheet name / file name
    pre_rows: list = field(default_factory=list)   # (text, col) rows above the header
    merge_title: bool = False
    date_style: str = "excel"
    year_from: Optional[str] = None  # where the year of year-less dates comes from
    render: Optional[Callable] = None  # (rec, key, i) -> value or NOTSET
    blank_after: tuple = ()         # record indices followed by an empty row
    total_row: bool = False
    note: Optional[str] = None
    seq_only_tail: int = 0          # template rows holding only a 序号
    merge_specialty: bool = False   # one merged 专业 cell over all record rows
    stray_xfd: bool = False
    date_format: str = "yyyy-mm-dd"


NOTSET = object()
NOTE = "填表人：张三    审核人：李四    填报日期：2023年10月8日"
NUMERIC_KEYS = ("batches", "attendees", "count")


def layout(spec: SheetSpec):
    """Turn a sheet spec into a cell grid plus the row bookkeeping for the JSON."""
    width = len(spec.columns)
    rows: list = []
    merges: list = []
    for text, col in spec.pre_rows:
        row = [None] * width
        row[col] = text
        if spec.merge_title and not rows:
            merges.append((0, 0, 0, width - 1))
        rows.append(row)
    header_row = len(rows)
    rows.append([h for h, _ in spec.columns])
    bold = (header_row,)
    record_rows, blank_rows, totals_rows, note_rows = [], [], [], []
    for i, rec in enumerate(spec.records):
        row = []
        for _, key in spec.columns:
            v = spec.render(rec, key, i) if spec.render else NOTSET
            if v is NOTSET:
                v = default_cell(spec, rec, key, i)
            row.append(v)
        record_rows.append(len(rows))
        rows.append(row)
        if i in spec.blank_after:
            blank_rows.append(len(rows))
            rows.append([None] * width)
    keys = [k for _, k in spec.columns]
    if spec.merge_specialty and "specialty" in keys:
        c = keys.index("specialty")
        r1, r2 = record_rows[0], record_rows[-1]
        for r in range(r1 + 1, r2 + 1):
            rows[r][c] = None
        merges.append((r1, c, r2, c))
    for j in range(spec.seq_only_tail):
        row = [None] * width
        row[keys.index("seq")] = len(spec.records) + j + 1
        blank_rows.append(len(rows))
        rows.append(row)
    if spec.total_row:
        row = [None] * width
        row[0] = "合计"
        for k in NUMERIC_KEYS:
            if k in keys:
                attr = {"batches": "n_batches", "attendees": "attendees", "count": "n_count"}[k]
                row[keys.index(k)] = sum(getattr(r, attr) for r in spec.records)
        totals_rows.append(len(rows))
        rows.append(row)
    if spec.note:
        row = [None] * width
        row[0] = spec.note
        note_rows.append(len(rows))
        rows.append(row)
    grid = Grid(rows=rows, merges=merges, date_format=spec.date_format,
                stray_xfd=spec.stray_xfd, bold_rows=bold)
    meta = {
        "header_row": header_row + 1,
        "record_rows": [r + 1 for r in record_rows],
        "totals_rows": [r + 1 for r in totals_rows],
        "note_rows": [r + 1 for r in note_rows],
        "blank_rows": [r + 1 for r in blank_rows],
        "last_row": len(rows),
    }
    return grid, meta


def default_cell(spec: SheetSpec, rec: Rec, key: str, i: int):
    if key == "seq":
        return i + 1
    if key == "date":
        return fmt_date(rec.date, spec.date_style)
    if key == "specialty":
        return rec.label or rec.specialty
    if key == "batches":
        return rec.batches
    if key == "attendees":
        return rec.attendees
    if key == "count":
        return rec.count
    if key == "target":
        return rec.target
    v = getattr(rec, key)
    return v if v != "" else None


# ---------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------


def normalize_zip(path: Path) -> None:
    """Rewrite a zip container with fixed entry timestamps (and fixed xlsx core props)."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TS.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, ZIP_TS)
            zi.compress_type = info.compress_type
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            zout.writestr(zi, data)
    path.write_bytes(buf.getvalue())


@dataclass
class ChartOf:
    """A chart sheet (图表页) drawing one column of another sheet as bars."""
    sheet: str
    col: int          # 1-based column of the values
    min_row: int      # 1-based first and last rows of the values
    max_row: int
    title: str


def write_xlsx(path: Path, sheets: list, creator: str = "统计局") -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, g in sheets:
        if isinstance(g, ChartOf):
            cs = wb.create_chartsheet(name)
            chart = BarChart()
            chart.title = g.title
            chart.add_data(Reference(wb[g.sheet], min_col=g.col, min_row=g.min_row, max_row=g.max_row))
            cs.add_chart(chart)
            continue
        ws = wb.create_sheet(name)
        if g.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(g.rows, 1):
            for c, v in enumerate(row, 1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = g.date_format
                if r - 1 in g.bold_rows:
                    cell.font = Font(bold=True)
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
            top = ws.cell(row=r1 + 1, column=c1 + 1)
            top.alignment = Alignment(horizontal="center", vertical="center")
            if r1 == 0 and r2 == 0:
                top.font = Font(bold=True, size=14)
        width = max((len(row) for row in g.rows), default=0)
        for c in range(1, width + 1):
            letter = get_column_letter(c)
            longest = max((len(str(row[c - 1])) for row in g.rows[1:] if c - 1 < len(row) and row[c - 1] is not None
                           and not isinstance(row[c - 1], dt.date)), default=4)
            ws.column_dimensions[letter].width = min(40, max(8, 2 * longest + 2))
        if g.stray_xfd:
            # a formatted but empty cell at the very last cell of the sheet, as left by
            # someone who selected a whole column/row and gave it a fill
            cell = ws["XFD1048576"]
            cell.fill = PatternFill(fill_type="solid", fgColor="FFFFFF00")
            cell.number_format = "@"
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = FIXED_TS
    wb.properties.modified = FIXED_TS
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    normalize_zip(path)


def write_xls(path: Path, sheets: list) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    styles = {}

    def style_for(fmt: Optional[str], bold: bool):
        k = (fmt, bold)
        if k not in styles:
            st = xlwt.XFStyle()
            if fmt:
                st.num_format_str = fmt
            if bold:
                font = xlwt.Font()
                font.bold = True
                st.font = font
            styles[k] = st
        return styles[k]

    for name, g in sheets:
        ws = wb.add_sheet(name)
        covered = set()
        for r1, c1, r2, c2 in g.merges:
            v = g.rows[r1][c1]
            ws.write_merge(r1, r2, c1, c2, v, style_for(None, True))
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(g.rows):
            for c, v in enumerate(row):
                if v is None or (r, c) in covered:
                    continue
                fmt = g.date_format.upper() if isinstance(v, dt.date) else None
                ws.write(r, c, v, style_for(fmt, r in g.bold_rows))
        for c in range(max(len(row) for row in g.rows)):
            ws.col(c).width = 256 * 14
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))


def write_ods(path: Path, sheets: list) -> None:
    from odf.number import DateStyle, Day, Month, Text as NText, Year
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    ds = DateStyle(name="N37", automaticorder="true")
    ds.addElement(Year(style="long"))
    ds.addElement(NText(text="-"))
    ds.addElement(Month(style="long"))
    ds.addElement(NText(text="-"))
    ds.addElement(Day(style="long"))
    doc.automaticstyles.addElement(ds)
    datecell = Style(name="ce1", family="table-cell", parentstylename="Default", datastylename="N37")
    doc.automaticstyles.addElement(datecell)

    for name, g in sheets:
        table = Table(name=name)
        width = max(len(row) for row in g.rows)
        starts = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in g.merges}
        covered = {(r, c) for r1, c1, r2, c2 in g.merges
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(starts)
        for r, row in enumerate(g.rows):
            tr = TableRow()
            row = list(row) + [None] * (width - len(row))
            # drop trailing empty cells (what LibreOffice writes as one repeated cell)
            last = max((i for i, v in enumerate(row) if v is not None or (r, i) in covered), default=-1)
            if last < 0:
                tr.addElement(TableCell())
            for c in range(last + 1):
                v = row[c]
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {}
                if (r, c) in starts:
                    kw = {"numberrowsspanned": starts[(r, c)][0], "numbercolumnsspanned": starts[(r, c)][1]}
                if v is None:
                    cell = TableCell(**kw)
                elif isinstance(v, dt.date):
                    cell = TableCell(valuetype="date", datevalue=v.isoformat(), stylename=datecell, **kw)
                    cell.addElement(P(text=v.isoformat()))
                elif isinstance(v, (int, float)):
                    cell = TableCell(valuetype="float", value=v, **kw)
                    cell.addElement(P(text=str(v)))
                else:
                    cell = TableCell(valuetype="string", **kw)
                    cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    normalize_zip(path)


def csv_text(v) -> str:
    if v is None:
        return ""
    assert not isinstance(v, dt.date), "CSV cells are text: render dates with a text style"
    return str(v)


def write_csv(path: Path, g: Grid, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False,
              pad: bool = True) -> None:
    """As Excel writes "CSV (逗号分隔)": CRLF, every row padded to the used width."""
    width = max(len(row) for row in g.rows)
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in g.rows:
        cells = [csv_text(v) for v in row]
        if pad:
            cells += [""] * (width - len(cells))
        else:
            while cells and cells[-1] == "":
                cells.pop()
        w.writerow(cells)
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def excel_lock_file(user: str = "zhangsan") -> bytes:
    """An Excel owner (lock) file "~$name.xlsx": 165 bytes, user name then zeros."""
    b = bytearray(165)
    b[0] = len(user)
    b[1:1 + len(user)] = user.encode("ascii")
    b[54] = len(user)
    u16 = user.encode("utf-16-le")
    b[56:56 + len(u16)] = u16
    return bytes(b)


# ---------------------------------------------------------------------------
# the sample's content
# ---------------------------------------------------------------------------

rng = random.Random(SEED)

TRADE_FIRST = "恒华鑫永宏金瑞天合正博中嘉锦海德兴联振安明丰汇凯同益盛东银富信立佳盈泓润"
TRADE_SECOND = "达盛源康远诚丰成力泰鼎禾程纳润旺发辉泽通创民隆升河昌茂晟森祥和鹏"
RARE_TRADES = ["镕达", "喆诚", "珺美", "堃泰", "镕晟", "喆瑞", "珺泽", "堃元"]
INDUSTRY = {
    "规上工业": ["机械制造", "纺织", "电子科技", "新材料", "塑料制品", "五金工具", "竹木制品", "汽车零部件", "电器", "包装材料"],
    "贸易": ["商贸", "超市", "百货", "汽车销售服务", "农资", "建材贸易", "医药连锁", "五金交电", "粮油贸易", "服饰商贸"],
    "服务业": ["物流", "信息技术", "物业管理", "广告传媒", "人力资源", "检测技术", "软件开发", "旅游开发", "文化传播"],
    "能源": ["热电", "水泥", "造纸", "印染", "化工", "铸造", "陶瓷", "玻璃制品"],
    "劳动工资": ["建设工程", "交通运输", "水务", "供电服务", "农业开发", "金融服务", "医疗器械", "教育科技"],
    "名录库": ["建材", "食品", "家具", "农业科技", "电子商务", "装饰工程", "茶业", "环保科技"],
    "房地产": ["房地产开发", "置业", "房地产开发", "置业"],
    "工业生产者价格": ["金属制品"],
    "执法": ["机械制造", "纺织", "商贸", "建材", "物流", "食品", "电器", "建设工程", "信息技术"],
}
LODGING = ["大酒店有限公司", "餐饮管理有限公司", "宾馆有限公司", "酒店管理有限公司", "农家乐餐饮有限公司"]

_used_trades: set = set()
_codes: dict = {}


def _trade() -> str:
    while True:
        t = rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)
        if t not in _used_trades and t[0] != t[1]:
            _used_trades.add(t)
            return t


def _code_for(name: str) -> str:
    if name not in _codes:
        while True:
            if rng.random() < 0.5:
                body = "MA2" + "".join(rng.choice(USCC_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(5))
            else:
                body = "".join(rng.choice("0123456789") for _ in range(8))
            code = uscc(body)
            if code not in _codes.values():
                _codes[name] = code
                break
    return _codes[name]


def new_unit(specialty: str, rare: Optional[str] = None, lodging: bool = False) -> tuple:
    trade = rare or _trade()
    prefix = rng.choice(["浙江", "青溪县", "青溪"])
    if lodging:
        name = f"{prefix}{trade}{rng.choice(LODGING)}"
    else:
        name = f"{prefix}{trade}{rng.choice(INDUSTRY[specialty])}有限公司"
    return name, _code_for(name)


def spread_dates(year: int, months: list, n: int) -> list:
    """n weekdays spread evenly over the months, sorted."""
    out = []
    for i in range(n):
        m = months[i * len(months) // n]
        while True:
            d = dt.date(year, m, rng.randint(1, 28))
            if d.weekday() < 5:
                break
        out.append(d)
    return sorted(out)


def visits(specialty: str, year: int, months: list, n: int, categories: list, rare: list = (),
           units: Optional[list] = None, remarks: tuple = ("", "", "", "数据已更正", "无异常")) -> list:
    dates = spread_dates(year, months, n)
    if units is None:
        units = [new_unit(specialty, rare=rare[i] if i < len(rare) else None) for i in range(n)]
    return [Rec(date=d, specialty=specialty, unit=u[0], code=u[1], category=rng.choice(categories),
                remarks=rng.choice(remarks)) for d, u in zip(dates, units)]


def trainings(specialty: str, rows: list) -> list:
    """rows: (date, batches or None, attendees, topic)."""
    return [Rec(date=d, specialty=specialty, batches=b, attendees=a, topic=t) for d, b, a, t in rows]


D = dt.date
Q1_3 = list(range(1, 10))
Q4 = [10, 11, 12]

# ---- 2023 training (January-September) ------------------------------------
T23 = {
    "规上工业": trainings("规上工业", [
        (D(2023, 1, 10), 1, 62, "2022年统计年报及定期报表布置培训"),
        (D(2023, 3, 16), 2, 118, "规上工业企业统计人员分片业务培训"),
        (D(2023, 5, 11), 1, 45, "工业统计联网直报平台操作培训"),
        (D(2023, 7, 13), 1, 50, "新入库规上工业企业统计培训"),
        (D(2023, 9, 14), 1, 56, "工业产值及能源消费数据质量培训"),
    ]),
    "贸易": trainings("贸易", [
        (D(2023, 4, 18), 1, 58, "限上批零住餐企业统计业务培训"),
        (D(2023, 8, 22), 1, 54, "贸易业统计数据质量专题培训"),
    ]),
    "服务业": trainings("服务业", [
        (D(2023, 6, 8), 1, 17, "规上服务业财务指标填报培训"),
    ]),
    "房地产与投资": trainings("房地产与投资", [
        (D(2023, 1, 12), 1, 24, "固定资产投资项目入库培训"),
        (D(2023, 2, 16), 1, 22, "房地产开发企业统计报表培训"),
        (D(2023, 3, 9), 2, 38, "投资统计制度方法培训（分两批）"),
        (D(2023, 3, 23), 1, 20, "项目单位统计人员业务培训"),
        (D(2023, 4, 13), 1, 25, "投资项目入库资料审核培训"),
        (D(2023, 5, 10), 1, 19, "房地产开发经营指标培训"),
        (D(2023, 5, 25), 3, 52, "乡镇（街道）投资统计员培训"),
        (D(2023, 6, 15), 1, 21, "半年报布置培训"),
        (D(2023, 7, 6), 1, 23, "投资统计数据质量培训"),
        (D(2023, 7, 20), 1, 18, "新开工项目统计培训"),
        (D(2023, 8, 10), 1, 20, "房地产销售指标填报培训"),
        (D(2023, 8, 31), 1, 17, "项目进度与财务支出培训"),
        (D(2023, 9, 14), 1, 22, "三季报布置培训"),
    ]),
    "农业": trainings("农业", [
        (D(2023, 2, 15), 1, 14, "农业生产情况调查培训"),
        (D(2023, 5, 12), 1, 16, "畜禽监测调查培训"),
        (D(2023, 8, 17), 1, 15, "农林牧渔业统计报表培训"),
    ]),
    "粮食": trainings("粮食", [
        (D(2023, 3, 2), 1, 22, "早稻播种面积调查培训"),
        (D(2023, 5, 18), 2, 46, "夏粮产量抽样调查培训"),
        (D(2023, 7, 6), 1, 28, "早稻产量调查培训"),
        (D(2023, 9, 7), 1, 27, "秋粮产量调查培训"),
    ]),
    "低收入": trainings("低收入", [
        (D(2023, 3, 15), 1, 12, "低收入人口动态监测业务培训"),
        (D(2023, 5, 24), 1, 15, "监测户记账辅导培训"),
        (D(2023, 7, 19), 1, 13, "监测数据审核培训"),
        (D(2023, 9, 20), 1, 13, "三季度监测工作培训"),
    ]),
    "住户调查": trainings("住户调查", [
        (D(2023, 3, 15), None, 25, "城乡住户调查记账员培训"),
        (D(2023, 6, 20), 1, 30, "住户调查辅助调查员培训"),
        (D(2023, 9, 5), 1, 20, "住户收支调查业务培训"),
    ]),
    "能源": trainings("能源", [
        (D(2023, 2, 21), 1, 31, "能源统计报表制度培训"),
        (D(2023, 6, 27), 1, 28, "重点用能单位能源统计培训"),
        (D(2023, 9, 12), 1, 27, "能源消费数据质量培训"),
    ]),
    "劳动工资": trainings("劳动工资", [
        (D(2023, 3, 8), 1, 28, "劳动工资统计年报培训"),
        (D(2023, 5, 17), 1, 26, "联网直报单位劳资人员培训"),
        (D(2023, 7, 12), 1, 24, "劳动工资统计制度培训"),
        (D(2023, 9, 20), 1, 26, "三季度劳资报表布置培训"),
    ]),
    "名录库": trainings("名录库", [
        (D(2023, 1, 17), 1, 20, "基本单位名录库维护培训"),
        (D(2023, 5, 9), 1, 18, "新增单位入库审核培训"),
        (D(2023, 8, 15), 1, 18, "名录库更新及统计用区划代码培训"),
    ]),
}

# 名录库's August training is kept as a sign-in sheet, not in the combined log.
DIRECTORY_SIGN_IN = next(r for r in T23["名录库"] if r.date == D(2023, 8, 15))

# ---- 2023 verification / enforcement ---------------------------------------
V23 = {}
V23["规上工业"] = visits("规上工业", 2023, Q1_3, 24, ["实地核查", "资料核查", "联网直报数据核查"], rare=["镕达"])
V23["贸易"] = visits("贸易", 2023, Q1_3, 25, ["实地核查", "电话核查", "资料核查"], rare=["", "", "珺美"])
V23["服务业"] = visits("服务业", 2023, Q1_3, 18, ["实地核查", "资料核查"], rare=["喆诚"])
V23["房地产"] = visits("房地产", 2023, Q1_3, 7, ["实地核查", "资料核查"])
V23["劳动工资"] = visits("劳动工资", 2023, Q1_3, 19, ["实地核查", "资料核查", "电话核查"], rare=["", "喆瑞"])
V23["工业生产者价格"] = visits("工业生产者价格", 2023, [6], 1, ["实地核查"], remarks=("调查表与台账一致",))
V23["能源"] = visits("能源", 2023, Q1_3, 18, ["实地核查", "资料核查", "能耗数据核查"], rare=["", "", "", "镕晟"])
# 名录库: 20 units, three of them visited twice -> 23 家次, 20 家
_dir_units = [new_unit("名录库", rare={4: "堃泰", 9: "珺泽"}.get(i)) for i in range(20)]
_dir_order = _dir_units[:10] + [_dir_units[2]] + _dir_units[10:16] + [_dir_units[7]] + _dir_units[16:] + [_dir_units[12]]
V23["名录库"] = visits("名录库", 2023, Q1_3, 23, ["新开业单位核实", "变更核实", "停业歇业核实"], units=_dir_order)
for i in (10, 17, 22):
    V23["名录库"][i].category = "复核"
    V23["名录库"][i].remarks = "二次核查"
for r in V23["名录库"]:
    r.count = 1
# 投资: a monthly count table (no units), 261 项目 in 2023年1-9月
INVEST_COUNTS = [18, 22, 35, 30, 28, 33, 31, 36, 28]
V23["投资"] = [Rec(date=D(2023, m, 1), specialty="投资", count=n) for m, n in zip(Q1_3, INVEST_COUNTS)]


def enforcement(year: int, months: list, n: int, joint: list, methods: list) -> list:
    """joint: list of partner strings for the 住宿餐饮 joint inspections."""
    dates = spread_dates(year, months, n)
    joint_idx = sorted(rng.sample(range(n), len(joint)))
    methods = list(methods)
    rng.shuffle(methods)
    out, jit, mit = [], iter(joint), iter(methods)
    for i, d in enumerate(dates):
        if i in joint_idx:
            name, code = new_unit("执法", rare="堃元" if year == 2023 and i == joint_idx[0] else None, lodging=True)
            out.append(Rec(date=d, specialty="执法", unit=name, code=code, category="双随机",
                           partner=next(jit), remarks="住宿餐饮业"))
        else:
            name, code = new_unit("执法")
            m = next(mit)
            out.append(Rec(date=d, specialty="执法", unit=name, code=code, category=m,
                           remarks={"举报核查": "群众举报", "专项检查": "统计造假专项治理"}.get(m, "")))
    return out


E23 = enforcement(2023, Q1_3, 31, ["消防"] * 8, ["双随机"] * 12 + ["专项检查"] * 7 + ["举报核查"] * 4)

# ---- 2022 (full year) --------------------------------------------------------
T22 = {
    "规上工业": trainings("规上工业", [
        (D(2022, 1, 13), 1, 58, "2021年统计年报布置培训"),
        (D(2022, 3, 17), 2, 110, "规上工业企业统计人员分片业务培训"),
        (D(2022, 5, 19), 1, 46, "工业统计联网直报平台操作培训"),
        (D(2022, 7, 14), 1, 44, "半年报数据质量培训"),
        (D(2022, 9, 15), 1, 40, "新入库规上工业企业统计培训"),
        (D(2022, 11, 10), 1, 52, "2022年统计年报预审培训"),
        (D(2022, 12, 15), 1, 52, "2022年统计年报布置培训"),
    ]),
    "贸易": trainings("贸易", [
        (D(2022, 4, 20), 1, 44, "限上批零住餐企业统计业务培训"),
        (D(2022, 8, 25), 1, 42, "贸易业统计数据质量专题培训"),
        (D(2022, 11, 17), 1, 42, "贸易业统计年报培训"),
    ]),
    "服务业": trainings("服务业", [
        (D(2022, 6, 16), 1, 20, "规上服务业财务指标填报培训"),
        (D(2022, 12, 8), 1, 15, "服务业统计年报培训"),
    ]),
    "房地产与投资": trainings("房地产与投资", [
        (D(2022, 1, 20), 1, 22, "固定资产投资项目入库培训"),
        (D(2022, 2, 24), 1, 20, "房地产开发企业统计报表培训"),
        (D(2022, 3, 17), 2, 40, "投资统计制度方法培训"),
        (D(2022, 4, 21), 1, 21, "项目单位统计人员业务培训"),
        (D(2022, 5, 19), 1, 18, "房地产开发经营指标培训"),
        (D(2022, 6, 9), 2, 36, "乡镇（街道）投资统计员培训"),
        (D(2022, 6, 30), 1, 19, "半年报布置培训"),
        (D(2022, 7, 21), 1, 22, "投资统计数据质量培训"),
        (D(2022, 8, 18), 1, 20, "新开工项目统计培训"),
        (D(2022, 9, 15), 2, 47, "三季报布置培训"),
        (D(2022, 10, 20), 1, 17, "房地产销售指标填报培训"),
        (D(2022, 11, 10), 2, 36, "年报布置培训"),
        (D(2022, 11, 24), 1, 16, "项目进度与财务支出培训"),
        (D(2022, 12, 15), 1, 18, "年报审核培训"),
    ]),
}


def reuse_some(units23: list, k: int, specialty: str, n: int) -> list:
    """n units for 2022, the first k reused from 2023 (same name and code)."""
    old = [(r.unit, r.code) for r in units23[:k]]
    return old + [new_unit(specialty) for _ in range(n - k)]


def visits_2022(specialty: str, n_q1_3: int, n_q4: int, categories: list, reuse: int) -> list:
    units = reuse_some(V23[specialty], reuse, specialty, n_q1_3 + n_q4)
    rng.shuffle(units)
    a = visits(specialty, 2022, Q1_3, n_q1_3, categories, units=units[:n_q1_3])
    b = visits(specialty, 2022, Q4, n_q4, categories, units=units[n_q1_3:])
    return a + b


V22 = {
    "规上工业": visits_2022("规上工业", 21, 9, ["实地核查", "资料核查", "联网直报数据核查"], reuse=8),
    "贸易": visits_2022("贸易", 22, 10, ["实地核查", "电话核查", "资料核查"], reuse=9),
    "能源": visits_2022("能源", 17, 7, ["实地核查", "资料核查", "能耗数据核查"], reuse=6),
}
E22 = (enforcement(2022, Q1_3, 27, ["县消防救援大队", "消防", "县消防救援大队", "消防"],
                   ["双随机"] * 13 + ["专项检查"] * 7 + ["举报核查"] * 3)
       + enforcement(2022, Q4, 11, ["县消防救援大队", "县消防救援大队"], ["双随机"] * 5 + ["专项检查"] * 3 + ["举报核查"]))

# ---- 2023 targets ------------------------------------------------------------
TARGET_ROWS = [
    ("规上工业", "培训批次", 8, ""),
    ("规上工业", "培训人次", 400, ""),
    ("贸易", "核查", 30, "家次"),
    ("服务业", "核查", 15, "家次"),
    ("能源", "核查", 20, "家次"),
    ("名录库", "核查", 25, "按单位数（家）"),
    ("投资", "核查", 300, "项目个数"),
    ("房地产", "核查", 12, "家次"),
    ("房地产与投资", "培训批次", 18, ""),
    ("住户调查", "培训人次", 80, ""),
    ("劳动工资", "培训人次", 100, ""),
    ("粮食", "培训批次", 8, ""),
    ("执法", "执法检查", 40, "含联合检查"),
]
TARGET_RECS = [Rec(date=D(2023, 1, 1), specialty=s, metric=m, target=t, remarks=note) for s, m, t, note in TARGET_ROWS]

# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------

COLS_TRAIN = [("序号", "seq"), ("培训日期", "date"), ("培训内容", "topic"), ("批次", "batches"), ("参训人次", "attendees"), ("备注", "remarks")]
COLS_VISIT = [("序号", "seq"), ("核查日期", "date"), ("企业名称", "unit"), ("统一社会信用代码", "code"), ("核查方式", "category"), ("备注", "remarks")]
COLS_ENF = [("序号", "seq"), ("检查日期", "date"), ("检查对象", "unit"), ("统一社会信用代码", "code"),
            ("检查方式", "category"), ("联合部门", "partner"), ("备注", "remarks")]


@dataclass
class Custom:
    """A sheet laid out by hand (a sign-in sheet, a table by month): its grid and expected account."""
    name: str
    grid: object      # Grid, or ChartOf for a chart sheet
    expected: dict


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "丽", "伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚"]


def sign_in_sheet(rec: Rec) -> Custom:
    """名录库's 8月 training as a sign-in sheet: one row per attendee, no 人次 column and no date
    column — the session's day is in the title; the footer spreads over several cells
    (填表人 | 填表日期)."""
    header = ["序号", "培训内容", "姓名", "工作单位", "联系电话", "签名"]
    day = f"{rec.date.year}年{rec.date.month}月{rec.date.day}日"
    rows = [[f"{day}名录库更新及统计用区划代码培训签到表"] + [None] * 5, header]
    for i in range(rec.attendees):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        rows.append([i + 1, rec.topic, name, f"{AREA[-2:]}{i:02d}号单位", f"1385712{i:04d}", None])
    rows.append(["填表人：张三", None, "填表日期：2023年8月15日", None, None, None])
    grid = Grid(rows=rows, merges=[(0, 0, 0, 5)], bold_rows=(1,))
    return Custom("签到表", grid, {
        "name": "签到表", "kind": TRAINING, "layout": "sign-in sheet (one row per attendee), dated in its title",
        "specialty": "名录库", "specialty_from": "title row", "header_row": 2, "records": rec.attendees,
        "totals_rows": [], "note_rows": [len(rows)], "blank_rows": [], "last_row": len(rows), "rejects": 0,
        "sums": {"batches": 1, "attendees": rec.attendees},
    })


@dataclass
class SideBySide:
    """Two logs on one sheet, left and right, an empty column between them: each is read as its
    own table, with its own ledger line named by its columns."""
    name: str
    left: SheetSpec
    right: SheetSpec


def side_by_side(spec: SideBySide):
    """The grid of two logs side by side and each one's expected account, labelled by columns."""
    (lg, lm), (rg, rm) = layout(spec.left), layout(spec.right)
    lw = max(len(r) for r in lg.rows)
    rw = max(len(r) for r in rg.rows)
    offset = lw + 1
    rows = []
    for i in range(max(len(lg.rows), len(rg.rows))):
        left = lg.rows[i] if i < len(lg.rows) else [None] * lw
        right = rg.rows[i] if i < len(rg.rows) else [None] * rw
        rows.append(list(left) + [None] * (lw - len(left)) + [None] + list(right))
    merges = list(lg.merges) + [(r1, c1 + offset, r2, c2 + offset) for r1, c1, r2, c2 in rg.merges]
    grid = Grid(rows=rows, merges=merges, date_format=lg.date_format,
                bold_rows=tuple(sorted(set(lg.bold_rows) | set(rg.bold_rows))))
    letter = lambda c: chr(ord("A") + c)
    expected = []
    for s, m, (first, last) in ((spec.left, lm, (0, lw - 1)), (spec.right, rm, (offset, offset + rw - 1))):
        e = sheet_expected(s, m)
        e["name"] = spec.name
        e["label"] = f"{spec.name}（{letter(first)}:{letter(last)}列）"
        expected.append(e)
    return grid, expected


def list_sheet(name: str) -> Custom:
    """A hidden dropdown source (下拉选项): the specialties and the check methods the log's cells
    choose from; no dates, no counts. Passed over as a list, never refused."""
    specialties = ["规上工业", "贸易", "服务业", "房地产", "投资", "能源"]
    methods = ["实地核查", "电话核查", "书面核查"]
    rows = [["专业", "核查方式"]]
    for i in range(max(len(specialties), len(methods))):
        rows.append([specialties[i] if i < len(specialties) else None, methods[i] if i < len(methods) else None])
    grid = Grid(rows=rows, hidden=True)
    return Custom(name, grid, {"name": name, "kind": "list", "passed_over_as": "下拉选项列表（隐藏）",
                               "rows": len(rows)})


def months_across_sheet(recs: list, specialty: str) -> Custom:
    """One specialty's trainings as a table by month: 批次 | 人次 under each merged month 1月-9月,
    a merged 合计 column, a footer of several cells."""
    months = Q1_3
    head1 = ["专业"]
    head2 = [None]
    merges = [(0, 0, 0, 2 * len(months) + 2), (1, 0, 2, 0)]
    for i, m in enumerate(months + ["合计"]):
        head1 += [f"{m}月" if m != "合计" else m, None]
        head2 += ["批次", "人次"]
        merges.append((1, 1 + 2 * i, 1, 2 + 2 * i))
    row = [specialty]
    for m in months:
        b = sum(r.n_batches for r in recs if r.date.month == m)
        a = sum(r.attendees for r in recs if r.date.month == m)
        row += [b or None, a or None]
    row += [sum(r.n_batches for r in recs), sum(r.attendees for r in recs)]
    width = len(head1)
    title = [f"2023年{specialty}监测培训情况（按月汇总）"] + [None] * (width - 1)
    footer = ["填表人：赵六", None, None, "填表日期：2023年10月8日"] + [None] * (width - 4)
    rows = [title, head1, head2, row, footer]
    grid = Grid(rows=rows, merges=merges, bold_rows=(1, 2))
    return Custom("农业培训月报", grid, {
        "name": "农业培训月报", "kind": TRAINING, "layout": "months across, 批次|人次 under merged months, 合计 column",
        "specialty": specialty, "specialty_from": "row label", "header_row": 3, "records": 1,
        "totals_rows": [], "note_rows": [5], "blank_rows": [], "last_row": 5, "rejects": 0,
        "sums": {"batches": sum(r.n_batches for r in recs), "attendees": sum(r.attendees for r in recs)},
        "month_cells": len({r.date.month for r in recs}),
    })


def quarters_across_sheet(recs: list, specialty: str, year: int) -> Custom:
    """One specialty's trainings as a table kept by quarter: 批次 | 人次 under each merged quarter
    一季度-四季度 and a merged 全年 column (checked, never counted). Each quarter cell counts only
    in a span that covers its whole quarter."""
    quarters = ["一季度", "二季度", "三季度", "四季度"]
    head1, head2 = ["专业"], [None]
    merges = [(0, 0, 0, 2 * len(quarters) + 2), (1, 0, 2, 0)]
    for i, q in enumerate(quarters + ["全年"]):
        head1 += [q, None]
        head2 += ["批次", "人次"]
        merges.append((1, 1 + 2 * i, 1, 2 + 2 * i))
    row = [specialty]
    for q in range(4):
        in_q = [r for r in recs if (r.date.month - 1) // 3 == q]
        row += [sum(r.n_batches for r in in_q) or None, sum(r.attendees for r in in_q) or None]
    row += [sum(r.n_batches for r in recs), sum(r.attendees for r in recs)]
    width = len(head1)
    title = [f"{year}年{specialty}统计业务培训情况（按季度）"] + [None] * (width - 1)
    rows = [title, head1, head2, row]
    grid = Grid(rows=rows, merges=merges, bold_rows=(1, 2))
    return Custom("分季度", grid, {
        "name": "分季度", "kind": TRAINING, "layout": "quarters across, 批次|人次 under merged quarters, 全年 column",
        "specialty": specialty, "specialty_from": "row label", "header_row": 3, "records": 1,
        "totals_rows": [], "note_rows": [], "blank_rows": [], "last_row": 4, "rejects": 0,
        "sums": {"batches": sum(r.n_batches for r in recs), "attendees": sum(r.attendees for r in recs)},
        "quarter_cells": len({(r.date.month - 1) // 3 for r in recs}),
    })


# The office's meeting ledger (会议台账): the seed report's 1－3季度 counts, 党组会议 13,
# 党风廉政专题例会 3, 全局党风廉政专题会议 2, 专题听取党风廉政建设汇报 3, 听取意识形态工作汇报 2,
# 警示教育大会 1. (date, 类别 as written or None, 会议名称, 参会人数).
MEETINGS = [
    (dt.date(2023, 1, 9), "党组会议", "2023年第1次党组会议", 9),
    (dt.date(2023, 1, 30), None, "第2次党组会议", 9),
    (dt.date(2023, 2, 10), "全局党风廉政会议", "2023年全局党风廉政建设工作会议", 46),
    (dt.date(2023, 2, 21), None, "局党组（扩大）会议", 15),
    (dt.date(2023, 3, 7), "党组会议", "第4次党组会议", 9),
    (dt.date(2023, 3, 21), None, "第5次党组会议", 8),
    (dt.date(2023, 3, 28), "党风廉政专题例会", "一季度党风廉政专题例会", 12),
    (dt.date(2023, 4, 11), "党组会议", "第6次党组会议", 9),
    (dt.date(2023, 4, 20), "党风廉政建设汇报", "专题听取机关支部党风廉政建设工作汇报", 10),
    (dt.date(2023, 5, 9), None, "第7次党组会议", 9),
    (dt.date(2023, 5, 16), None, "警示教育大会", 44),
    (dt.date(2023, 5, 25), "党组会议", "第8次党组会议", 9),
    (dt.date(2023, 5, 30), "意识形态工作汇报", "听取上半年意识形态工作汇报", 11),
    (dt.date(2023, 6, 12), None, "第9次党组会议", 9),
    (dt.date(2023, 6, 27), "廉政例会", "二季度党风廉政专题例会", 12),
    (dt.date(2023, 7, 4), "党组会议", "第10次党组会议", 9),
    (dt.date(2023, 7, 14), "全局党风廉政专题会议", "全局党风廉政专题会议", 45),
    (dt.date(2023, 7, 25), None, "局党组（扩大）会议", 16),
    (dt.date(2023, 8, 8), "党组会议", "第12次党组会议", 9),
    (dt.date(2023, 8, 22), "党风廉政建设汇报", "专题听取党风廉政建设工作汇报（二）", 10),
    (dt.date(2023, 9, 5), None, "第13次党组会议", 9),
    (dt.date(2023, 9, 12), "党风廉政建设汇报", "专题听取党风廉政建设工作汇报（三）", 10),
    (dt.date(2023, 9, 14), "意识形态工作汇报", "听取三季度意识形态工作汇报", 11),
    (dt.date(2023, 9, 26), "党风廉政专题例会", "三季度党风廉政专题例会", 12),
]
MEETING_COUNTS = {"党组会议": 13, "党风廉政专题例会": 3, "全局党风廉政专题会议": 2, "专题听取党风廉政建设汇报": 3,
                  "听取意识形态工作汇报": 2, "警示教育大会": 1}


def meeting_sheet() -> Custom:
    """The office's 会议台账 as an office writes it: meeting names with 第N次, 类别 left empty on some
    rows (the name says it), dates in mixed forms (real dates, "2023.3.21", a year-less "5月9日"
    under a title that gives the year, "2023年6月12日"), a 合计 row and a footer."""
    header = ["序号", "会议时间", "类别", "会议名称", "主持人", "参会人数", "备注"]
    rows = [["县统计局2023年会议台账"] + [None] * 6, header]
    styles = ["excel", "dot", "excel", "cn", "excel", "md"]
    for i, (d, cat, name, n) in enumerate(MEETINGS):
        style = styles[i % len(styles)]
        when = {"excel": d, "dot": f"{d.year}.{d.month}.{d.day}", "cn": f"{d.year}年{d.month}月{d.day}日",
                "md": f"{d.month}月{d.day}日"}[style]
        rows.append([i + 1, when, cat, name, "张局长" if i % 4 else "李书记", n, None])
    rows.append(["合计", None, None, f"{len(MEETINGS)}次", None, None, None])
    rows.append(["填表人：王五    审核人：赵六", None, None, None, None, None, None])
    grid = Grid(rows=rows, merges=[(0, 0, 0, 6)], bold_rows=(1,))
    assert sum(MEETING_COUNTS.values()) == len(MEETINGS)
    return Custom("会议台账", grid, {
        "name": "会议台账", "kind": "activity", "specialty": "多个", "header_row": 2, "records": len(MEETINGS),
        "totals_rows": [len(rows) - 1], "note_rows": [len(rows)], "blank_rows": [], "last_row": len(rows),
        "rejects": 0, "by_category_2023_01_09": MEETING_COUNTS,
    })


def build_files():
    """Return [(relative path, format, [SheetSpec or Custom], writer options)]."""
    F = []

    # 1. 规上工业: merged title, unit row, totals and note row; real date cells
    F.append(("规上工业2023年台账.xlsx", "xlsx", [
        SheetSpec("规上工业培训", TRAINING, COLS_TRAIN, T23["规上工业"], "规上工业", "sheet name",
                  pre_rows=[("2023年规上工业统计业务培训情况表", 0), ("单位：人次", 5)], merge_title=True,
                  total_row=True, note=NOTE),
        SheetSpec("规上工业核查", VERIFICATION, COLS_VISIT, V23["规上工业"], "规上工业", "sheet name",
                  pre_rows=[("2023年规上工业企业数据核查情况", 0)], blank_after=(7, 15),
                  date_format='yyyy"年"m"月"d"日"'),
    ], {}))

    # 2. 贸易 as old .xls: real dates in 培训, "2023/9/20" text in 核查, 家次 sometimes empty
    def trade_render(rec, key, i):
        if key == "count":
            return None if i % 4 == 3 else 1
        return NOTSET
    F.append(("贸易/2023年贸易统计台账.xls", "xls", [
        SheetSpec("贸易培训", TRAINING,
                  [("序号", "seq"), ("日期", "date"), ("培训主题", "topic"), ("培训批次", "batches"), ("培训人次", "attendees"), ("备注", "remarks")],
                  T23["贸易"], "贸易", "sheet name", pre_rows=[("2023年贸易业统计业务培训情况", 0)], merge_title=True,
                  total_row=True),
        SheetSpec("贸易核查", VERIFICATION,
                  [("序号", "seq"), ("核查时间", "date"), ("单位名称", "unit"), ("信用代码", "code"), ("核查类型", "category"), ("家次", "count")],
                  V23["贸易"], "贸易", "sheet name", date_style="slash", render=trade_render),
    ], {}))

    # 3. 农业 / 粮食 as .ods: "20230512" text dates / real date cells; the file name names no specialty
    F.append(("2023年监测培训台账.ods", "ods", [
        SheetSpec("粮食培训", TRAINING,
                  [("序号", "seq"), ("日期", "date"), ("主题", "topic"), ("场次", "batches"), ("参训人次", "attendees"), ("备注", "remarks")],
                  T23["粮食"], "粮食", "sheet name", pre_rows=[("2023年粮食产量调查培训情况", 0)],
                  blank_after=(1,), total_row=True),
    ], {}))

    # 4. 服务业核查: GB18030 CSV as saved by Chinese Excel, "2023年9月20日" dates
    F.append(("服务业核查2023.csv", "csv", [
        SheetSpec("服务业核查2023", VERIFICATION,
                  [("序号", "seq"), ("核查日期", "date"), ("核查对象", "unit"), ("统一社会信用代码", "code"), ("类型", "category"), ("备注", "remarks")],
                  V23["服务业"], "服务业", "file name", pre_rows=[("2023年规上服务业数据核查登记表", 0)], date_style="cn"),
    ], {"encoding": "gb18030"}))

    # 5. 工业生产者价格核查: GB18030 CSV, one visit, a note row
    F.append(("工业生产者价格核查2023.csv", "csv", [
        SheetSpec("工业生产者价格核查2023", VERIFICATION,
                  [("序号", "seq"), ("企业名称", "unit"), ("统一社会信用代码", "code"), ("核查日期", "date"), ("核查方式", "category"), ("备注", "remarks")],
                  V23["工业生产者价格"], "工业生产者价格", "file name",
                  pre_rows=[("2023年工业生产者价格调查企业核查情况", 0)], date_style="cn", note="填表人：王五    填报日期：2023年10月8日"),
    ], {"encoding": "gb18030"}))

    # 6. 名录库核查: UTF-8 with BOM, 家次 column of 1s, 23 visits to 20 units
    F.append(("名录库/名录库核查2023.csv", "csv", [
        SheetSpec("名录库核查2023", VERIFICATION,
                  [("序号", "seq"), ("核查日期", "date"), ("单位名称", "unit"), ("统一社会信用代码", "code"), ("核查类型", "category"), ("家次", "count"), ("备注", "remarks")],
                  V23["名录库"], "名录库", "file name", date_style="iso"),
    ], {"encoding": "utf-8", "bom": True}))

    # 7. 能源核查: tab-separated .csv, UTF-8 without BOM
    F.append(("能源/能源核查2023.csv", "csv", [
        SheetSpec("能源核查2023", VERIFICATION,
                  [("序号", "seq"), ("日期", "date"), ("企业名称", "unit"), ("统一社会信用代码", "code"), ("核查方式", "category"), ("核查家次", "count")],
                  V23["能源"], "能源", "file name", date_style="iso", render=lambda r, k, i: 1 if k == "count" else NOTSET),
    ], {"encoding": "utf-8", "delimiter": "\t", "pad": False}))

    # 8. combined workbook: 条线 column with aliases, header with a full-width bracket
    combined = []
    for spec, label in (("服务业", "规上服务业"), ("名录库", "基本单位名录库")):
        for r in T23[spec]:
            if r is not DIRECTORY_SIGN_IN:
                combined.append(Rec(**{**r.__dict__, "label": label}))
    combined.sort(key=lambda r: r.date)
    [r for r in combined if r.specialty == "名录库"][-1].label = "名录"  # one row with the short alias
    F.append(("2023年各专业业务台账.xlsx", "xlsx", [
        SheetSpec("培训汇总", TRAINING,
                  [("序号", "seq"), ("条线", "specialty"), ("日期", "date"), ("名称", "topic"), ("场次", "batches"), ("培训人数（人）", "attendees"), ("备注", "remarks")],
                  combined, None, "column"),
    ], {}))

    # 9. 房地产与投资 training: one merged 专业 cell over all record rows, "2023.03.15" text dates,
    #    header variants with spaces and full-width brackets
    F.append(("2023年房地产与投资统计台账.xlsx", "xlsx", [
        SheetSpec("培训情况", TRAINING,
                  [("序号", "seq"), ("专业", "specialty"), ("培训 日期", "date"), ("培训内容", "topic"), ("批 次", "batches"), ("参训人数（人）", "attendees"), ("备注", "remarks")],
                  T23["房地产与投资"], "房地产与投资", "column", pre_rows=[("2023年房地产与投资统计培训情况", 0)],
                  merge_title=True, date_style="dot", merge_specialty=True, total_row=True),
    ], {}))

    # 10. 房地产核查: month-only dates "2023-09"; the 核查方式 dropdown's source in a hidden sheet
    F.append(("2023年房地产核查台账.xlsx", "xlsx", [
        SheetSpec("房地产核查", VERIFICATION, COLS_VISIT[:5], V23["房地产"], "房地产", "sheet name", date_style="iso_month"),
        list_sheet("下拉选项"),
    ], {}))

    # 11. 投资: monthly count table 月份 | 核查项目数 with a 合计 row
    #     and a chart sheet (图表页) drawing it, which is listed and passed over
    F.append(("2023年投资项目核查情况.xlsx", "xlsx", [
        SheetSpec("投资核查", VERIFICATION, [("月份", "date"), ("核查项目数", "count")], V23["投资"], "投资", "sheet name",
                  pre_rows=[("2023年固定资产投资项目核查情况统计", 0)], date_style="cn_month", total_row=True),
        Custom("核查项目图", ChartOf("投资核查", 2, 3, 11, "各月投资项目核查个数"),
               {"name": "核查项目图", "kind": "chart", "passed_over_as": "图表页"}),
    ], {}))

    # 12. 劳动工资: year-less "9月20日" dates, the year only in the file name; "26人次" text numbers
    def wage_render(rec, key, i):
        if key == "attendees" and i != 2:
            return f"{rec.attendees}人次"
        return NOTSET
    F.append(("2023年劳动工资统计台账.xlsx", "xlsx", [
        SheetSpec("培训", TRAINING,
                  [("序号", "seq"), ("时间", "date"), ("内容", "topic"), ("批次", "batches"), ("人次", "attendees")],
                  T23["劳动工资"], "劳动工资", "file name", pre_rows=[("劳动工资统计业务培训登记表", 0)],
                  date_style="md_cn", year_from="file name", render=wage_render),
        SheetSpec("核查", VERIFICATION,
                  [("序号", "seq"), ("时间", "date"), ("单位名称", "unit"), ("统一社会信用代码", "code"), ("核查方式", "category"), ("备注", "remarks")],
                  V23["劳动工资"], "劳动工资", "file name", pre_rows=[("劳动工资统计数据核查登记表", 0)],
                  date_style="md_cn", year_from="file name"),
    ], {}))

    # 13. 低收入: sheet "Sheet1", year only in the title row, stray formatted cell at XFD1048576
    F.append(("低收入人口监测培训台账.xlsx", "xlsx", [
        SheetSpec("Sheet1", TRAINING,
                  [("序号", "seq"), ("培训时间", "date"), ("培训内容", "topic"), ("批次", "batches"), ("参训人数(人)", "attendees"), ("备注", "remarks")],
                  T23["低收入"], "低收入", "file name", pre_rows=[("2023年低收入人口监测培训情况", 0)],
                  date_style="md_cn", year_from="title row", stray_xfd=True),
    ], {}))

    # 14. 住户调查 in a specialty folder: full-width digits, an empty 批次, "20230315" text dates
    def household_render(rec, key, i):
        if i == 0 and key == "attendees":
            return fullwidth(rec.attendees)
        if i == 2 and key in ("batches", "attendees"):
            return fullwidth(getattr(rec, key))
        return NOTSET
    F.append(("住户调查/住户调查培训记录.xlsx", "xlsx", [
        SheetSpec("培训记录", TRAINING,
                  [("序号", "seq"), ("培训日期", "date"), ("培训内容", "topic"), ("批次", "batches"), ("人次", "attendees")],
                  T23["住户调查"], "住户调查", "file name", date_style="compact", render=household_render),
    ], {}))

    # 15. 执法: 31 inspections, 8 with 消防; the template is pre-numbered to 35
    F.append(("执法/2023年统计执法检查台账.xlsx", "xlsx", [
        SheetSpec("执法检查", ENFORCEMENT, COLS_ENF, E23, "执法", "sheet name",
                  pre_rows=[("2023年统计执法检查台账", 0)], merge_title=True, seq_only_tail=4),
    ], {}))

    # The office's meeting ledger (会议台账): not training, though 参会人数 looks like an 人数 and
    # 办公室 in the folder names the 综合 specialty.
    F.append(("办公室/2023年会议台账.xlsx", "xlsx", [meeting_sheet()], {}))

    # 16. targets
    F.append(("2023年目标任务.xlsx", "xlsx", [
        SheetSpec("年度目标", TARGETS,
                  [("序号", "seq"), ("专业", "specialty"), ("指标", "metric"), ("年度目标", "target"), ("备注", "remarks")],
                  TARGET_RECS, None, "column", pre_rows=[("2023年各专业统计业务工作目标任务", 0)], merge_title=True),
    ], {}))

    # 17. 农业: a table by month (months across, 批次 | 人次 under each merged month)
    F.append(("2023年农业监测培训月报.xlsx", "xlsx", [months_across_sheet(T23["农业"], "农业")], {}))

    # 18. 名录库's August training as a sign-in sheet (one row per attendee)
    F.append(("名录库/名录库更新培训签到表.xlsx", "xlsx", [sign_in_sheet(DIRECTORY_SIGN_IN)], {}))

    # 19. 能源 training as a WPS 表格 file (.et: xls content under WPS's name)
    F.append(("能源/2023年能源统计培训台账.et", "xls", [
        SheetSpec("能源培训", TRAINING,
                  [("序号", "seq"), ("培训日期", "date"), ("培训内容", "topic"), ("批次", "batches"), ("参训人次", "attendees")],
                  T23["能源"], "能源", "sheet name", pre_rows=[("2023年能源统计培训情况", 0)], merge_title=True),
    ], {}))

    # ---- 2022 ----
    # 2022 规上工业: the training log and the verification log side by side on one sheet
    F.append(("2022年/2022年规上工业统计台账.xlsx", "xlsx", [SideBySide(
        "规上工业",
        SheetSpec("规上工业", TRAINING, COLS_TRAIN, T22["规上工业"], "规上工业", "sheet name",
                  pre_rows=[("2022年规上工业统计业务培训情况表", 0), ("单位：人次", 5)], merge_title=True,
                  total_row=True, note="填表人：张三    审核人：李四    填报日期：2023年1月6日"),
        SheetSpec("规上工业", VERIFICATION, COLS_VISIT, V22["规上工业"], "规上工业", "sheet name",
                  pre_rows=[("2022年规上工业企业数据核查情况", 0)]),
    )], {}))
    F.append(("2022年/2022年贸易统计台账.xlsx", "xlsx", [
        SheetSpec("贸易培训", TRAINING, COLS_TRAIN, T22["贸易"], "贸易", "sheet name", total_row=True),
        SheetSpec("贸易核查", VERIFICATION, COLS_VISIT, V22["贸易"], "贸易", "sheet name"),
    ], {}))
    # 2022 服务业 training kept by quarter (a table of 一季度 … 四季度)
    F.append(("2022年/2022年服务业培训情况.xlsx", "xlsx", [quarters_across_sheet(T22["服务业"], "服务业", 2022)], {}))
    F.append(("2022年/2022年房地产与投资培训台账.xlsx", "xlsx", [
        SheetSpec("房地产与投资培训", TRAINING, COLS_TRAIN, T22["房地产与投资"], "房地产与投资", "sheet name",
                  pre_rows=[("2022年房地产与投资统计培训情况", 0)], total_row=True),
    ], {}))
    F.append(("2022年/2022年能源统计核查台账.xlsx", "xlsx", [
        SheetSpec("能源核查", VERIFICATION, COLS_VISIT, V22["能源"], "能源", "sheet name"),
    ], {}))
    F.append(("2022年/2022年统计执法检查台账.xlsx", "xlsx", [
        SheetSpec("执法检查", ENFORCEMENT, COLS_ENF, E22, "执法", "sheet name", pre_rows=[("2022年统计执法检查台账", 0)]),
    ], {}))
    return F


README_TXT = """说明

本目录为各专业科室报送的业务台账样例（2023年1－3季度及2022年全年）。
台账的样式各不相同：逐条登记的台账、左右并排在一张工作表里的两本台账、
日期只写在标题里的签到表、按月汇总表、按季度填报的表、WPS表格（.et）、隐藏的下拉选项表，
办公室的会议台账（党组会议、党风廉政专题例会等，按类别计次数），
还有一份误放入的副本（“… - 副本.xlsx”），汇总时只读取一次。
每个专业的培训、核查、执法检查台账按文件或工作表分别存放；
2022年的台账放在“2022年”子目录中，用于同比。
以“~$”开头的文件是 Excel 打开时产生的临时锁定文件，汇总时应忽略。
"""

# ---------------------------------------------------------------------------
# expected figures
# ---------------------------------------------------------------------------


def sheet_expected(spec: SheetSpec, meta: dict) -> dict:
    recs = spec.records
    out = {
        "name": spec.name,
        "kind": spec.kind,
        "specialty": spec.specialty,
        "specialty_from": spec.specialty_from,
        "header_row": meta["header_row"],
        "records": len(recs),
        "first_record_row": meta["record_rows"][0],
        "last_record_row": meta["record_rows"][-1],
        "totals_rows": meta["totals_rows"],
        "note_rows": meta["note_rows"],
        "blank_rows": meta["blank_rows"],
        "last_row": meta["last_row"],
        "rejects": 0,
    }
    if spec.kind == TARGETS:
        out["targets"] = [{"specialty": r.specialty, "metric": r.metric, "target": r.target} for r in recs]
        return out
    out["dates_written_as"] = spec.date_style
    if spec.year_from:
        out["year_from"] = spec.year_from
    out["date_range"] = [min(r.date for r in recs).isoformat(), max(r.date for r in recs).isoformat()]
    if spec.date_style in MONTH_STYLES:
        out["date_precision"] = "month"
        out["date_range"] = [d[:7] for d in out["date_range"]]
    if spec.kind == TRAINING:
        out["sums"] = {"batches": sum(r.n_batches for r in recs), "attendees": sum(r.attendees for r in recs)}
        if spec.specialty is None:
            by = {}
            for r in recs:
                b = by.setdefault(r.specialty, {"batches": 0, "attendees": 0})
                b["batches"] += r.n_batches
                b["attendees"] += r.attendees
            out["by_specialty"] = by
    else:
        out["sums"] = {"count": sum(r.n_count for r in recs)}
        units = {r.code for r in recs if r.code}
        if units:
            out["distinct_units"] = len(units)
        partners = {}
        for r in recs:
            if r.partner:
                partners[r.partner] = partners.get(r.partner, 0) + r.n_count
        if spec.kind == ENFORCEMENT:
            out["joint"] = partners
    if spec.kind == TRAINING and spec.total_row:
        out["totals_match"] = True
    return out


def figures(year: int, months: list, training: dict, visits_: dict, enf: list) -> dict:
    def inside(r):
        return r.date.year == year and r.date.month in months
    t = {}
    for s, recs in training.items():
        rs = [r for r in recs if inside(r)]
        t[s] = {"batches": sum(r.n_batches for r in rs), "attendees": sum(r.attendees for r in rs)}
    v = {}
    for s, recs in visits_.items():
        rs = [r for r in recs if inside(r)]
        v[s] = {"count": sum(r.n_count for r in rs), "records": len(rs)}
        codes = {r.code for r in rs if r.code}
        if codes:
            v[s]["distinct_units"] = len(codes)
    es = [r for r in enf if inside(r)]
    joint = [r for r in es if "消防" in r.partner]
    partners = {}
    for r in joint:
        partners[r.partner] = partners.get(r.partner, 0) + 1
    return {
        "training": t,
        "training_total": {"batches": sum(x["batches"] for x in t.values()),
                           "attendees": sum(x["attendees"] for x in t.values())},
        "verification": v,
        "enforcement": {"count": sum(r.n_count for r in es), "joint_with_消防": len(joint),
                        "joint_partners_as_written": partners,
                        "joint_lodging_catering": sum(1 for r in joint if r.remarks == "住宿餐饮业"),
                        "by_method": {m: sum(1 for r in es if r.category == m) for m in ("双随机", "专项检查", "举报核查")}},
    }


def target_progress(fig: dict) -> list:
    out = []
    for s, metric, target, _ in TARGET_ROWS:
        if metric == "培训批次":
            actual = fig["training"][s]["batches"]
        elif metric == "培训人次":
            actual = fig["training"][s]["attendees"]
        elif metric == "执法检查":
            actual = fig["enforcement"]["count"]
        else:
            v = fig["verification"][s]
            actual = v["distinct_units"] if s == "名录库" else v["count"]
        ratio = actual / target
        status = "done" if ratio >= 1 else ("on track" if ratio >= 0.75 else "behind")
        row = {"specialty": s, "metric": metric, "target": target, "actual_2023_01_09": actual,
               "ratio": round(ratio, 4), "status_at_75pct": status}
        if s == "名录库":
            row["actual_if_counted_as_visits"] = fig["verification"][s]["count"]
        out.append(row)
    return out


REQUIRED_2023 = {
    "training": {"规上工业": (6, 331), "贸易": (2, 112), "服务业": (1, 17), "房地产与投资": (16, 321), "农业": (3, 45),
                 "粮食": (5, 123), "低收入": (4, 53), "住户调查": (3, 75), "能源": (3, 86), "劳动工资": (4, 104), "名录库": (3, 56)},
    "verification": {"能源": 18, "服务业": 18, "贸易": 25, "房地产": 7, "劳动工资": 19, "名录库": 23,
                     "工业生产者价格": 1, "投资": 261, "规上工业": 24},
}


def check_required(fig: dict) -> None:
    for s, (b, a) in REQUIRED_2023["training"].items():
        got = fig["training"][s]
        assert (got["batches"], got["attendees"]) == (b, a), (s, got)
    assert fig["training_total"] == {"batches": 50, "attendees": 1323}, fig["training_total"]
    for s, n in REQUIRED_2023["verification"].items():
        assert fig["verification"][s]["count"] == n, (s, fig["verification"][s])
    assert fig["verification"]["名录库"]["distinct_units"] == 20
    e = fig["enforcement"]
    assert e["count"] == 31 and e["joint_with_消防"] == 8 and e["joint_lodging_catering"] == 8, e


# ---------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "input")
    ap.add_argument("--expected", type=Path, default=ROOT / "tests" / "fixtures" / "sample_expected.json")
    args = ap.parse_args(argv)

    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    files_json = []
    for rel, fmt, specs, opts in build_files():
        path = out / rel
        laid = []
        for spec in specs:
            if isinstance(spec, Custom):
                laid.append((spec, spec.grid, [spec.expected]))
            elif isinstance(spec, SideBySide):
                laid.append((spec, *side_by_side(spec)))
            else:
                grid, meta = layout(spec)
                laid.append((spec, grid, [sheet_expected(spec, meta)]))
        if fmt == "xlsx":
            write_xlsx(path, [(s.name, g) for s, g, _ in laid])
        elif fmt == "xls":
            write_xls(path, [(s.name, g) for s, g, _ in laid])
        elif fmt == "ods":
            write_ods(path, [(s.name, g) for s, g, _ in laid])
        elif fmt == "csv":
            assert len(laid) == 1
            write_csv(path, laid[0][1], **opts)
        else:
            raise ValueError(fmt)
        if path.suffix == ".et":
            fmt = "et (WPS 表格; xls content)"
        entry = {"path": rel, "format": fmt, "year": 2022 if rel.startswith("2022年/") else 2023}
        if fmt == "csv":
            entry["encoding"] = "utf-8-bom" if opts.get("bom") else opts.get("encoding", "utf-8")
            entry["delimiter"] = {"\t": "tab", ",": "comma"}[opts.get("delimiter", ",")]
            entry["sheet_name_note"] = "a CSV has one sheet; named here by the file stem"
        entry["sheets"] = [e for _, _, expected in laid for e in expected]
        files_json.append(entry)

    # A copy dropped in beside the original ("… - 副本.xlsx"): byte-identical, read once.
    copy = out / "规上工业2023年台账 - 副本.xlsx"
    shutil.copyfile(out / "规上工业2023年台账.xlsx", copy)

    lock = out / "~$规上工业2023年台账.xlsx"
    lock.write_bytes(excel_lock_file())
    (out / "说明.txt").write_text(README_TXT, encoding="utf-8")

    V23_all = dict(V23)
    fig23 = figures(2023, Q1_3, T23, V23_all, E23)
    check_required(fig23)
    fig22 = figures(2022, list(range(1, 13)), T22, V22, E22)
    fig22_q = figures(2022, Q1_3, T22, V22, E22)

    expected = {
        "_about": "Generated by scripts/make_sample.py from the same data it writes to input/. Do not edit by hand. "
                  "Row numbers are 1-based sheet rows (CSV: line numbers). blank_rows are rows between the header and "
                  "the last used row that are empty or only hold a 序号. Empty 批次/家次 cells count as 1.",
        "files": files_json,
        "skipped": [
            {"path": lock.name, "reason": "Excel lock file (name starts with ~$)", "bytes": len(excel_lock_file())},
            {"path": "说明.txt", "reason": "unsupported extension"},
        ],
        "copies": [{"path": copy.name, "of": "规上工业2023年台账.xlsx", "reason": "byte-identical copy, read once"}],
        "figures": {
            "2023-01..2023-09": fig23,
            "2022-01..2022-12": fig22,
            "2022-01..2022-09": fig22_q,
        },
        "targets_2023": target_progress(fig23),
        "time_progress_2023_09": 0.75,
        "target_status_rule": "done if actual >= target; on track if actual/target >= time progress (0.75, "
                              "规上工业 培训批次 sits exactly on it); behind otherwise. 名录库 核查 counts distinct units.",
    }
    args.expected.parent.mkdir(parents=True, exist_ok=True)
    args.expected.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    n = sum(1 for _ in out.rglob("*") if _.is_file())
    print(f"wrote {n} files under {out} and {args.expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
