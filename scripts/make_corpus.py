#!/usr/bin/env python3
"""Generate a synthetic corpus of specialty logs for benchmarking tongji (issue "Speed and scale").

    python3 scripts/make_corpus.py --files 200 --out /work/corpus/c200 [--seed 20231008]
    python3 scripts/make_corpus.py --big-rows 1000000 --out /work/corpus/big

--files N writes N workbooks (about 75% .xlsx, 10% .xls, 10% .csv in GB18030 or UTF-8 with BOM,
5% .ods) into OUT and a few subfolders, each with 1-3 sheets of 200-4000 data rows (log-uniform),
in the shapes docs/input-format.md accepts: merged title rows, unit rows, header aliases, dates
typed a dozen ways, counts typed as text ("１２", "56人次"), correct 合计 rows, note rows and
occasional blank rows. --big-rows N writes one .xlsx with a single sheet of N data rows.

Both write OUT/expected.json: file, sheet and row counts and the sums per (kind, specialty,
year-month) of 批次, 人次 and 家次 (count), plus the grand totals per kind for 2023年1-9月:
exactly what tongji should report, since every generated row is a valid record.

Counting conventions (the same as tongji's):
- an empty 批次 counts 1; an empty 家次 counts 1 (every check row names a unit);
- 投资 verifications count 个 = the sum of counts, numerically the same as 家次;
- 名录库 verifications count 家 = distinct units; every 名录库 row here visits a unit of its own
  (a corpus-wide unique 统一社会信用代码, count 1 or empty), so 家 = 家次 = rows in every window.

Everything is deterministic for a given seed: file i is built from its own random.Random, so
the output does not depend on how the files are spread over the worker processes, and the zip
entries carry fixed timestamps.

xlsx and ods are written by streaming raw XML into the zip container (shared strings, styles and
merged cells as Excel/LibreOffice write them) because openpyxl and odfpy are too slow for
millions of rows; .xls goes through xlwt and CSV through the writers of scripts/make_sample.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import random
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample import Grid, fullwidth, uscc, write_csv, write_xls  # noqa: E402

SEED = 20231008
ZIP_TS = (2023, 10, 8, 0, 0, 0)
EPOCH = dt.date(1899, 12, 30)
TRAINING, VERIFICATION, ENFORCEMENT = "training", "verification", "enforcement"
KIND_WORD = {TRAINING: "培训", VERIFICATION: "核查", ENFORCEMENT: "执法检查"}

# ---------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------

# Canonical specialty -> labels a clerk writes in a 专业 column (catalogue names and aliases).
LABELS = {
    "规上工业": ["规上工业", "工业", "规模以上工业"],
    "贸易": ["贸易", "商贸", "批零住餐", "贸易业"],
    "服务业": ["服务业", "规上服务业"],
    "房地产": ["房地产", "房地产开发"],
    "投资": ["投资", "固定资产投资"],
    "能源": ["能源", "能源统计"],
    "劳动工资": ["劳动工资", "劳资"],
    "住户调查": ["住户调查", "城乡住户调查"],
    "农业": ["农业", "农林牧渔"],
    "名录库": ["名录库", "基本单位名录库"],
    "粮食": ["粮食", "粮食产量"],
    "低收入": ["低收入", "低收入人口监测"],
}
# Specialties with verification logs (the others only train).
CHECKED = ["规上工业", "贸易", "服务业", "房地产", "投资", "能源", "劳动工资", "名录库"]
SPEC_WEIGHTS = {"规上工业": 14, "贸易": 12, "服务业": 10, "房地产": 7, "投资": 8, "能源": 8, "劳动工资": 7,
                "住户调查": 6, "农业": 6, "名录库": 8, "粮食": 5, "低收入": 4}

TOPICS = ["统计年报布置培训", "定期报表制度培训", "联网直报平台操作培训", "数据质量专题培训", "新入库企业统计培训",
          "统计法律法规宣传培训", "财务指标填报培训", "统计人员业务轮训", "季报布置培训", "半年报布置培训",
          "基层统计员培训", "统计制度方法培训", "专项调查业务培训", "统计软件操作培训", "数据审核方法培训"]
TOWNS = ["城关镇", "青溪镇", "白沙乡", "东山街道", "西湖乡", "南湖镇", "北岭乡", "云溪镇", "石门乡", "桃源街道"]
TRADE_FIRST = "恒华鑫永宏金瑞天合正博中嘉锦海德兴联振安明丰汇凯同益盛东银富信立佳盈泓润"
TRADE_SECOND = "达盛源康远诚丰成力泰鼎禾程纳润旺发辉泽通创民隆升河昌茂晟森祥和鹏"
INDUSTRY = {
    "规上工业": ["机械制造", "纺织", "电子科技", "新材料", "塑料制品", "五金工具", "竹木制品", "汽车零部件", "电器"],
    "贸易": ["商贸", "超市", "百货", "汽车销售服务", "农资", "建材贸易", "医药连锁", "五金交电", "粮油贸易"],
    "服务业": ["物流", "信息技术", "物业管理", "广告传媒", "人力资源", "检测技术", "软件开发", "文化传播"],
    "房地产": ["房地产开发", "置业", "实业"],
    "投资": ["工业园区建设", "道路改造", "污水处理", "标准厂房", "安置房", "学校扩建", "农村供水"],
    "能源": ["热电", "水泥", "造纸", "印染", "化工", "铸造", "陶瓷", "玻璃制品"],
    "劳动工资": ["建设工程", "交通运输", "水务", "供电服务", "农业开发", "金融服务", "医疗器械", "教育科技"],
    "名录库": ["建材", "食品", "家具", "农业科技", "电子商务", "装饰工程", "茶业", "环保科技"],
    "执法": ["机械制造", "纺织", "商贸", "建材", "物流", "食品", "电器", "建设工程", "信息技术", "餐饮管理"],
}
CATEGORIES = {
    VERIFICATION: ["实地核查", "资料核查", "电话核查", "联网直报数据核查"],
    ENFORCEMENT: ["双随机", "双随机", "专项检查", "举报核查"],
}
PARTNERS = ["消防", "县消防救援大队", "市场监管局", "税务局"]
REMARKS = ["", "", "", "", "", "数据已更正", "无异常", "已整改", "补报"]
NOTES = ["填表人：张三    审核人：李四", "填表人：王五    填报日期：{y}年10月8日", "注：本表由各专业科室按月填报"]

# Column sets: (header text, field). Every set is a valid header for its kind (date + 2 known).
TRAIN_COLS = [
    [("序号", "seq"), ("培训日期", "date"), ("培训内容", "topic"), ("批次", "batches"), ("参训人次", "attendees"), ("备注", "remarks")],
    [("序号", "seq"), ("日期", "date"), ("培训主题", "topic"), ("培训批次", "batches"), ("培训人次", "attendees")],
    [("序号", "seq"), ("培训时间", "date"), ("内容", "topic"), ("期数", "batches"), ("人数", "attendees"), ("备注", "remarks")],
    [("日期", "date"), ("主题", "topic"), ("场次", "batches"), ("参训人数（人）", "attendees")],
    [("序号", "seq"), ("培训 日期", "date"), ("培训内容", "topic"), ("批 次", "batches"), ("人 次", "attendees"), ("联系电话", "phone")],
]
TRAIN_COLS_SPEC = [
    [("序号", "seq"), ("日期", "date"), ("专业", "specialty"), ("培训内容", "topic"), ("批次", "batches"), ("人次", "attendees")],
    [("序号", "seq"), ("条线", "specialty"), ("培训时间", "date"), ("名称", "topic"), ("场次", "batches"), ("培训人数（人）", "attendees"), ("备注", "remarks")],
    [("科室", "specialty"), ("培训日期", "date"), ("培训主题", "topic"), ("批次", "batches"), ("参训人次", "attendees")],
]
# (columns, has a unit code) -- 名录库 only uses sets with a code, so its units stay distinct.
VERIF_COLS = [
    ([("序号", "seq"), ("核查日期", "date"), ("企业名称", "unit"), ("统一社会信用代码", "code"), ("核查方式", "category"), ("备注", "remarks")], True),
    ([("序号", "seq"), ("核查时间", "date"), ("单位名称", "unit"), ("信用代码", "code"), ("核查类型", "category"), ("家次", "count")], True),
    ([("序号", "seq"), ("日期", "date"), ("核查对象", "unit"), ("类型", "category"), ("核查家次", "count"), ("备注", "remarks")], False),
    ([("序号", "seq"), ("日期", "date"), ("企业名称", "unit"), ("企业统一社会信用代码", "code"), ("经办人", "clerk"), ("数量（家次）", "count")], True),
]
INVEST_COLS = [
    [("序号", "seq"), ("核查日期", "date"), ("项目名称", "unit"), ("项目代码", "code"), ("核查方式", "category"), ("个数", "count")],
    [("序号", "seq"), ("核查时间", "date"), ("项目名称", "unit"), ("核查类型", "category"), ("核查项目数", "count"), ("备注", "remarks")],
]
ENF_COLS = [
    [("序号", "seq"), ("检查日期", "date"), ("检查对象", "unit"), ("统一社会信用代码", "code"), ("检查方式", "category"), ("联合部门", "partner"), ("备注", "remarks")],
    [("序号", "seq"), ("检查时间", "date"), ("单位名称", "unit"), ("检查类型", "category"), ("配合部门", "partner"), ("家次", "count")],
]
BIG_COLS = [("序号", "seq"), ("核查日期", "date"), ("专业", "specialty"), ("单位名称", "unit"), ("统一社会信用代码", "code"),
            ("核查方式", "category"), ("家次", "count"), ("备注", "remarks")]

# Date styles: how a sheet's clerk typed the dates. "cell" is a real date cell (not in CSV).
DATE_STYLES_CELL = [("cell", 40), ("iso", 12), ("slash", 8), ("dot", 6), ("cn", 12), ("cn_hao", 2), ("compact", 4),
                    ("compact_num", 3), ("fw_cn", 2), ("datetime", 3), ("cn_month", 2), ("iso_month", 2), ("md_cn", 4)]
DATE_STYLES_CSV = [(s, w) for s, w in DATE_STYLES_CELL if s not in ("cell", "compact_num")]
MONTH_ONLY = {"cn_month", "iso_month"}
# Date cell number formats: (id, format code or None for a built-in id).
DATE_FORMATS = [(14, None), (176, "yyyy-mm-dd"), (177, 'yyyy"年"m"月"d"日"'), (178, "yyyy/m/d")]
FORMATS = [("xlsx", 75), ("xls", 10), ("csv", 10), ("ods", 5)]


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights)[0]


def render_date(d: dt.date, style: str, rng: random.Random):
    y, m, day = d.year, d.month, d.day
    if style == "cell":
        return d
    if style == "iso":
        return f"{y}-{m:02d}-{day:02d}"
    if style == "slash":
        return f"{y}/{m}/{day}"
    if style == "dot":
        return f"{y}.{m:02d}.{day:02d}"
    if style == "cn":
        return f"{y}年{m}月{day}日"
    if style == "cn_hao":
        return f"{y}年{m}月{day}号"
    if style == "compact":
        return f"{y}{m:02d}{day:02d}"
    if style == "compact_num":
        return y * 10000 + m * 100 + day
    if style == "fw_cn":
        return f"{fullwidth(y)}年{fullwidth(m)}月{fullwidth(day)}日"
    if style == "datetime":
        return f"{y}-{m:02d}-{day:02d} {rng.choice(('08:30', '09:00', '14:30', '15:00'))}"
    if style == "cn_month":
        return f"{y}年{m}月"
    if style == "iso_month":
        return f"{y}-{m:02d}"
    if style == "md_cn":
        return f"{m}月{day}日"
    raise ValueError(style)


def render_count(n: int, style: str, suffixes=("人次", "人")):
    """A count as typed: a number cell, or text ("12", "１２", "56人次")."""
    if style == "num":
        return n
    if style == "text":
        return str(n)
    if style == "fw":
        return fullwidth(n)
    return f"{n}{suffixes[n % len(suffixes)]}"


B31 = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def unique_code(index: int) -> str:
    """A valid 统一社会信用代码 that no other index gets (organisation body MA + 6 base-31 digits)."""
    s = []
    for _ in range(6):
        index, r = divmod(index, 31)
        s.append(B31[r])
    assert index == 0
    return uscc("MA" + "".join(reversed(s)))


_POOLS: dict = {}


def unit_pool(specialty: str):
    """A fixed pool of (name, code) per specialty, shared by all files (units are checked repeatedly)."""
    if specialty not in _POOLS:
        r = random.Random(f"units-{specialty}")
        inds = INDUSTRY.get(specialty, INDUSTRY["执法"])
        pool = []
        for _ in range(1500):
            trade = r.choice(TRADE_FIRST) + r.choice(TRADE_SECOND)
            name = f"{r.choice(['浙江', '青溪县', '青溪'])}{trade}{r.choice(inds)}有限公司"
            pool.append((name, uscc("".join(r.choice("0123456789") for _ in range(8)))))
        _POOLS[specialty] = pool
    return _POOLS[specialty]


def project_pool():
    if "投资" not in _POOLS:
        r = random.Random("units-投资")
        pool = []
        for i in range(1500):
            name = f"{r.choice(TOWNS)}{r.choice(INDUSTRY['投资'])}项目（{r.choice(['一期', '二期', '三期'])}）"
            code = f"{r.choice(['2021', '2022', '2023'])}-330127-{r.choice(['04', '47', '78'])}-01-{r.randrange(10**6):06d}"
            pool.append((name, code))
        _POOLS["投资"] = pool
    return _POOLS["投资"]


def random_name(rng: random.Random, specialty: str) -> str:
    trade = rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)
    return f"{rng.choice(['浙江', '青溪县', '青溪'])}{trade}{rng.choice(INDUSTRY[specialty])}有限公司"


# ---------------------------------------------------------------------------
# sheets
# ---------------------------------------------------------------------------


class Stats:
    """What a sheet contributes: row classes and sums per (kind, specialty, year-month)."""

    def __init__(self):
        self.records = self.totals = self.notes = self.blank = self.title = 0
        # (kind, specialty, "YYYY-MM") -> [batches, attendees, count, records, joint]
        self.sums = defaultdict(lambda: [0, 0, 0, 0, 0])

    def add(self, kind, specialty, d, batches=0, attendees=0, count=0, joint=0):
        s = self.sums[(kind, specialty, f"{d.year}-{d.month:02d}")]
        s[0] += batches
        s[1] += attendees
        s[2] += count
        s[3] += 1
        s[4] += joint
        self.records += 1


class SheetPlan:
    def __init__(self, name, kind, specialty, columns, n, year, start, end, title, unit_row, total_row, note,
                 date_styles, num_style, merge_title=True, code_base=None):
        self.name, self.kind, self.specialty, self.columns = name, kind, specialty, columns
        self.n, self.year, self.start, self.end = n, year, start, end
        self.title, self.unit_row, self.total_row, self.note = title, unit_row, total_row, note
        self.date_styles, self.num_style, self.merge_title = date_styles, num_style, merge_title
        self.code_base = code_base  # first unique-code index for 名录库 rows
        self.date_format = 14
        self.blank_rate = 0.0
        self.specialties = None     # for a 专业 column: list of canonical specialties to draw from
        self.header_row = 0


def sheet_rows(plan: SheetPlan, rng: random.Random, stats: Stats):
    """Yield the rows of a sheet (lists of None/int/str/date), filling stats as it goes.
    Also sets plan.merges (known before the first row is yielded)."""
    keys = [k for _, k in plan.columns]
    width = len(keys)
    col = {k: i for i, k in enumerate(keys)}
    plan.merges = []
    r = 0
    if plan.title:
        row = [None] * width
        row[0] = plan.title
        if plan.merge_title:
            plan.merges.append((0, 0, 0, width - 1))
        yield row
        r += 1
        stats.title += 1
    if plan.unit_row:
        row = [None] * width
        row[-1] = plan.unit_row
        yield row
        r += 1
        stats.title += 1
    plan.header_row = r
    yield [h for h, _ in plan.columns]
    # Sorted dates over the sheet's span.
    a, b = plan.start.toordinal(), plan.end.toordinal()
    ords = sorted(rng.randint(a, b) for _ in range(plan.n))
    kind = plan.kind
    styles = plan.date_styles
    num_style = plan.num_style
    sum_b = sum_a = sum_c = 0
    code_i = plan.code_base
    pool = None
    if kind == VERIFICATION and plan.specialty == "投资":
        pool = project_pool()
    elif kind in (VERIFICATION, ENFORCEMENT) and plan.specialty not in (None, "名录库"):
        pool = unit_pool(plan.specialty)
    seq = 0
    random_ = rng.random
    last = len(ords) - 1
    for idx, o in enumerate(ords):
        d = dt.date.fromordinal(o)
        row = [None] * width
        seq += 1
        if "seq" in col:
            row[col["seq"]] = seq
        style = styles[0] if len(styles) == 1 or random_() < 0.8 else rng.choice(styles)
        row[col["date"]] = render_date(d, style, rng)
        spec = plan.specialty
        if plan.specialties:
            spec = rng.choice(plan.specialties)
            row[col["specialty"]] = rng.choice(LABELS[spec]) if random_() < 0.3 else spec
        if kind == TRAINING:
            x = random_()
            batches = 1 if x < 0.85 else (2 if x < 0.95 else 3)
            attendees = rng.randint(8, 60) * batches
            if "batches" in col:
                y = random_()
                if y < 0.08:
                    cell_b = None                       # empty 批次 counts 1
                    batches = 1
                elif y < 0.12:
                    cell_b = f"{fullwidth(batches)}批"
                else:
                    cell_b = batches if num_style == "num" else str(batches)
                row[col["batches"]] = cell_b
            else:
                batches = 1
            ns = num_style if random_() < 0.9 else rng.choice(("num", "text", "fw", "suffix"))
            row[col["attendees"]] = render_count(attendees, ns)
            row[col["topic"]] = rng.choice(TOPICS)
            if "remarks" in col and random_() < 0.1:
                row[col["remarks"]] = rng.choice(REMARKS[5:])
            if "phone" in col:
                row[col["phone"]] = f"0571-6{rng.randrange(10**6):06d}"
            sum_b += batches
            sum_a += attendees
            stats.add(TRAINING, spec, d, batches=batches, attendees=attendees)
        else:
            if spec == "名录库":
                name, code = random_name(rng, "名录库"), unique_code(code_i)
                code_i += 1
                count = 1
            else:
                name, code = rng.choice(pool)
                x = random_()
                count = 1 if x < 0.9 else (2 if x < 0.97 else 3)
            row[col["unit"]] = name
            if "code" in col:
                row[col["code"]] = code
            if "category" in col:
                row[col["category"]] = rng.choice(CATEGORIES[kind])
            if "count" in col:
                y = random_()
                if y < 0.1 and count == 1:
                    cell_c = None                        # empty 家次 with a unit named counts 1
                elif y < 0.15:
                    cell_c = f"{count}家次" if spec != "投资" else f"{count}个"
                elif y < 0.18:
                    cell_c = fullwidth(count)
                else:
                    cell_c = count if num_style != "text" else str(count)
                row[col["count"]] = cell_c
            else:
                count = 1                                # one row per visit
            joint = 0
            if "partner" in col and random_() < 0.2:
                row[col["partner"]] = rng.choice(PARTNERS)
                joint = count
            if "remarks" in col:
                rem = rng.choice(REMARKS)
                row[col["remarks"]] = rem or None
            if "clerk" in col:
                row[col["clerk"]] = rng.choice(["张三", "李四", "王五", "赵六"])
            sum_c += count
            stats.add(kind, spec, d, count=count, joint=joint)
        yield row
        # a blank row between records (never after the last: that is not part of the sheet's used range)
        if plan.blank_rate and random_() < plan.blank_rate and idx < last:
            stats.blank += 1
            yield [None] * width
    if plan.total_row:
        row = [None] * width
        row[0] = "合计"
        for k, v in (("batches", sum_b), ("attendees", sum_a), ("count", sum_c)):
            if k in col and col[k] != 0:
                # a SUM formula with its cached value where the column holds number cells
                row[col[k]] = Formula(v, k) if num_style == "num" else v
        stats.totals += 1
        yield row
    if plan.note:
        row = [None] * width
        row[0] = plan.note
        stats.notes += 1
        yield row


class Formula(int):
    """A totals cell: written as =SUM(...) with its cached value in xlsx, as the value elsewhere."""

    def __new__(cls, value, key):
        obj = int.__new__(cls, value)
        obj.key = key
        return obj


# ---------------------------------------------------------------------------
# writers
# ---------------------------------------------------------------------------


def col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


LETTERS = [col_letter(i) for i in range(64)]
CT_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
           '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
           '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
           '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
           '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>')
SHEET_CT = '<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
             '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
             '</Relationships>')
CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>统计局</dc:creator><cp:lastModifiedBy>统计局</cp:lastModifiedBy>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2023-10-08T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-10-08T00:00:00Z</dcterms:modified>'
        '</cp:coreProperties>')
APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>Microsoft Excel</Application></Properties>')
# cellXfs: 0 general, 1-4 the date formats of DATE_FORMATS, 5 bold header, 6 title (bold 14pt, centred)
STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/>'
          '<numFmt numFmtId="177" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="178" formatCode="yyyy/m/d"/></numFmts>'
          '<fonts count="3"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
          '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
          '<font><b/><sz val="14"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="178" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
          '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
          '<alignment horizontal="center" vertical="center"/></xf></cellXfs>'
          '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')
DATE_XF = {14: 1, 176: 2, 177: 3, 178: 4}


def _zinfo(name: str, compress=zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, ZIP_TS)
    zi.compress_type = compress
    zi.external_attr = 0o644 << 16
    zi.create_system = 3
    return zi


def write_xlsx_stream(path: Path, sheets, compresslevel: int = 6) -> None:
    """Write an .xlsx by streaming each sheet's XML into the zip.

    sheets: [(name, plan, rows_iterable)]; rows are lists of None/int/str/date/Formula. The
    plan gives header_row (bold), merges (read after the rows are consumed) and date_format.
    """
    sst: dict = {}
    sst_list: list = []
    n_refs = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        names = []
        for si, (name, plan, rows) in enumerate(sheets, 1):
            names.append(name)
            date_xf = DATE_XF[plan.date_format]
            with z.open(_zinfo(f"xl/worksheets/sheet{si}.xml"), "w", force_zip64=True) as f:
                width = len(plan.columns)
                widths = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{14 if c else 8}" customWidth="1"/>'
                                 for c in range(width))
                # Excel writes the used range first: the caller gives the last row in plan.last_row.
                buf = []
                head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                        f'<dimension ref="A1:{LETTERS[width - 1]}{plan.last_row}"/>'
                        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
                        '<sheetFormatPr defaultRowHeight="14.25"/>'
                        f'<cols>{widths}</cols><sheetData>')
                f.write(head.encode())
                r = 0
                hdr = plan.header_row
                for row in rows:
                    r += 1
                    cells = []
                    bold = r - 1 == hdr
                    for c, v in enumerate(row):
                        if v is None:
                            continue
                        ref = f"{LETTERS[c]}{r}"
                        t = type(v)
                        if t is str:
                            i = sst.get(v)
                            if i is None:
                                i = sst[v] = len(sst_list)
                                sst_list.append(v)
                            n_refs += 1
                            s = ' s="5"' if bold else (' s="6"' if r == 1 and c == 0 and plan.merges else "")
                            cells.append(f'<c r="{ref}"{s} t="s"><v>{i}</v></c>')
                        elif t is int:
                            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                        elif t is dt.date:
                            cells.append(f'<c r="{ref}" s="{date_xf}"><v>{(v - EPOCH).days}</v></c>')
                        elif t is Formula:
                            letter = LETTERS[c]
                            cells.append(f'<c r="{ref}"><f>SUM({letter}{hdr + 2}:{letter}{r - 1})</f><v>{int(v)}</v></c>')
                        else:
                            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
                    if cells:
                        buf.append(f'<row r="{r}">{"".join(cells)}</row>')
                    if len(buf) >= 2000:
                        f.write("".join(buf).encode())
                        buf.clear()
                f.write("".join(buf).encode())
                tail = "</sheetData>"
                if plan.merges:
                    tail += f'<mergeCells count="{len(plan.merges)}">' + "".join(
                        f'<mergeCell ref="{LETTERS[c1]}{r1 + 1}:{LETTERS[c2]}{r2 + 1}"/>' for r1, c1, r2, c2 in plan.merges
                    ) + "</mergeCells>"
                tail += ('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                         '<pageSetup paperSize="9" orientation="landscape"/></worksheet>')
                f.write(tail.encode())
                assert r == plan.last_row, (r, plan.last_row)
        n = len(names)
        z.writestr(_zinfo("[Content_Types].xml"),
                   CT_HEAD + "".join(SHEET_CT.format(i=i) for i in range(1, n + 1)) + "</Types>")
        z.writestr(_zinfo("_rels/.rels"), ROOT_RELS)
        z.writestr(_zinfo("docProps/core.xml"), CORE)
        z.writestr(_zinfo("docProps/app.xml"), APP)
        z.writestr(_zinfo("xl/workbook.xml"),
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                   + "".join(f'<sheet name="{escape(nm, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                             for i, nm in enumerate(names, 1))
                   + '</sheets><calcPr calcId="191029"/></workbook>')
        z.writestr(_zinfo("xl/_rels/workbook.xml.rels"),
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
                   + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/styles" Target="styles.xml"/>'
                   + f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr(_zinfo("xl/styles.xml"), STYLES)
        with z.open(_zinfo("xl/sharedStrings.xml"), "w", force_zip64=True) as f:
            f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{n_refs}" uniqueCount="{len(sst_list)}">').encode())
            for k in range(0, len(sst_list), 5000):
                f.write("".join(f"<si><t>{escape(s)}</t></si>" if s == s.strip() else
                                f'<si><t xml:space="preserve">{escape(s)}</t></si>'
                                for s in sst_list[k:k + 5000]).encode())
            f.write(b"</sst>")


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"')


def write_ods_stream(path: Path, sheets) -> None:
    """Write an .ods as LibreOffice does (mimetype first and stored), streaming content.xml."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_zinfo("mimetype", zipfile.ZIP_STORED), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(_zinfo("META-INF/manifest.xml"),
                   '<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        z.writestr(_zinfo("styles.xml"),
                   f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {ODS_NS}>'
                   '<office:styles/></office:document-styles>')
        with z.open(_zinfo("content.xml"), "w", force_zip64=True) as f:
            f.write((f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS}>'
                     '<office:automatic-styles>'
                     '<number:date-style style:name="N37" number:automatic-order="true">'
                     '<number:year number:style="long"/><number:text>-</number:text>'
                     '<number:month number:style="long"/><number:text>-</number:text>'
                     '<number:day number:style="long"/></number:date-style>'
                     '<style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" '
                     'style:data-style-name="N37"/></office:automatic-styles>'
                     '<office:body><office:spreadsheet>').encode())
            for name, plan, rows in sheets:
                width = len(plan.columns)
                out = [f'<table:table table:name="{escape(name, {chr(34): "&quot;"})}">'
                       f'<table:table-column table:number-columns-repeated="{width}"/>']
                starts = None
                for r, row in enumerate(rows):
                    if starts is None:
                        starts = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in plan.merges}
                        covered = {(rr, cc) for r1, c1, r2, c2 in plan.merges
                                   for rr in range(r1, r2 + 1) for cc in range(c1, c2 + 1)} - set(starts)
                    last = max((i for i, v in enumerate(row) if v is not None or (r, i) in covered), default=-1)
                    cells = []
                    if last < 0:
                        cells.append("<table:table-cell/>")
                    for c in range(last + 1):
                        v = row[c]
                        if (r, c) in covered:
                            cells.append("<table:covered-table-cell/>")
                            continue
                        span = ""
                        if (r, c) in starts:
                            rs, cs = starts[(r, c)]
                            span = f' table:number-rows-spanned="{rs}" table:number-columns-spanned="{cs}"'
                        if v is None:
                            cells.append(f"<table:table-cell{span}/>")
                        elif isinstance(v, dt.date):
                            iso = v.isoformat()
                            cells.append(f'<table:table-cell table:style-name="ce1" office:value-type="date" '
                                         f'office:date-value="{iso}"{span}><text:p>{iso}</text:p></table:table-cell>')
                        elif isinstance(v, int):
                            cells.append(f'<table:table-cell office:value-type="float" office:value="{int(v)}"{span}>'
                                         f'<text:p>{int(v)}</text:p></table:table-cell>')
                        else:
                            cells.append(f'<table:table-cell office:value-type="string"{span}><text:p>{escape(str(v))}'
                                         '</text:p></table:table-cell>')
                    out.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
                    if len(out) > 2000:
                        f.write("".join(out).encode())
                        out.clear()
                out.append("</table:table>")
                f.write("".join(out).encode())
            f.write(b"</office:spreadsheet></office:body></office:document-content>")


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def year_span(year: int, part: int = 0, parts: int = 1):
    """The dates a sheet covers: 2022 all year, 2023 January-September; split into parts."""
    last_month = 12 if year == 2022 else 9
    m0 = 1 + (last_month * part) // parts
    m1 = (last_month * (part + 1)) // parts
    end = dt.date(year, m1 + 1, 1) - dt.timedelta(days=1) if m1 < 12 else dt.date(year, 12, 31)
    return dt.date(year, m0, 1), end, (m0, m1)


