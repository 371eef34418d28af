"""The cooperation form (ข้อมูลด้านความร่วมมือ) as data — the one place it lives.

Everything else (template, reader, checks, figures, summary, consolidation) is derived
from the objects below. The contract is ../shared/FORM.md; labels are copied from it
verbatim. Code refers to sheets and columns by their English ``key``; the Thai ``label``
is what the workbook shows and what the reader looks for.

Standard library only: this module is part of the pure core.
"""
# No ``from __future__ import annotations`` here: the NamedTuples' field types are then the
# types themselves, not text that typing compiles (a ForwardRef, one compile() a field; the
# process's first compile() also builds the ast module's types): 0.1 ms and more at start-up.
from typing import NamedTuple

FORM_ID = "VETQA-COOP"
FORM_VERSION = "1.0"
FORM_TITLE = "ข้อมูลด้านความร่วมมือ (รายงานการประเมินตนเอง)"

# The academic year (ปีการศึกษา, พ.ศ.) Y runs from 16 May of CE year Y-543
# to 15 May of the next CE year.
BE_OFFSET = 543
ACADEMIC_YEAR_START = (5, 16)  # (month, day) in CE year Y - 543
ACADEMIC_YEAR_END = (5, 15)  # (month, day) in CE year Y - 542
ACADEMIC_YEAR_RANGE = (2500, 2700)  # plausible ปีการศึกษา values

# Criterion 2.3: experts take part in at least this percentage of the programmes taught.
EXPERT_RULE_PERCENT = 80

# --- choice lists -----------------------------------------------------------------
YES, NO = "ใช่", "ไม่ใช่"
YES_NO = (YES, NO)
LEVELS = ("ปวช.", "ปวส.", "ปริญญาตรี")
DOMESTIC = ("ในประเทศ", "ต่างประเทศ")
AFFILIATION = ("รัฐบาล", "เอกชน")
EXPERT_TYPES = ("ครูพิเศษ", "ครูภูมิปัญญาท้องถิ่น", "ครูผู้เชี่ยวชาญ", "ผู้ทรงคุณวุฒิในสถานประกอบการ")
ACTIVITY_TYPES = ("บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา")
RESOURCE_TYPES = ("งบประมาณ", "ทุนการศึกษา", "วัสดุ", "อุปกรณ์", "ครุภัณฑ์", "บุคลากร", "อื่น ๆ")
# ประเภทวิชา of the ปวช. 2562 and ปวส. 2563 curricula; may be incomplete (warn only).
SUBJECT_TYPES = (
    "อุตสาหกรรม",
    "พาณิชยกรรม",
    "บริหารธุรกิจ",
    "ศิลปกรรม",
    "ศิลปกรรมและการออกแบบ",
    "คหกรรม",
    "เกษตรกรรม",
    "ประมง",
    "อุตสาหกรรมท่องเที่ยว",
    "อุตสาหกรรมสิ่งทอ",
    "อุตสาหกรรมแฟชั่นและสิ่งทอ",
    "เทคโนโลยีสารสนเทศและการสื่อสาร",
    "อุตสาหกรรมบันเทิงและดนตรี",
    "พาณิชยนาวี",
    "อุตสาหกรรมดิจิทัลและเทคโนโลยีสารสนเทศ",
)
PROVINCES = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี",
    "ฉะเชิงเทรา", "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด",
    "ตาก", "นครนายก", "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี",
    "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี",
    "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์",
    "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด", "ระนอง",
    "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
    "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย",
    "สุพรรณบุรี", "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ",
    "อุดรธานี", "อุตรดิตถ์", "อุทัยธานี", "อุบลราชธานี",
)

# A partner may be abroad: its จังหวัด may be ต่างประเทศ (FORM.md: ในประเทศ / ต่างประเทศ).
PARTNER_PROVINCES = PROVINCES + (DOMESTIC[1],)

