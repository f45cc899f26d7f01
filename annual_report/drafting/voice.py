"""Voice: a unit writes 「本局」「我县」「局法规科」; the report is the government speaking of its region.

`neutral` turns a unit's text into a template in which every reference to the unit itself is the SUBJECT
marker, a leading verb gets one (the sentence needs a subject), and 「我市」-style words become the region's
name. `speak` fills the marker: the unit's short name in 成效, several units' names where they did the same
thing, 「个别部门」 in 存在的不足. What the rewrite did is kept for the 审阅稿; where it had to guess
(「本系统」), it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annual_report.config.workspace import ReportConfig, Unit
from annual_report.drafting.names import Names
from annual_report.wording.numbers import region_word

SUBJECT = "\x00"  # validation removes control characters from units' text, so this cannot occur in it
_CJK = "\u4e00-\u9fff"
# The unit speaking of itself (longest first). 「本办法」「本中心组」 are not the unit.
_SELF = re.compile(
    r"本委员会|(?:本|我)(?:单位|部门|机关|委(?!员)|局|中心(?!组)|办(?![法理公]))|全(?:局|委|办)(?=干部|职工|上下|范围)")
# An internal office: 「局法规科」「经局法规科初审」; not 「市公安局法制科」 (a name runs into it).
_OFFICE = re.compile(rf"(?:(?<![{_CJK}])|(?<=[经由在向对及和与请将为从]))(?:本|我)?(?:局|委|办|中心)[{_CJK}]{{1,6}}?[科股室]")
_PLACE_SELF = re.compile(r"(?:本|我)(县|区|镇|乡|旗|市|州|省|街道)")
_AMBIGUOUS = re.compile(r"(?:本|我)系统")
# A bare kind word opening the text before an organ of the unit: 「镇党委理论学习中心组将……」「街道法律顾问……」.
_ORGAN = re.compile(r"^(局|委|办|镇|乡|街道|县|区|中心)(?=党委|党组|党工委|领导班子|班子|机关|主要负责|理论学习中心组|干部职工|人代会|"
                    r"法律顾问|司法所|综合执法|综合行政执法|便民服务中心|人民调解委员会)")
_TIME = re.compile(r"^(?:\d{4}年(?:以来|起)?|全年|年内|年初|年底|年中|年终|今年|汛期前?|汛前|春耕和秋种期间|每季度|每年|"
                   r"每月|每周|冬季[^，]{0,8}期间|旅游旺季)[，,]?")
# Openings that need a subject before them: a verb or preposition, or an organ without its unit.
_NEEDS_SUBJECT = re.compile(
    "^(?:开展|组织|制定|推进|建立|完善|加强|落实|深化|推行|实施|修订|编制|出台|印发|举办|召开|牵头|对|在|将|把|以|依托|"
    "按照|围绕|坚持|全面|积极|持续|不断|扎实|认真|严格|进一步|率先|探索|创新|优化|规范|健全|强化|提升|聘任|聘请|承接|为|"
    "向|结合|针对|通过|利用|运用|建成|设立|成立|组建|完成|发布|公布|梳理|清理|审查|办理|受理|处置|化解|调处|整合|打造|"
    "推动|指导|督促|协调|配合|参与|联合|引入|配备|实现|形成|构建|设置|认领|抽取|抽查|检查|查处|依法|主动|自觉|瞄准|着力|"
    "加快|大力|全力|统筹|注重|切实|确保|做好|抓好|压实|创建|选拔|投资|累计|共|动态|常态化|用好|扩大|利用|同步|逐步|分批|"
    "主要负责人|主要负责同志|党组书记|党委书记|党工委书记|领导班子|班子成员)")


@dataclass
class Voiced:
    template: str  # the text with SUBJECT where the unit is meant
    changes: list[str] = field(default_factory=list)  # 「本局」→ subject, 「我市」→ 示例市 …, for the 审阅稿
    ambiguous: list[str] = field(default_factory=list)  # rewrites that are a guess


def neutral(text: str, unit: Unit, config: ReportConfig, subjectless: bool = True) -> Voiced:
    """`text` with the unit's references to itself as SUBJECT (see the module docstring); with
    `subjectless`, a text that opens without saying who acts gets SUBJECT in front."""
    voiced = Voiced(template=text)

    def swap(pattern: re.Pattern[str], to: str | None, note: str = "") -> None:
        found: list[str] = []

        def replace(match: re.Match[str]) -> str:
            found.append(match.group(0))
            return to if to is not None else _place(match, unit, config, voiced)

        voiced.template = pattern.sub(replace, voiced.template)
        voiced.changes += [f"「{w}」" for w in dict.fromkeys(found)]
        if note:
            voiced.ambiguous += [f"「{w}」{note}" for w in dict.fromkeys(found)]

    if "本" in text or "我" in text or "全" in text:
        swap(_SELF, SUBJECT)
    if "科" in text or "股" in text or "室" in text:  # the pattern is slow to scan; most texts name no office
        swap(_OFFICE, SUBJECT)
    if (system := _AMBIGUOUS.match(voiced.template)) is not None:  # 「本系统组织……」: the unit acts
        voiced.template = SUBJECT + voiced.template[system.end():]
        voiced.changes.append(f"开头的「{system.group(0)}」")
        voiced.ambiguous.append(f"开头的「{system.group(0)}」已改为单位名称，请核对")
    if "系统" in voiced.template:
        swap(_AMBIGUOUS, "全系统", "已改为「全系统」（指本单位所在系统），请核对")
    if "本" in voiced.template or "我" in voiced.template:
        swap(_PLACE_SELF, None)
    if (own := _own_name(voiced.template, unit)) is not None:  # 「乐都区成功创建……」: the unit naming itself
        voiced.template = SUBJECT + voiced.template[len(own):]
    voiced.template = _whole_of(voiced.template, unit, voiced)
    voiced.template = _own_honour(voiced.template, unit)
    if (organ := _ORGAN.match(voiced.template)) is not None:
        if not unit.label.endswith(organ.group(1)):
            voiced.ambiguous.append(f"开头的「{organ.group(1)}」与单位「{unit.label}」不一致，已按该单位改写，请核对")
        voiced.changes.append(f"开头的「{organ.group(1)}」")
        voiced.template = SUBJECT + voiced.template[organ.end():]
    if subjectless and needs_subject(voiced.template, config):
        time = _TIME.match(voiced.template)  # 「2024年，共受理……」: the subject goes after the comma
        at = time.end() if time and time.group(0).endswith(("，", ",")) else 0
        voiced.template = voiced.template[:at] + SUBJECT + voiced.template[at:]
    return voiced


def _whole_of(template: str, unit: Unit, voiced: Voiced) -> str:
    """A lower region's own report opening on itself as a whole (「全县受理……」「2024年，全县……」): the unit, as
    the marker, so that the report above names the county."""
    word = region_word(unit.name)
    if not word.startswith("全") or word not in template:
        return template
    time = _TIME.match(template)
    at = time.end() if time and time.group(0).endswith(("，", ",")) else 0
    if not template.startswith(word, at):
        return template
    voiced.changes.append(f"开头的「{word}」")
    return template[:at] + SUBJECT + template[at + len(word):]


_HONOUR_VERBS = "成功|获评|被评为|荣获|入选|获得|被确定为"
_AFTER_NAME = re.compile(f"^(?:{_HONOUR_VERBS}|先后|已)")


def _own_name(template: str, unit: Unit) -> str | None:
    """The unit's own name (full or short) opening the text, when a verb follows it (not 「乐都区人民法院」)."""
    names = tuple(n for n in (unit.name, unit.short, unit.label) if n)
    if not template.startswith(names):
        return None
    for name in sorted(set(names), key=len, reverse=True):
        rest = template[len(name):]
        if template.startswith(name) and (_NEEDS_SUBJECT.match(rest) or _AFTER_NAME.match(rest)):
            return name
    return None