def plan_file(i: int, seed: int):
    """Decide file i: (relative path, format, [SheetPlan], csv options, rng)."""
    rng = random.Random(seed * 1_000_003 + i)
    fmt = weighted(rng, FORMATS)
    year = 2023 if rng.random() < 0.6 else 2022
    x = rng.random()
    ftype = "spec" if x < 0.75 else ("combined" if x < 0.87 else "enf")
    if fmt == "csv":
        n_sheets = 1
    else:
        n_sheets = weighted(rng, [(1, 55), (2, 30), (3, 15)])
    ext = fmt
    folder = ""
    y = rng.random()
    if year == 2022 and y < 0.5:
        folder = "2022年/"
    elif y < 0.3:
        folder = rng.choice(TOWNS) + "/"
    tag = f"（{i + 1:05d}）"
    code_base = i * 40_000
    date_styles_all = DATE_STYLES_CSV if fmt == "csv" else DATE_STYLES_CELL
    sheets = []

    def base_plan(name, kind, spec, columns, title_label, part, parts):
        n = log_uniform(rng, 200, 4000)
        start, end, (m0, m1) = year_span(year, part, parts)
        has_title = rng.random() < 0.7
        period = "" if parts == 1 else f"（{m0}-{m1}月）"
        title = f"{year}年{title_label}统计{KIND_WORD[kind]}台账{period}" if has_title else None
        style = weighted(rng, date_styles_all)
        if style == "md_cn" and not has_title:
            style = "cn"                        # a year-less date needs the year in the title
        styles = [style]
        if rng.random() < 0.1:                  # a clerk who mixes two ways of typing dates
            other = weighted(rng, date_styles_all)
            if other != "md_cn" and (other in MONTH_ONLY) == (style in MONTH_ONLY):
                styles.append(other)
        unit_word = {TRAINING: "人次", VERIFICATION: "家次", ENFORCEMENT: "家次"}[kind]
        if spec == "投资" and kind == VERIFICATION:
            unit_word = "个"
        unit_row = f"单位：{unit_word}" if has_title and rng.random() < 0.3 else None
        num_style = weighted(rng, [("num", 65), ("text", 15), ("fw", 8), ("suffix", 12)])
        if fmt == "csv" and num_style == "num":
            num_style = "text"
        note = None
        if rng.random() < 0.3:
            note = rng.choice(NOTES).format(y=year)
        p = SheetPlan(name, kind, spec, columns, n, year, start, end, title, unit_row, rng.random() < 0.6, note,
                      styles, num_style, merge_title=rng.random() < 0.85, code_base=None)
        p.date_format = rng.choice(DATE_FORMATS)[0]
        p.blank_rate = 0.004 if rng.random() < 0.3 else 0.0
        return p

    if ftype == "enf":
        for k in range(n_sheets):
            name = "执法检查" if n_sheets == 1 else f"执法检查{k + 1}"
            sheets.append(base_plan(name, ENFORCEMENT, "执法", rng.choice(ENF_COLS), "", k, n_sheets))
        fname = f"{year}年统计执法检查台账{tag}.{ext}"
    elif ftype == "combined":
        specs = sorted(rng.sample(sorted(LABELS), rng.randint(3, 8)), key=list(LABELS).index)
        for k in range(n_sheets):
            name = "培训汇总" if n_sheets == 1 else f"培训汇总{k + 1}"
            p = base_plan(name, TRAINING, None, rng.choice(TRAIN_COLS_SPEC), "各专业", k, n_sheets)
            p.specialties = specs
            sheets.append(p)
        fname = f"{year}年各专业培训汇总{tag}.{ext}"
    else:
        spec = weighted(rng, list(SPEC_WEIGHTS.items()))
        kinds_avail = [TRAINING, VERIFICATION] if spec in CHECKED else [TRAINING]
        kinds = [rng.choice(kinds_avail) for _ in range(n_sheets)]
        kinds.sort(key=[TRAINING, VERIFICATION].index)
        counts = {k: kinds.count(k) for k in set(kinds)}
        seen = defaultdict(int)
        sheet_named = rng.random() < 0.7    # else "培训"/"核查"/"Sheet1": specialty from title or file name
        for kind in kinds:
            part = seen[kind]
            seen[kind] += 1
            parts = counts[kind]
            if kind == TRAINING:
                cols = rng.choice(TRAIN_COLS)
            elif spec == "投资":
                cols = rng.choice(INVEST_COLS)
            else:
                options = [c for c, has_code in VERIF_COLS if has_code or spec != "名录库"]
                cols = rng.choice(options)
            suffix = "" if parts == 1 else f"（{year_span(year, part, parts)[2][0]}-{year_span(year, part, parts)[2][1]}月）"
            word = KIND_WORD[kind]
            name = f"{spec}{word}{suffix}" if sheet_named else f"{word}{suffix}"
            label = rng.choice(LABELS[spec]).removesuffix("统计")
            p = base_plan(name, kind, spec, cols, label, part, parts)
            sheets.append(p)
        if n_sheets == 1 and rng.random() < 0.4:
            word = KIND_WORD[kinds[0]]
            fname = f"{year}年{spec}{word}台账{tag}.{ext}"
            if not sheet_named:
                sheets[0].name = "Sheet1"
        else:
            fname = rng.choice([f"{year}年{spec}统计台账{tag}.{ext}", f"{spec}{year}年台账{tag}.{ext}"])
        if fmt == "csv":
            fname = f"{year}年{spec}{KIND_WORD[kinds[0]]}台账{tag}.csv"
    base = code_base
    for p in sheets:
        p.code_base = base
        base += p.n
        p.last_row = None
    csv_opts = {}
    if fmt == "csv":
        z = rng.random()
        if z < 0.7:
            csv_opts = {"encoding": "gb18030"}
        elif z < 0.9:
            csv_opts = {"encoding": "utf-8", "bom": True}
        else:
            csv_opts = {"encoding": "gb18030", "delimiter": "\t"}
    return folder + fname, fmt, sheets, csv_opts, rng