# A named list: its key is also the defined name of its range in the workbook.
CHOICE_LISTS: dict[str, tuple[str, ...]] = {
    "LIST_YES_NO": YES_NO,
    "LIST_LEVEL": LEVELS,
    "LIST_DOMESTIC": DOMESTIC,
    "LIST_AFFILIATION": AFFILIATION,
    "LIST_EXPERT_TYPE": EXPERT_TYPES,
    "LIST_ACTIVITY_TYPE": ACTIVITY_TYPES,
    "LIST_RESOURCE_TYPE": RESOURCE_TYPES,
    "LIST_SUBJECT_TYPE": SUBJECT_TYPES,
    "LIST_PROVINCE": PROVINCES,
    "LIST_PARTNER_PROVINCE": PARTNER_PROVINCES,
}

# --- column kinds -----------------------------------------------------------------
# text       free text
# choice     one of `choices` (a CHOICE_LISTS key); open=True warns instead of erring
# programme  a สาขางาน name that, with the row's ระดับ, must be a row of สาขางาน
# count      whole number >= 0
# number     number >= 0 (money, hours)
# date       a date (date cell, พ.ศ. or ค.ศ., or Thai/ISO text)
# year       ปีการศึกษา in พ.ศ.
# school_code  10 digits
# email, phone, evidence (text or an http(s) link)
KINDS = ("text", "choice", "programme", "count", "number", "date", "year",
         "school_code", "email", "phone", "evidence", "fixed")


# NamedTuples, like registry's and formulas': the form loads with every check, and its four
# frozen dataclasses cost the start-up ~1.2 ms to build (docs/performance.md, "Start-up, second
# pass"). Fields, defaults, properties and methods read as before; the objects never change.
class Column(NamedTuple):
    """A column of a form sheet: its Thai header label, its kind and how the template shows it."""

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: str | None = None  # key into CHOICE_LISTS
    open: bool = False  # True: an unknown choice is a warning, not an error
    width: float = 18
    hint: str = ""  # Thai input message shown by Excel when the cell is selected
    number_format: str | None = None
    in_academic_year: bool = True  # dates: warn when outside the academic year
    yearly: bool = False  # a number of the year: not carried into next year's workbook

    @property
    def choice_values(self) -> tuple[str, ...]:
        return CHOICE_LISTS[self.choices] if self.choices else ()


class ChecklistItem(NamedTuple):
    """A pre-filled, locked row of a checklist sheet."""

    number: str  # ข้อ, e.g. "1.3.2" or "2.3"
    text: str
    stage: str = ""  # ขั้นที่ (item 1 only)


class Sheet(NamedTuple):
    """A sheet of the form: its Thai name, its kind, and its columns or checklist items."""

    key: str
    name: str  # Thai sheet name, <= 31 characters
    kind: str  # "text" | "keyvalue" | "table" | "checklist" | "generated" | "hidden"
    title: str = ""
    columns: tuple[Column, ...] = ()
    items: tuple[ChecklistItem, ...] = ()  # checklist rows
    rows: int = 0  # empty formatted rows the template provides (tables)
    carried: bool = False  # rows carried into next year's workbook (programmes, partners)
    landscape: bool = True
    instructions: str = ""

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.key}.{key}")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)


class Form(NamedTuple):
    """The whole form: its id, version, title and sheets in workbook order."""

    id: str
    version: str
    title: str
    sheets: tuple[Sheet, ...] = ()

    def sheet(self, key: str) -> Sheet:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def data_sheets(self) -> tuple[Sheet, ...]:
        return tuple(s for s in self.sheets if s.kind in ("keyvalue", "table", "checklist"))


def _yes_no(key: str, label: str = "ดำเนินการแล้ว", **kw) -> Column:
    return Column(key, label, "choice", choices="LIST_YES_NO", width=14, **kw)


_EVIDENCE = Column("evidence", "หลักฐาน", "evidence", width=40,
                   hint="ชื่อเอกสารหรือลิงก์ (http/https) ของหลักฐาน")
_LEVEL = Column("level", "ระดับ", "choice", True, "LIST_LEVEL", width=12,
                hint="เลือก ปวช. / ปวส. / ปริญญาตรี")
_PROGRAMME = Column("programme", "สาขางาน", "programme", True, width=30,
                    hint="เลือกสาขางานจากชีต สาขางาน (ระดับ + สาขางาน ต้องมีอยู่ในชีตนั้น)")
