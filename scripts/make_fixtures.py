#!/usr/bin/env python3
"""Generate the small, focused test fixtures under tests/fixtures/.

    python3 scripts/make_fixtures.py

Writes tests/fixtures/{formats,broken,rules}/ and tests/fixtures/fixtures_expected.json
(the machine-readable twin of the table in tests/fixtures/README.md). Deterministic:
fixed data, fixed zip timestamps, so re-running rewrites the same bytes. The writers
are shared with scripts/make_sample.py; tests/fixtures/sample_expected.json belongs to
that script and is left alone here.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no scripts/__pycache__ from importing make_sample
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample import (  # noqa: E402
    ROOT, Grid, excel_lock_file, uscc, write_csv, write_ods, write_xls, write_xlsx,
)

FIX = ROOT / "tests" / "fixtures"
D = dt.date
NOTE = "填表人：张三    审核人：李四    填报日期：2023年10月8日"
C = {  # stable unit codes
    "a": uscc("MA2B3C4D"), "b": uscc("14725836"), "c": uscc("MA27QK9L"), "d": uscc("30695174"),
    "e": uscc("MA2EX8W1"), "f": uscc("58203691"), "g": uscc("MA2H6N0T"), "h": uscc("72948163"),
    "i": uscc("MA2J5R7P"), "j": uscc("66317029"), "k": uscc("MA2KC3Y8"), "l": uscc("41592806"),
}

EXPECTED: list = []


def expect(path: str, **kw) -> None:
    EXPECTED.append({"path": path, **kw})


def legacy_xls():
    rows = [
        ["2023年规上工业统计业务培训情况表", None, None, None, None, None, None],
        [None, None, None, None, None, None, "单位：人次"],
        ["序号", "专业", "培训日期", "培训内容", "批次", "参训人次", "备注"],
        [1, "规上工业", D(2023, 1, 10), "年报布置培训", 1, 62, None],
        [2, "规上工业", D(2023, 2, 14), "一套表联网直报平台培训", 2, 80, "分两批"],
        [3, "规上工业", "2023年3月5日", "新入库企业统计培训", 1, 35, None],
        [4, "工业", D(2023, 4, 20), "数据质量培训", None, 40, "批次未填"],
        ["合计", None, None, None, 5, 217, None],
        [NOTE, None, None, None, None, None, None],
    ]
    g = Grid(rows=rows, merges=[(0, 0, 0, 6)], date_format="YYYY-MM-DD", bold_rows=(2,))
    write_xls(FIX / "formats" / "legacy.xls", [("培训", g)])
    expect("formats/legacy.xls", format="xls (BIFF8)", sheets=[{
        "name": "培训", "kind": "training", "header_row": 3, "records": 4, "rejects": [],
        "totals_rows": [8], "note_rows": [9], "blank_rows": [],
        "sums": {"batches": 5, "attendees": 217}, "by_specialty": {"规上工业": {"batches": 5, "attendees": 217}},
        "dates": ["2023-01-10", "2023-02-14", "2023-03-05", "2023-04-20"], "totals_match": True}],
        rule="old .xls: title row, unit row, header on row 3, real date cells (xlwt date style) and one text date "
             "2023年3月5日, empty 批次 counts 1, alias 工业 in the 专业 column, matching 合计 row, note row")


def mixed_ods():
    rows = [
        ["2023年企业数据核查登记", None, None, None, None, None, None],
        ["序号", "专业", "核查日期", "企业名称", "统一社会信用代码", "核查方式", "家次"],
        [1, "能源", D(2023, 1, 12), "青溪恒达热电有限公司", C["a"], "实地核查", 1],
        [2, "能源", "2023.02.10", "浙江镕晟水泥有限公司", C["b"], "资料核查", 1],
        [3, "能源", "20230215", "青溪县华盛造纸有限公司", C["c"], "实地核查", None],
        [None, None, None, None, None, None, None],
        [4, "服务业", D(2023, 3, 8), "青溪喆诚物流有限公司", C["d"], "实地核查", 1],
        [5, "服务业", "2023年13月1日", "浙江珺美信息技术有限公司", C["e"], "资料核查", 1],
        [6, "服务业", D(2023, 4, 20), "青溪县堃泰物业管理有限公司", C["f"], "实地核查", 1],
    ]
    memo = [
        ["工作备忘"],
        ["请各科室于每季度最后一个工作日前报送台账。"],
        [None],
        ["联系人", "王五"],
    ]
    write_ods(FIX / "formats" / "mixed.ods", [("核查", Grid(rows=rows, bold_rows=(1,))), ("Sheet2", Grid(rows=memo))])
    expect("formats/mixed.ods", format="ods", sheets=[
        {"name": "核查", "kind": "verification", "header_row": 2, "records": 5,
         "rejects": [{"cell": "C8", "row": 8, "reason": "date", "value": "2023年13月1日"}],
         "totals_rows": [], "note_rows": [], "blank_rows": [6],
         "sums": {"count": 5}, "by_specialty": {"能源": {"count": 3}, "服务业": {"count": 2}},
         "dates": ["2023-01-12", "2023-02-10", "2023-02-15", "2023-03-08", "2023-04-20"]},
        {"name": "Sheet2", "kind": None, "outcome": "unrecognized sheet (no header row, no kind keyword)"}],
        rule="ODS: real date cells and text dates 2023.02.10 / 20230215, an empty row, an impossible date "
             "2023年13月1日 rejected at its cell, an empty 家次 counts 1, a second sheet that matches nothing")


def gb18030_csv():
    rows = [
        ["2023年住户调查培训情况", None, None, None, None, None],
        ["序号", "专业", "培训日期", "培训内容", "批次", "人次"],
        ["1", "住户调查", "3月12日", "记账员业务培训", "1", "25人次"],
        ["2", "住户调查", "6月18日", "辅助调查员培训", "1", "30人次"],
        ["3", "住户调查", "9月9日", "住户收支调查培训", "", "20人次"],
        ["合计", "", "", "", "3", "75人次"],
    ]
    write_csv(FIX / "formats" / "gb18030.csv", Grid(rows=rows), encoding="gb18030")
    expect("formats/gb18030.csv", format="csv", encoding="gb18030", delimiter="comma", sheets=[{
        "name": "gb18030", "kind": "training", "header_row": 2, "records": 3, "rejects": [],
        "totals_rows": [6], "note_rows": [], "blank_rows": [], "year_from": "title row",
        "sums": {"batches": 3, "attendees": 75}, "by_specialty": {"住户调查": {"batches": 3, "attendees": 75}},
        "dates": ["2023-03-12", "2023-06-18", "2023-09-09"], "totals_match": True}],
        rule="GB18030 CSV as Chinese Excel saves it (CRLF, rows padded with commas); year-less 3月12日 dates "
             "take the year from the title row; attendees typed 25人次; kind from the title row and header "
             "(the file name says nothing)")


def semicolon_csv():
    rows = [
        ["2023年能源统计核查情况", None, None, None, None, None, None],
        ["序号", "专业", "核查日期", "企业名称", "统一社会信用代码", "核查方式", "家次"],
        ["1", "能源", "2023-04-11", "青溪瑞丰陶瓷有限公司", C["g"], "实地核查", "1"],
        ["2", "能源", "2023-05-16", "浙江天成铸造有限公司", C["h"], "资料核查", "1"],
        ["3", "能源", "2023-06-06", "青溪县合力化工有限公司", C["i"], "实地核查", "-2"],
        ["4", "能源", "2023-07-19", "青溪正泰玻璃制品有限公司", C["j"], "能耗数据核查", "1"],
    ]
    write_csv(FIX / "formats" / "utf8bom_semicolon.csv", Grid(rows=rows), encoding="utf-8", delimiter=";", bom=True)
    expect("formats/utf8bom_semicolon.csv", format="csv", encoding="utf-8-bom", delimiter="semicolon", sheets=[{
        "name": "utf8bom_semicolon", "kind": "verification", "header_row": 2, "records": 3,
        "rejects": [{"cell": "G5", "row": 5, "reason": "number", "value": "-2"}],
        "totals_rows": [], "note_rows": [], "blank_rows": [],
        "sums": {"count": 3}, "by_specialty": {"能源": {"count": 3}},
        "dates": ["2023-04-11", "2023-05-16", "2023-07-19"]}],
        rule="UTF-8 with BOM, semicolon-separated; a negative 家次 -2 rejected at its cell")


def tab_csv():
    rows = [
        ["2023年统计执法检查台账"],
        ["序号", "检查日期", "检查对象", "统一社会信用代码", "检查方式", "联合部门", "备注"],
        ["1", "2023/3/14", "青溪县金诚大酒店有限公司", C["k"], "双随机", "消防", "住宿餐饮业"],
        ["2", "2023/4/11", "浙江博远机械制造有限公司", C["l"], "专项检查", "", ""],
        ["3", "2023/5/16", "青溪嘉禾餐饮管理有限公司", C["a"], "双随机", "县消防救援大队", "住宿餐饮业"],
        ["4", "2023/6/20", "青溪县锦程商贸有限公司", C["b"], "举报核查", "", "群众举报"],
        ["5", "2023/8/8", "浙江海纳纺织有限公司", C["c"], "双随机", "", ""],
    ]
    write_csv(FIX / "formats" / "tab_separated.csv", Grid(rows=rows), encoding="utf-8", delimiter="\t", pad=False)
    expect("formats/tab_separated.csv", format="csv", encoding="utf-8", delimiter="tab", sheets=[{
        "name": "tab_separated", "kind": "enforcement", "header_row": 2, "records": 5, "rejects": [],
        "totals_rows": [], "note_rows": [], "blank_rows": [],
        "sums": {"count": 5}, "by_specialty": {"执法": {"count": 5}},
        "joint": {"消防": 1, "县消防救援大队": 1}, "joint_with_消防": 2,
        "dates": ["2023-03-14", "2023-04-11", "2023-05-16", "2023-06-20", "2023-08-08"]}],
        rule="UTF-8 without BOM, tab-separated, .csv name; rows not padded (title row has one field); "
             "enforcement with a 联合部门 column (two joint with 消防, written two ways)")


def directory_grid():
    return Grid(rows=[
        ["序号", "核查日期", "单位名称", "统一社会信用代码", "核查类型"],
        [1, D(2023, 2, 7), "青溪东升建材有限公司", C["d"], "新开业单位核实"],
        [2, D(2023, 5, 23), "浙江银河食品有限公司", C["e"], "变更核实"],
        [3, D(2023, 8, 29), "青溪县富源家具有限公司", C["f"], "停业歇业核实"],
    ], bold_rows=(0,))


def really_xlsx():
    write_xlsx(FIX / "formats" / "really_xlsx.xls", [("名录库核查", directory_grid())])
    expect("formats/really_xlsx.xls", format="xlsx bytes (PK zip) under an .xls name", sheets=[{
        "name": "名录库核查", "kind": "verification", "header_row": 1, "records": 3, "rejects": [],
        "totals_rows": [], "note_rows": [], "blank_rows": [],
        "sums": {"count": 3}, "by_specialty": {"名录库": {"count": 3}},
        "dates": ["2023-02-07", "2023-05-23", "2023-08-29"]}],
        rule="an .xlsx saved with the .xls extension: the reader must pick the format by the leading bytes (PK\\x03\\x04)")


def really_csv():
    rows = [
        ["2023年贸易业核查情况导出", None, None, None, None, None],
        ["序号", "专业", "核查日期", "企业名称", "统一社会信用代码", "核查类型"],
        ["1", "贸易", "2023-03-21", "青溪永康超市有限公司", C["g"], "实地核查"],
        ["2", "批零住餐", "2023-06-13", "浙江德润汽车销售服务有限公司", C["h"], "电话核查"],
        ["3", "贸易", "2023-09-05", "青溪县兴旺农资有限公司", C["i"], "资料核查"],
    ]
    write_csv(FIX / "formats" / "really_csv.xls", Grid(rows=rows), encoding="gb18030")
    expect("formats/really_csv.xls", format="GB18030 CSV under an .xls name", sheets=[{
        "name": "really_csv", "kind": "verification", "header_row": 2, "records": 3, "rejects": [],
        "totals_rows": [], "note_rows": [], "blank_rows": [],
        "sums": {"count": 3}, "by_specialty": {"贸易": {"count": 3}},
        "dates": ["2023-03-21", "2023-06-13", "2023-09-05"]}],
        rule="a system's 'export to Excel' that is really a GB18030 CSV named .xls: not OLE2 nor zip, so read as CSV "
             "(alias 批零住餐 in the 专业 column)")


HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>培训</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
</head>
<body>
<table border="1">
<tr><td colspan="5">2023年服务业统计培训情况</td></tr>
<tr><td>序号</td><td>培训日期</td><td>培训内容</td><td>批次</td><td>参训人次</td></tr>
<tr><td>1</td><td>2023-06-08</td><td>规上服务业财务指标填报培训</td><td>1</td><td>17</td></tr>
<tr><td>合计</td><td></td><td></td><td>1</td><td>17</td></tr>
</table>
</body>
</html>
"""