def make_file(args):
    i, seed, out = args
    rel, fmt, plans, csv_opts, rng = plan_file(i, seed)
    path = Path(out) / rel
    stats = Stats()
    sheet_info = []
    # Rows are materialised per sheet (at most a few thousand) so that the last row is known up front.
    laid = []
    for p in plans:
        rows = list(sheet_rows(p, rng, stats))
        p.last_row = len(rows)
        laid.append((p.name, p, rows))
    if fmt == "xlsx":
        write_xlsx_stream(path, laid)
    else:
        if fmt == "ods":
            write_ods_stream(path, laid)
        elif fmt == "xls":
            write_xls(path, [(name, Grid(rows=[[int(v) if type(v) is Formula else v for v in row] for row in rows],
                                         merges=p.merges, date_format=_xls_format(p.date_format),
                                         bold_rows=(p.header_row,)))
                             for name, p, rows in laid])
        else:
            (name, p, rows), = laid
            write_csv(path, Grid(rows=[[None if v is None else str(int(v)) if type(v) is Formula else v for v in row]
                                       for row in rows]), **csv_opts)
    for p in plans:
        sheet_info.append({"name": p.name, "kind": p.kind, "specialty": p.specialty or "（专业列）",
                           "header_row": p.header_row + 1, "last_row": p.last_row, "data_rows": p.n,
                           "dates": p.date_styles})
    return {
        "path": rel, "format": fmt, "bytes": path.stat().st_size,
        "csv": csv_opts or None, "sheets": sheet_info,
        "rows": {"records": stats.records, "totals": stats.totals, "notes": stats.notes, "blank": stats.blank,
                 "title": stats.title},
        "sums": [[k[0], k[1], k[2], *v] for k, v in stats.sums.items()],
    }