_DOMESTIC = Column("domestic", "ในประเทศหรือต่างประเทศ", "choice", True, "LIST_DOMESTIC", width=20)


def _date(key: str, label: str, required: bool = False, in_year: bool = True) -> Column:
    return Column(key, label, "date", required, width=16, in_academic_year=in_year,
                  hint="วันที่ เช่น 15/6/2568 หรือ 15 มิ.ย. 2568")


def _count(key: str, label: str, required: bool = False, width: float = 14,
           yearly: bool = False) -> Column:
    return Column(key, label, "count", required, width=width, hint="จำนวนเต็ม ตั้งแต่ 0 ขึ้นไป",
                  yearly=yearly)


# The official wording: FORM.md §9, verbatim (a hand copy in tests/test_wording.py checks it).
# The templates, the summary, the findings and the email show these texts in full, wrapped.
STAGES = (
    "ขั้นที่ 1 ขั้นเตรียมความพร้อมในการจัดการอาชีวศึกษาระบบทวิภาคี",
    "ขั้นที่ 2 ขั้นวางแผนในการจัดการอาชีวศึกษาระบบทวิภาคี",
    "ขั้นที่ 3 ขั้นจัดการเรียนการสอนอาชีวศึกษาระบบทวิภาคี",
    "ขั้นที่ 4 ขั้นติดตาม ตรวจสอบคุณภาพในการจัดการอาชีวศึกษาระบบทวิภาคี",
    "ขั้นที่ 5 ขั้นสรุปรายงานผลการจัดการอาชีวศึกษาระบบทวิภาคี",
)

# The activities of each stage, in order: the n-th activity of stage s is ข้อ 1.s.n.
_DUAL_BY_STAGE = (
    (
        "การสำรวจความพร้อมของสถานประกอบการ หน่วยงาน องค์การ ในการจัดการอาชีวศึกษาระบบทวิภาคีร่วมกับสถานศึกษา",
        "การบันทึกข้อตกลงความร่วมมือ (MOU) ในการจัดการอาชีวศึกษาระบบทวิภาคี",
    ),
    (
        "จัดทำแผนงานและจัดทำแผนการเรียนในการจัดการอาชีวศึกษาระบบทวิภาคีร่วมกับสถานประกอบการ หน่วยงาน องค์การ",
        "ประชาสัมพันธ์ แนะแนวผู้เรียน",
    ),
    (
        "คัดเลือกผู้เข้าเรียน",
        "ทำสัญญาการฝึกอาชีพ ปฐมนิเทศผู้เรียน การประชุมผู้ปกครอง",
        "จัดทำแผนการจัดการเรียนรู้หรือแผนการฝึกอาชีพ",
        "จัดการเรียนการสอนหรือการฝึกอาชีพ",
    ),
    (
        "การนิเทศการจัดการเรียนการสอนหรือการฝึกอาชีพ",
        "การวัดและประเมินผลรายวิชาหรือการฝึกอาชีพ",
    ),
    (
        "การสำเร็จการศึกษาผู้เรียนอาชีวศึกษาระบบทวิภาคี",
        "การติดตามผู้สำเร็จการศึกษาอาชีวศึกษาระบบทวิภาคี",
        "การสรุปผลการดำเนินงานและรายงานประจำปีในการจัดการอาชีวศึกษาระบบทวิภาคี",
    ),
)
DUAL_ACTIVITIES = tuple(
    ChecklistItem(f"1.{s}.{n}", text, stage)
    for s, (stage, texts) in enumerate(zip(STAGES, _DUAL_BY_STAGE), start=1)
    for n, text in enumerate(texts, start=1)
)