def broken_files():
    tmp = FIX / "broken" / "_whole.xlsx"
    write_xlsx(tmp, [("名录库核查", directory_grid())])
    data = tmp.read_bytes()
    tmp.unlink()
    (FIX / "broken" / "broken.xlsx").write_bytes(data[: len(data) // 2])
    expect("broken/broken.xlsx", format="truncated zip", sheets=[], outcome="unreadable file",
           rule=f"a valid .xlsx cut to half its bytes ({len(data) // 2} of {len(data)}): reported as unreadable, "
                "the run goes on with the other files")
    (FIX / "broken" / "~$lockfile.xlsx").write_bytes(excel_lock_file())
    expect("broken/~$lockfile.xlsx", format="Excel owner/lock file (165 bytes)", sheets=[], outcome="skipped by name",
           rule="name starts with ~$: skipped before any attempt to open it (not reported as unreadable)")
    (FIX / "broken" / "html_export.xls").write_bytes(HTML.encode("utf-8"))
    expect("broken/html_export.xls", format="HTML table under an .xls name", sheets=[],
           outcome="not a workbook (HTML)",
           rule="an 'export to Excel' that is an HTML page: detected by its leading bytes (`<html`) and reported as "
                "not a workbook, with a hint to re-save it as .xlsx")
    # A password-protected xlsx (the OOXML package encrypted inside an OLE2 container, as Excel
    # and WPS save it). msoffcrypto salts randomly: this one file is not byte-for-byte repeatable.
    import io
    from msoffcrypto.format.ooxml import OOXMLFile
    plain = FIX / "broken" / "_plain.xlsx"
    write_xlsx(plain, [("名录库核查", directory_grid())])
    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(plain.read_bytes())).encrypt("1234", encrypted)
    plain.unlink()
    (FIX / "broken" / "password.xlsx").write_bytes(encrypted.getvalue())
    expect("broken/password.xlsx", format="encrypted OOXML in an OLE2 container", sheets=[],
           outcome="password-protected: reported as unreadable",
           rule="a workbook with an open password (password 1234): reported by name as password-protected, "
                "the run goes on")


def hostile_files():
    """The rest of the broken corpus: files that must cost nothing but a line in the report."""
    b = FIX / "broken"
    (b / "empty.xlsx").write_bytes(b"")
    expect("broken/empty.xlsx", format="0 bytes", sheets=[], outcome="unreadable file",
           rule="an empty file named like a workbook: reported as empty")
    # A zip bomb: one part of 100 MB of spaces, about 100 KB packed (deflate's ~1000:1). The test
    # lowers [limits] max_unpacked_mb to 64 so that it is refused before anything is inflated.
    import zipfile
    with zipfile.ZipFile(b / "zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, body in (
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
            ("xl/workbook.xml", b'<?xml version="1.0"?><workbook/>'),
        ):
            info = zipfile.ZipInfo(name, date_time=(2023, 10, 8, 0, 0, 0))
            z.writestr(info, body)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=(2023, 10, 8, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w") as part:
            chunk = b" " * (1 << 20)
            for _ in range(100):
                part.write(chunk)
    expect("broken/zip_bomb.xlsx", format="zip whose sheet unpacks to 100 MB", sheets=[],
           outcome="refused by [limits] max_unpacked_mb",
           rule="a part's declared unpacked size over the limit: refused before inflating, the run goes on")
    # A CSV with UTF-8 and GB18030 lines mixed (two clerks pasting into one file), rows dated 2021.
    head = "日期,专业,培训内容,批次,人次\n"
    utf8 = "2021-03-05,农业,农业统计培训,1,12\n".encode("utf-8")
    gbk = "2021-03-06,农业,农业统计培训,1,15\n".encode("gb18030")
    (b / "mixed_encoding.csv").write_bytes(head.encode("gb18030") + gbk + utf8 + gbk)
    expect("broken/mixed_encoding.csv", format="CSV mixing GB18030 and UTF-8 lines", sheets=["mixed_encoding"],
           outcome="read as GB18030; the UTF-8 line comes out garbled and its specialty is kept as written with a warning at its cell",
           rule="no row is dropped silently: a garbled row is flagged where it is")
    # Ragged rows: some short, some long.
    (b / "ragged.csv").write_bytes(
        "2021年农业培训台账\n日期,专业,培训内容,批次,人次\n2021-04-01,农业,培训,1,10\n2021-04-02,农业\n"
        "2021-04-03,农业,培训,1,11,多出,多出\n,,,\n".encode("gb18030"))
    expect("broken/ragged.csv", format="CSV with rows of 2, 5 and 7 fields", sheets=["ragged"],
           outcome="short row rejected at its cell (no 人次), long row read, blank row counted",
           rule="ragged rows never shift columns or stop the file")
    # A reader library's panic: legacy.xls with its CodePage record's length set to 0. calamine
    # 0.38 reads two bytes from the empty record and panics; tongji fails this file only.
    legacy = (FIX / "formats" / "legacy.xls").read_bytes()
    at = legacy.index(b"\x42\x00\x02\x00")  # CodePage (0x0042), 2 bytes of data
    assert legacy.count(b"\x42\x00\x02\x00") == 1
    (b / "reader_panic.xls").write_bytes(legacy[:at + 2] + b"\x00\x00" + legacy[at + 4:])
    # A legacy workbook with an open password: the same CodePage record turned into a FilePass
    # record (type 0x002F; its first two bytes, non-zero, say the stream is encrypted).
    (b / "password.xls").write_bytes(legacy[:at] + b"\x2f\x00" + legacy[at + 2:])
    expect("broken/password.xls", format="xls (BIFF8) with a FilePass record", sheets=[],
           outcome="unreadable file (password)",
           rule="a password-protected legacy workbook is named as such, not as damaged")
    # Two cells far apart: legacy.xls with its first LabelSst cell moved to IV65536. calamine would
    # build the 65,535 × 256 cells between; the test lowers [limits] max_cells to 1,000,000.
    label = legacy.index(b"\xfd\x00\x0a\x00") + 4
    assert legacy.count(b"\xfd\x00\x0a\x00") > 1
    far = legacy[:label] + (65535).to_bytes(2, "little") + (255).to_bytes(2, "little") + legacy[label + 4:]
    (b / "huge_area.xls").write_bytes(far)
    expect("broken/huge_area.xls", format="xls with cells at A2 and IV65536", sheets=[],
           outcome="refused by [limits] max_cells (the test sets 1,000,000) before calamine builds the range",
           rule="the cell area calamine would build for an .xls is checked before it is built")
    # One shared string of 10,000 characters in 600 cells: 18 MB of text from a file of a few KB.
    # Written by hand: openpyxl writes inline strings, not a shared-string table.
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 602))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
            '<sheet name="培训" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="601" uniqueCount="2">'
            f'<si><t>2021年培训台账</t></si><si><t>{"统" * 10000}</t></si></sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
            f'<row r="1"><c r="A1" t="s"><v>0</v></c></row>{cells}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(b / "shared_strings.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2023, 10, 8, 0, 0, 0)), body.encode("utf-8"),
                       compress_type=zipfile.ZIP_DEFLATED)
    expect("broken/shared_strings.xlsx", format="xlsx, one 10,000-character shared string in 600 cells",
           sheets=[], outcome="refused by [limits] max_text_mb (the test sets 8)",
           rule="every copy of a shared string counts: a few KB cannot make gigabytes of text")
    expect("broken/reader_panic.xls", format="xls whose CodePage record is empty", sheets=[],
           outcome="unreadable file (the reader's panic is caught and reported with its place)",
           rule="a panic inside a reader library fails that file only, quietly on stderr; the run goes on")