def _xls_format(fmt_id: int) -> str:
    return {14: "YYYY/M/D", 176: "YYYY-MM-DD", 177: 'YYYY"年"M"月"D"日"', 178: "YYYY/M/D"}[fmt_id]


# ---------------------------------------------------------------------------
# expected.json
# ---------------------------------------------------------------------------


def expected_json(results, seed, args_desc) -> dict:
    sums = defaultdict(lambda: [0, 0, 0, 0, 0])
    formats = defaultdict(int)
    rows = defaultdict(int)
    n_sheets = 0
    for res in results:
        formats[res["format"]] += 1
        n_sheets += len(res["sheets"])
        for k, v in res["rows"].items():
            rows[k] += v
        for kind, spec, ym, *vals in res["sums"]:
            s = sums[(kind, spec, ym)]
            for j, x in enumerate(vals):
                s[j] += x
    totals: dict = {TRAINING: {}, VERIFICATION: {}, ENFORCEMENT: {}}
    for (kind, spec, ym), (b, a, c, n, joint) in sorted(sums.items()):
        if kind == TRAINING:
            entry = {"batches": b, "attendees": a, "records": n}
        else:
            entry = {"count": c, "records": n}
            if kind == ENFORCEMENT:
                entry["joint"] = joint
            if spec == "名录库":
                entry["units"] = c
        totals[kind].setdefault(spec, {})[ym] = entry

    def window(year, months):
        out = {}
        by_spec = {}
        for kind, specs in totals.items():
            g = defaultdict(int)
            bs = {}
            for spec, per_month in specs.items():
                s = defaultdict(int)
                for ym, e in per_month.items():
                    y, m = int(ym[:4]), int(ym[5:])
                    if y == year and m in months:
                        for k, v in e.items():
                            s[k] += v
                if s:
                    bs[spec] = dict(s)
                    for k, v in s.items():
                        if k != "units":
                            g[k] += v
            out[kind] = dict(g)
            by_spec[kind] = bs
        return out, by_spec

    g23, s23 = window(2023, range(1, 10))
    g22, s22 = window(2022, range(1, 13))
    return {
        "_about": "Generated by scripts/make_corpus.py. Every data row is a valid record; empty 批次/家次 count 1. "
                  "totals: kind -> specialty -> YYYY-MM -> sums (batches/attendees = 批次/人次 for training; "
                  "count = 家次, for 投资 个, for 名录库 also units = 家, equal to count because every 名录库 row "
                  "visits a distinct unit; joint = count of enforcement rows with a 联合部门). "
                  "Combined training sheets take the specialty per row from a 专业 column.",
        "generator": args_desc,
        "seed": seed,
        "files": len(results),
        "sheets": n_sheets,
        "data_rows": rows["records"],
        "rows": dict(rows),
        "formats": dict(sorted(formats.items())),
        "bytes": sum(r["bytes"] for r in results),
        "grand_totals_2023_01_09": g23,
        "by_specialty_2023_01_09": s23,
        "grand_totals_2022_01_12": g22,
        "by_specialty_2022_01_12": s22,
        "totals": totals,
        "file_list": [{k: r[k] for k in ("path", "format", "bytes", "csv", "sheets", "rows")} for r in results],
    }