RESOURCE_CRITERIA = (
    ChecklistItem("2.1", "สถานศึกษามีแผนงาน โครงการในการระดมทรัพยากรที่หลากหลายในการจัดการอาชีวศึกษา ทั้งในประเทศและหรือต่างประเทศ"),
    ChecklistItem("2.2", "สถานศึกษามีเครือข่ายความร่วมมือกับสถานประกอบการหรือหน่วยงานอื่น ๆ เพื่อพัฒนาศักยภาพครูและครูฝึกในสถานประกอบการ"),
    ChecklistItem("2.3", f"สถานศึกษามีการจัดให้ครูพิเศษ ครูภูมิปัญญาท้องถิ่น ครูผู้เชี่ยวชาญ ผู้ทรงคุณวุฒิในสถานประกอบการ ทั้งในประเทศและหรือต่างประเทศร่วมพัฒนาผู้เรียนไม่น้อยกว่าร้อยละ {EXPERT_RULE_PERCENT} ของจำนวนสาขางานที่สถานศึกษาจัดการเรียนการสอน"),
    ChecklistItem("2.4", "สถานศึกษามีการระดมทรัพยากรเพื่อพัฒนาการจัดการศึกษาของสถานศึกษา เช่น งบประมาณ ทุนการศึกษา วัสดุ อุปกรณ์ ครุภัณฑ์ ฯลฯ ปรากฏผลการพัฒนาตามวัตถุประสงค์ของการระดมทรัพยากรอย่างเป็นรูปธรรม"),
    ChecklistItem("2.5", "สถานศึกษามีการประเมินผลการดำเนินงานตามแผนงาน โครงการในการระดมทรัพยากรในการจัดการอาชีวศึกษากับเครือข่าย เพื่อการปรับปรุงและพัฒนาอย่างต่อเนื่อง"),
)

_JOIN = "สถานศึกษาจัดกิจกรรมให้ผู้บริหาร ครู บุคลากรทางการศึกษา และผู้เรียนเข้าร่วมกิจกรรม"
COMMUNITY_CRITERIA = (
    ChecklistItem("3.1", f"{_JOIN}บริการชุมชน"),
    ChecklistItem("3.2", f"{_JOIN}บริการวิชาการ"),
    ChecklistItem("3.3", f"{_JOIN}บริการวิชาชีพ"),
    ChecklistItem("3.4", f"{_JOIN}จิตอาสา"),
    ChecklistItem("3.5", "สถานศึกษามีนวัตกรรมการบริการชุมชน วิชาการ วิชาชีพ และจิตอาสาของสถานศึกษา"),
)
# Criterion 3.1–3.4 is met by activities of this ประเภทกิจกรรม.
COMMUNITY_CRITERION_TYPE = dict(zip(("3.1", "3.2", "3.3", "3.4"), ACTIVITY_TYPES))
# The four participant groups that must all take part (each count > 0).
PARTICIPANT_KEYS = ("executives", "teachers", "staff", "students")

_NUMBER_COL = Column("number", "ข้อ", "fixed", width=8)
_CHECKLIST_TAIL = (_yes_no("done", required=True), _EVIDENCE)


def _criteria_sheet(key: str, name: str, title: str, instructions: str, items) -> Sheet:
    """A checklist of criteria (2 and 3): ข้อ, รายการ, ดำเนินการแล้ว, หลักฐาน."""
    return Sheet(key, name, "checklist", title=title, instructions=instructions, items=items,
                 columns=(_NUMBER_COL, Column("text", "รายการ", "fixed", width=80), *_CHECKLIST_TAIL))