def totals_mismatch():
    rows = [
        ["2023年规上工业统计业务培训情况表", None, None, None, None],
        ["序号", "培训日期", "培训内容", "批次", "参训人次"],
        [1, D(2023, 2, 9), "年报审核培训", 1, 30],
        [2, D(2023, 5, 11), "联网直报平台培训", 1, 25],
        [3, D(2023, 8, 17), "数据质量培训", 1, 35],
        ["合计", None, None, 3, 95],
    ]
    write_ods(FIX / "rules" / "totals_mismatch.ods", [("规上工业培训", Grid(rows=rows, bold_rows=(1,)))])
    expect("rules/totals_mismatch.ods", format="ods", sheets=[{
        "name": "规上工业培训", "kind": "training", "header_row": 2, "records": 3, "rejects": [],
        "totals_rows": [6], "note_rows": [], "blank_rows": [],
        "sums": {"batches": 3, "attendees": 90}, "by_specialty": {"规上工业": {"batches": 3, "attendees": 90}},
        "dates": ["2023-02-09", "2023-05-11", "2023-08-17"], "totals_match": False,
        "warnings": [{"cell": "E6", "row": 6, "reason": "totals mismatch", "written": 95, "computed": 90}]}],
        rule="a 合计 row that disagrees with its records: the records are kept (90 人次), the totals row is not "
             "counted, and a cross-check warning names the cell E6 (written 95, records add to 90); 批次 3 = 3 agrees")