# ---------------------------------------------------------------------------
# the big file
# ---------------------------------------------------------------------------


def make_big(out: Path, n: int, seed: int) -> dict:
    """One .xlsx with one sheet of n verification rows (a county-wide export), streamed."""
    rng = random.Random(seed)
    p = SheetPlan("核查明细", VERIFICATION, None, BIG_COLS, n, 2023, dt.date(2022, 1, 1), dt.date(2023, 9, 30),
                  "全县各专业统计数据核查明细", None, True, NOTES[0], ["cell"], "num",
                  merge_title=True, code_base=10_000 * 40_000)
    p.date_format = 176
    p.blank_rate = 0.0
    p.specialties = [s for s in CHECKED if s != "投资"]
    # Titles are a single row, the header row 2, records rows 3..n+2, then 合计 and the note.
    p.last_row = n + 4
    stats = Stats()
    rows = big_rows(p, rng, stats)
    # no year in the title or the file name: the rows span 2022 and 2023 (a year there would make
    # tongji warn that the records' year differs from it)
    rel = f"各专业核查明细（{n}行）.xlsx"
    path = out / rel
    write_xlsx_stream(path, [(p.name, p, rows)])
    return {"path": rel, "format": "xlsx", "bytes": path.stat().st_size, "csv": None,
            "sheets": [{"name": p.name, "kind": VERIFICATION, "specialty": "（专业列）", "header_row": 2,
                        "last_row": p.last_row, "data_rows": n, "dates": ["cell"]}],
            "rows": {"records": stats.records, "totals": stats.totals, "notes": stats.notes, "blank": 0, "title": 1},
            "sums": [[k[0], k[1], k[2], *v] for k, v in stats.sums.items()]}