_HONOUR_AT = re.compile(f"(?:{_HONOUR_VERBS})")


def _own_honour(template: str, unit: Unit) -> str:
    """「……，乐都区成功创建全省……示范县区」 in 乐都区's own text: the unit, as the marker (so that two units
    sending the same success merge into one sentence naming both)."""
    names = sorted({unit.name, unit.short, unit.label} - {""}, key=len, reverse=True)
    if not any(n in template for n in names):
        return template
    for verb in reversed(list(_HONOUR_AT.finditer(template))):
        before = template[:verb.start()]
        name = next((n for n in names if before.endswith(n) and before[:-len(n)][-1:] in "，,；;。"), None)
        if name is not None:
            template = before[:-len(name)] + SUBJECT + template[verb.start():]
    return template


def _place(match: re.Match[str], unit: Unit, config: ReportConfig, voiced: Voiced) -> str:
    """我市 in a city's report is the region; 我县 of a county unit is that county."""
    kind = match.group(1)
    if config.region.endswith(kind):
        return config.region
    if not unit.label.endswith(kind):
        voiced.ambiguous.append(f"「{match.group(0)}」与单位「{unit.label}」不一致，已按该单位改写，请核对")
    return SUBJECT


def needs_subject(template: str, config: ReportConfig) -> bool:
    """Whether the text opens without saying who acts (after a time phrase such as 「全年」)."""
    time = _TIME.match(template)
    rest = template[time.end():] if time else template
    if rest.startswith((SUBJECT, config.region)) or _NEEDS_SUBJECT.match(rest) is None:
        return False
    return not registry_names(config).at_start(rest)