def outcome(fx: dict) -> str:
    if not fx["sheets"]:
        return f"**{fx['outcome']}**; no records"
    if isinstance(fx["sheets"][0], str):  # described in words only (the broken corpus)
        return f"**{fx['outcome']}**"
    parts = []
    for sh in fx["sheets"]:
        if sh["kind"] is None:
            parts.append(f"sheet `{sh['name']}`: {sh['outcome']}")
            continue
        sums = ", ".join(f"{k} {v}" for k, v in sh["sums"].items())
        bits = [f"sheet `{sh['name']}`: {sh['kind']}, header row {sh['header_row']}, **{sh['records']} records** ({sums})"]
        specs = sh["by_specialty"]
        if len(specs) > 1 or next(iter(specs)) not in ("执法",):
            bits.append("specialty " + ", ".join(specs))
        if sh["rejects"]:
            bits.append("rejects: " + ", ".join(f"`{r['cell']}` ({r['reason']}: {r['value']})" for r in sh["rejects"]))
        else:
            bits.append("no rejects")
        for key, label in (("totals_rows", "totals row"), ("note_rows", "note row"), ("blank_rows", "blank row")):
            if sh[key]:
                bits.append(f"{label} {', '.join(map(str, sh[key]))}")
        for w in sh.get("warnings", []):
            bits.append(f"warning `{w['cell']}` ({w['reason']}: written {w['written']}, records {w['computed']})")
        if "joint" in sh:
            bits.append(f"joint with 消防: {sh['joint_with_消防']}")
        parts.append("; ".join(bits))
    return "<br>".join(parts)