def big_rows(p: SheetPlan, rng: random.Random, stats: Stats):
    """The rows of the big sheet: like sheet_rows but with the specialty per row and per-row pools."""
    width = len(p.columns)
    p.merges = [(0, 0, 0, width - 1)]
    p.header_row = 1
    title = [None] * width
    title[0] = p.title
    yield title
    yield [h for h, _ in p.columns]
    a, b = p.start.toordinal(), p.end.toordinal()
    ords = sorted(rng.randint(a, b) for _ in range(p.n))
    pools = {s: unit_pool(s) for s in p.specialties}
    cats = CATEGORIES[VERIFICATION]
    code_i = p.code_base
    total = 0
    random_ = rng.random
    dates = {}
    for seq, o in enumerate(ords, 1):
        d = dates.get(o)
        if d is None:
            d = dates[o] = dt.date.fromordinal(o)
        spec = rng.choice(p.specialties)
        if spec == "名录库":
            name, code = random_name(rng, "名录库"), unique_code(code_i)
            code_i += 1
            count = 1
        else:
            name, code = rng.choice(pools[spec])
            x = random_()
            count = 1 if x < 0.9 else (2 if x < 0.97 else 3)
        x = random_()
        cell_c = None if (x < 0.1 and count == 1) else count
        label = spec if x > 0.3 else rng.choice(LABELS[spec])
        rem = rng.choice(REMARKS) or None
        total += count
        stats.add(VERIFICATION, spec, d, count=count)
        yield [seq, d, label, name, code, rng.choice(cats), cell_c, rem]
    row = [None] * width
    row[0] = "合计"
    row[6] = Formula(total, "count")
    stats.totals += 1
    yield row
    row = [None] * width
    row[0] = p.note
    stats.notes += 1
    yield row