FORM = Form(
    id=FORM_ID,
    version=FORM_VERSION,
    title=FORM_TITLE,
    sheets=(
        Sheet("instructions", "คำแนะนำ", "text", title="คำแนะนำการกรอกแบบฟอร์ม " + FORM_TITLE,
              landscape=False),
        Sheet(
            "school", "ข้อมูลสถานศึกษา", "keyvalue", title="ข้อมูลสถานศึกษา", landscape=False,
            instructions="กรอกข้อมูลในคอลัมน์ ข้อมูล ให้ครบทุกช่องที่คำอธิบายขึ้นต้นด้วย (จำเป็น)",
            columns=(
                Column("code", "รหัสสถานศึกษา", "school_code", True, width=40,
                       hint="รหัสสถานศึกษา 10 หลัก เช่น 1370076101"),
                Column("name", "ชื่อสถานศึกษา", "text", True, width=40),
                Column("affiliation", "สังกัด", "choice", True, "LIST_AFFILIATION", width=40),
                Column("province", "จังหวัด", "choice", True, "LIST_PROVINCE", open=True, width=40),
                Column("academic_year", "ปีการศึกษา", "year", True, width=40,
                       hint="ปีการศึกษาเป็น พ.ศ. เช่น 2568"),
                Column("reporter", "ผู้กรอกข้อมูล", "text", True, width=40),
                Column("position", "ตำแหน่ง", "text", width=40),
                Column("phone", "โทรศัพท์", "phone", width=40),
                Column("email", "อีเมล", "email", width=40, hint="เช่น qa@college.ac.th"),
                Column("report_date", "วันที่รายงาน", "date", width=16, in_academic_year=False,
                       yearly=True, hint="วันที่ เช่น 15/6/2568 หรือ 15 มิ.ย. 2568"),
            ),
        ),
        Sheet(
            "programmes", "สาขางาน", "table", title="สาขางานที่สถานศึกษาจัดการเรียนการสอน", rows=100,
            carried=True,
            instructions="หนึ่งแถวต่อหนึ่งสาขางานในแต่ละระดับ ชื่อสาขางานในชีตอื่นต้องตรงกับชีตนี้",
            columns=(
                _LEVEL,
                Column("subject_type", "ประเภทวิชา", "choice", True, "LIST_SUBJECT_TYPE", open=True,
                       width=26),
                Column("major", "สาขาวิชา", "text", True, width=30),
                Column("programme", "สาขางาน", "text", True, width=30),
                _count("students", "จำนวนผู้เรียน", True, yearly=True),
                _yes_no("dual", "จัดการเรียนการสอนระบบทวิภาคี", required=True),
                _count("dual_students", "จำนวนผู้เรียนระบบทวิภาคี", yearly=True),
            ),
        ),
        Sheet(
            "dual", "1 ทวิภาคี", "checklist", title="1. การจัดการอาชีวศึกษาระบบทวิภาคี (5 ขั้น 13 กิจกรรม)",
            instructions="เลือก ใช่/ไม่ใช่ ทุกกิจกรรม ถ้า ใช่ ให้กรอกวันที่ดำเนินการและหลักฐาน",
            columns=(
                Column("stage", "ขั้นที่", "fixed", width=30),
                _NUMBER_COL,
                Column("activity", "กิจกรรม", "fixed", width=60),
                _yes_no("done", required=True),
                _date("date", "วันที่ดำเนินการ"),
                _EVIDENCE,
            ),
            items=DUAL_ACTIVITIES,
        ),
        Sheet(
            "partners", "1 สถานประกอบการ", "table", title="สถานประกอบการ หน่วยงาน องค์การ ที่ร่วมจัดการศึกษา",
            rows=200, carried=True, instructions="หนึ่งแถวต่อสถานประกอบการต่อสาขางาน",
            columns=(
                Column("name", "ชื่อสถานประกอบการ", "text", True, width=36),
                Column("province", "จังหวัด", "choice", False, "LIST_PARTNER_PROVINCE", open=True,
                       width=18, hint="เลือกจังหวัด หรือ ต่างประเทศ สำหรับสถานประกอบการในต่างประเทศ"),
                _DOMESTIC,
                _date("mou_date", "วันที่ลงนาม MOU", in_year=False),
                _LEVEL,
                _PROGRAMME,
                _count("trainees", "จำนวนผู้เรียนที่ฝึก", yearly=True),
            ),
        ),
        _criteria_sheet(
            "resource_criteria", "2 ระดมทรัพยากร",
            "2. การระดมทรัพยากรเพื่อการจัดการเรียนการสอน (ข้อ 2.1–2.5)",
            f"ข้อ 2.3 (ร้อยละ {EXPERT_RULE_PERCENT} ของสาขางาน) คำนวณจากชีต 2 ครูพิเศษ", RESOURCE_CRITERIA),
        Sheet(
            "resource_projects", "2 โครงการระดมทรัพยากร", "table",
            title="โครงการหรือกิจกรรมการระดมทรัพยากร", rows=300,
            instructions="หนึ่งแถวต่อโครงการต่อสาขางานที่ได้รับประโยชน์",
            columns=(
                Column("name", "ชื่อโครงการหรือกิจกรรม", "text", True, width=36),
                _LEVEL,
                _PROGRAMME,
                Column("source", "แหล่งทรัพยากร", "text", True, width=28),
                _DOMESTIC,
                Column("resource_type", "ประเภททรัพยากร", "choice", True, "LIST_RESOURCE_TYPE", width=16),
                Column("value", "มูลค่า (บาท)", "number", width=16, hint="จำนวนเงิน (บาท) ตั้งแต่ 0 ขึ้นไป",
                       number_format="#,##0.00"),
                _date("date", "วันที่"),
                _EVIDENCE,
            ),
        ),
        Sheet(
            "experts", "2 ครูพิเศษ", "table",
            title="ครูพิเศษ ครูภูมิปัญญาท้องถิ่น ครูผู้เชี่ยวชาญ ผู้ทรงคุณวุฒิ ที่ร่วมพัฒนาผู้เรียน", rows=300,
            instructions="หนึ่งแถวต่อหนึ่งคนต่อหนึ่งสาขางาน",
            columns=(
                Column("name", "ชื่อ-สกุล", "text", True, width=28),
                Column("expert_type", "ประเภท", "choice", True, "LIST_EXPERT_TYPE", width=26),
                Column("organisation", "หน่วยงานหรือสถานประกอบการ", "text", width=30),
                _DOMESTIC,
                _LEVEL,
                _PROGRAMME,
                _date("date", "วันที่"),
                Column("hours", "จำนวนชั่วโมง", "number", width=14, hint="จำนวนชั่วโมง ตั้งแต่ 0 ขึ้นไป",
                       number_format="#,##0.0"),
                _EVIDENCE,
            ),
        ),
        _criteria_sheet(
            "community_criteria", "3 บริการชุมชน", "3. การบริการชุมชนและจิตอาสา (ข้อ 3.1–3.5)",
            "ข้อ 3.1–3.4 คำนวณจากชีต 3 กิจกรรม ข้อ 3.5 ให้เลือกและแนบหลักฐาน", COMMUNITY_CRITERIA),
        Sheet(
            "activities", "3 กิจกรรม", "table", title="กิจกรรมการบริการชุมชนและจิตอาสา", rows=500,
            instructions="หนึ่งแถวต่อหนึ่งกิจกรรม กรอกจำนวนผู้เข้าร่วมทุกกลุ่ม",
            columns=(
                Column("name", "ชื่อกิจกรรม", "text", True, width=36),
                Column("activity_type", "ประเภทกิจกรรม", "choice", True, "LIST_ACTIVITY_TYPE", width=16),
                _date("start", "วันที่เริ่ม", True),
                _date("end", "วันที่สิ้นสุด"),
                Column("place", "สถานที่หรือชุมชน", "text", width=28),
                _count("executives", "จำนวนผู้บริหาร"),
                _count("teachers", "จำนวนครู"),
                _count("staff", "จำนวนบุคลากรทางการศึกษา", width=16),
                _count("students", "จำนวนผู้เรียน"),
                _count("beneficiaries", "จำนวนผู้รับบริการ"),
                _EVIDENCE,
            ),
        ),
        Sheet("summary", "สรุป", "generated", title="สรุปข้อมูลด้านความร่วมมือ", landscape=False),
        Sheet(
            "findings", "ผลการตรวจสอบ", "generated", title="ผลการตรวจสอบข้อมูล",
            columns=(
                Column("severity", "ระดับความรุนแรง", width=16),
                Column("code", "รหัส", width=34),
                Column("sheet", "ชีต", width=24),
                Column("cell", "เซลล์", width=10),
                Column("message", "รายละเอียด", width=90),
            ),
        ),
        Sheet("lists", "รายการเลือก", "hidden"),
        Sheet("meta", "ข้อมูลแบบฟอร์ม", "hidden"),
    ),
)

# Keys of the hidden meta sheet (key–value, column A label, column B value).
META_FORM_ID = "form_id"
META_FORM_VERSION = "form_version"

ITEMS = {"1": ("การจัดการอาชีวศึกษาระบบทวิภาคี", "Dual-education system"),
         "2": ("การระดมทรัพยากรเพื่อการจัดการเรียนการสอน", "Resource mobilisation"),
         "3": ("การบริการชุมชนและจิตอาสา", "Community service and volunteering")}