def readme() -> str:
    lines = [
        "# Test fixtures",
        "",
        "Generated: do not edit by hand. `python3 scripts/make_fixtures.py` rewrites `formats/`, `broken/`, `rules/`,",
        "`fixtures_expected.json` and this README; `python3 scripts/make_sample.py` rewrites `input/` and",
        "`sample_expected.json`. Both are deterministic (pinned versions in `scripts/requirements-dev.txt`).",
        "",
        "Layout:",
        "",
        "- `formats/` files that must be read: one per container/encoding quirk.",
        "- `broken/` files that must not be read: skipped by name, unreadable, or not a workbook.",
        "- `rules/` files that read but trigger a rule (cross-check warning).",
        "- `sheets/` not generated: real files from public test suites (SheetJS, Apache POI, PhpSpreadsheet; Apache-2.0",
        "  and MIT) with chart, Excel 4 macro and dialog sheets, and WPS `.et` files; `sheets/SOURCES.md` gives each",
        "  file's source, commit, licence and sheets. `tests/layouts.rs` reads them.",
        "- `external/` not generated: files from other readers' public test suites (encrypted, damaged, old or odd",
        "  workbooks), each with its source, commit, licence and the message tongji gives it in `external/SOURCES.md`;",
        "  `tests/external.rs` reads them.",
        "- `encrypted/` not generated: `default_password_agile.xlsx`, a workbook of A1 \"x\", A2 1.4 encrypted with Excel's",
        "  default password (agile, AES-256/SHA-512) by msoffcrypto-tool 6.1.0, which salts at random: keep it as it is.",
        "- `fixtures_expected.json` the table below, machine-readable (per sheet: header row, records, rejects with cell",
        "  and reason, totals/note/blank rows, sums by specialty, the parsed dates in order).",
        "- `sample_expected.json` the expected reading of the shipped sample `input/`, per file and sheet, plus the",
        "  2023年1-9月 figures, the 2022 figures (full year and 1-9月) and the targets' progress.",
        "",
        "Conventions: rows are 1-based sheet rows (for a CSV, line numbers); cells are A1-style. A CSV has one sheet,",
        "named here by its file stem. Reason categories: `date` = the date cell cannot be read as a date, `number` =",
        "a count that is not a non-negative number. The CSV fixtures and the two `.xls` impostors carry their kind",
        "(培训/核查/执法) and specialty in the title row above the header and in a 专业 column, not in the file name.",
        "`tab_separated.csv` has rows of unequal length (fields are not padded), as a hand-made tab file does.",
        "",
        "| File | Rule exercised | Expected outcome |",
        "| --- | --- | --- |",
    ]
    for fx in EXPECTED:
        lines.append(f"| `{fx['path']}` ({fx['format']}) | {fx['rule']} | {outcome(fx)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    for sub in ("formats", "broken", "rules"):
        d = FIX / sub
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    legacy_xls()
    mixed_ods()
    gb18030_csv()
    semicolon_csv()
    tab_csv()
    really_xlsx()
    really_csv()
    broken_files()
    hostile_files()
    totals_mismatch()
    out = {
        "_about": "Generated by scripts/make_fixtures.py; the same facts as the table in README.md. Rows are 1-based "
                  "sheet rows (CSV: line numbers), cells A1-style. A CSV's single sheet is named by the file stem. "
                  "reason categories: date = unreadable date, number = invalid/negative number.",
        "fixtures": EXPECTED,
    }
    (FIX / "fixtures_expected.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (FIX / "README.md").write_text(readme(), encoding="utf-8")
    for p in sorted(FIX.rglob("*")):
        generated = p.relative_to(FIX).parts[0] in ("formats", "broken", "rules")
        if generated and p.is_file() and p.name != "zip_bomb.xlsx":  # the bomb is ~100 KB by design
            assert p.stat().st_size < 20_000, p
    print(f"wrote {len(EXPECTED)} fixtures under {FIX}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