# ---------------------------------------------------------------------------


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, help="number of workbooks to write")
    ap.add_argument("--big-rows", type=int, help="write one .xlsx with a single sheet of this many data rows")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args(argv)
    if (args.files is None) == (args.big_rows is None):
        ap.error("give exactly one of --files N or --big-rows N")
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        ap.error(f"{out} exists and is not empty; remove it first")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if args.big_rows is not None:
        results = [make_big(out, args.big_rows, args.seed)]
        desc = f"make_corpus.py --big-rows {args.big_rows} --seed {args.seed}"
    else:
        work = [(i, args.seed, str(out)) for i in range(args.files)]
        if args.jobs > 1 and args.files > 1:
            with multiprocessing.Pool(args.jobs) as pool:
                results = list(pool.imap(make_file, work, chunksize=1))
        else:
            results = [make_file(w) for w in work]
        desc = f"make_corpus.py --files {args.files} --seed {args.seed}"
    exp = expected_json(results, args.seed, desc)
    (out / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    secs = time.perf_counter() - t0
    print(f"wrote {exp['files']} files, {exp['sheets']} sheets, {exp['data_rows']} data rows, "
          f"{du(out) / 1e6:.1f} MB under {out} in {secs:.1f} s")
    print("2023年1-9月:", json.dumps(exp["grand_totals_2023_01_09"], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