_LEVELS = "省市县区旗州盟"


def with_subject(text: str, subject: str) -> str:
    """`subject` where a subject goes: after an opening time phrase and its comma (「2024年，全市受理……」),
    else first (「区公安局全年行政诉讼案件开庭审理4件」); a lower region before one of its own organs named by
    its level keeps the level once (北县 + 「县公安局……」 → 「北县公安局……」)."""
    time = _TIME.match(text)
    at = time.end() if time and time.group().endswith(("，", ",")) else 0
    rest = text[at:]
    if subject[-1:] in _LEVELS and rest.startswith(subject[-1]):  # 北县 + 「县公安局……」: 北县公安局
        rest = rest[1:]
    return text[:at] + subject + rest


def speaks_for_region(text: str, config: ReportConfig) -> bool:
    """The text opens on the whole region (「对全市人大代表建议……」「在全市推行……」): the region's own work,
    needing no 「全市」 before it."""
    word = region_word(config.region)
    return word in text[: len(word) + 2]


def names_a_doer(text: str, config: ReportConfig) -> bool:
    """The text opens (after a time phrase) with who acts: a registry unit, or an organ of the region
    (「市委常委会」「市政府常务会议」「各级……」)."""
    time = _TIME.match(text)
    rest = text[time.end():] if time else text
    return rest.startswith((config.region[-1:], config.region, "各", "全")) or registry_names(config).at_start(rest)


_NAMES: dict[int, tuple[ReportConfig, Names]] = {}


def registry_names(config: ReportConfig) -> Names:
    """The registry's names, built once per configuration."""
    cached = _NAMES.get(id(config))
    if cached is None or cached[0] is not config:
        cached = _NAMES[id(config)] = (config, Names(config.unit_names))
    return cached[1]


_CLAUSE_END = "，,；;。：:"  # a marker opening a clause says who acts; inside one, where or whose


def speak(template: str, subject: str, later: str | None = None, measure: bool = False) -> str:
    """The template with the first marker as `subject`; a later marker that says who acts is left out once the
    subject is written (「乐都区、化隆县深入开展……，成功创建……」), one inside a clause says where or whose and
    is `later` (「在各单位干部职工大会上」「经市财政局初审」). An opening marker with subject "" is dropped (the region's own work needs no
    subject), with the 「将」「要」 after it for a `measure` (下一年度安排 lists measures, not who takes them)."""
    later = subject if later is None else later
    if subject:
        template = template.replace(SUBJECT + subject, SUBJECT)
    elif template.startswith(SUBJECT):
        rest = template[1:]
        template = SUBJECT + (rest.removeprefix("将").removeprefix("要") if measure else rest)
    first, marked, rest = template.partition(SUBJECT)
    acts = "" if marked and subject else subject
    parts = rest.split(SUBJECT)
    tail = parts[0] + "".join((acts if parts[i - 1][-1:] in _CLAUSE_END else later) + part
                              for i, part in enumerate(parts[1:], start=1))
    return first + (subject if marked else "") + tail


FIRST_PERSON = re.compile(r"本局|我局|本单位|我单位|本委|我委|本办(?![法理公])|我办|本中心(?!组)|我中心|本部门|我部门|本机关|"
                          r"本系统|我系统|我县|本县|我区|本区|我镇|本镇|我乡|本乡|本街道|我街道|我市|本市")


def first_person(text: str) -> list[str]:
    """First-person and deictic words left in a text (the 公开稿 must have none)."""
    return FIRST_PERSON.findall(text)
