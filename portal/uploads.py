"""What an upload must pass before it is kept: a plain file name, a known extension that matches the content,
a size under the cap, and for .xlsx/.docx a sound Office package (no zip bomb, no DTD or entities).

A refused upload raises `Refused` with a message for the unit, in Chinese, and is never written to disk.
Reading the figures (intake) and validating them come after, on the kept file.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

OFFICE = {".xlsx": ("xl/workbook.xml", "Excel 工作簿"), ".docx": ("word/document.xml", "Word 文档")}
TEXT = {".yaml", ".yml", ".json", ".csv"}
ALLOWED = (*OFFICE, *sorted(TEXT))
MAX_NAME = 200
MAX_MEMBERS = 2000  # parts in an Office package; real workbooks have tens
MAX_UNPACKED = 200 * 1024 * 1024  # all parts together, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for any part over 1 MiB: real sheets compress 5–30×
MAGIC = (  # leading bytes → what the file really is
    (b"PK\x03\x04", "压缩包（Excel/Word 文件或 .zip）"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文件（.xls/.doc）或加密的 Office 文件"),
    (b"%PDF", "PDF 文件"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
_UNSAFE = re.compile(r"[^\w\-.()（）]+")


class Refused(Exception):
    """An upload that is not kept; str() is the message shown to the unit."""


@dataclass(frozen=True)
class Upload:
    name: str  # the original file name, as the unit's computer called it
    suffix: str  # lower case, with the dot
    data: bytes
    sha256: str

    @property
    def stored_part(self) -> str:
        """The name made safe for any file system: letters (Chinese too), digits, -_.() only, 80 at most."""
        stem = _UNSAFE.sub("_", PurePosixPath(self.name).stem).strip("._") or "file"
        return stem[:80] + self.suffix


def accept(filename: str | None, data: bytes, max_bytes: int) -> Upload:
    """The upload, if it may be kept; Refused otherwise."""
    name = plain_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise Refused(f"不支持「{suffix or '无扩展名'}」文件；请上传 {'、'.join(ALLOWED)} 文件")
    if len(data) > max_bytes:
        raise Refused(f"文件超过 {max_bytes / 1024 / 1024:g} MB 的上限；请删除图片等附件后重新上传")
    if not data.strip():
        raise Refused("文件是空的；请选择填好的文件重新上传")
    if suffix in OFFICE:
        check_office(data, suffix)
    else:
        check_text(data, suffix)
    return Upload(name=name, suffix=suffix, data=data, sha256=hashlib.sha256(data).hexdigest())


def plain_name(filename: str | None) -> str:
    """The file name alone: a name with a path (`../../x`, `C:\\x`), control characters or a leading dot
    is refused rather than cleaned, so that what is kept is what the unit meant to send."""
    name = unicodedata.normalize("NFC", (filename or "").strip())
    if not name:
        raise Refused("没有文件名；请选择要上传的文件")
    if "/" in name or "\\" in name or name in (".", "..") or ":" in name:
        raise Refused(f"文件名「{_shown(name)}」含有路径（/、\\、: 或 ..）；请只上传文件本身，不要带文件夹")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise Refused("文件名含有控制字符；请重命名后上传")
    if name.startswith("."):
        raise Refused(f"「{_shown(name)}」是隐藏文件或临时文件；请上传填好的报送文件")
    if len(name) > MAX_NAME:
        raise Refused(f"文件名过长（{len(name)} 个字符，最多 {MAX_NAME} 个）；请改短后上传")
    return name


def _shown(name: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in name)[:80]


def what_it_is(data: bytes) -> str | None:
    return next((kind for magic, kind in MAGIC if data.startswith(magic)), None)


def check_text(data: bytes, suffix: str) -> None:
    kind = what_it_is(data)
    if kind is not None:
        raise Refused(f"文件内容是{kind}，扩展名却是 {suffix}；请按文件的实际格式上传（Excel 请用 .xlsx）")
    if b"\x00" in data[:8192]:
        raise Refused(f"文件不是文本文件（或是 UTF-16 编码），扩展名却是 {suffix}；请另存为 UTF-8 编码后上传")


def check_office(data: bytes, suffix: str) -> None:
    expected_part, expected_kind = OFFICE[suffix]
    kind = what_it_is(data)
    if kind is None or not data.startswith(b"PK"):
        shown = kind or "文本或其他格式"
        raise Refused(f"文件内容是{shown}，不是{expected_kind}（{suffix}）；请用 Excel/WPS/Word 另存为 {suffix} 后上传")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            _check_parts(package, suffix)
            names = set(package.namelist())
            if expected_part not in names:
                other = next((k for part, k in OFFICE.values() if part in names), None)
                raise Refused(f"文件内容是{other}，扩展名却是 {suffix}；请按文件的实际格式上传" if other else
                              f"文件不是{expected_kind}（缺少 {expected_part}）；请用 Excel/WPS/Word 另存为 {suffix} 后上传")
            for info in package.infolist():
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml(package, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError) as exc:
        raise Refused(f"{expected_kind}已损坏，无法打开（{type(exc).__name__}）；请重新另存为 {suffix} 后上传") from None


def _check_parts(package: zipfile.ZipFile, suffix: str) -> None:
    infos = package.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"文件内含 {len(infos)} 个部件，超过 {MAX_MEMBERS} 个，不像正常的 {suffix} 文件，已拒收")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise Refused(f"文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB（疑似压缩炸弹），已拒收；请删除多余内容后重新保存")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(f"文件中「{_shown(info.filename)}」的压缩比异常（疑似压缩炸弹），已拒收")
        parts = PurePosixPath(info.filename).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts:
            raise Refused(f"文件内含异常路径「{_shown(info.filename)}」，已拒收")
        if info.flag_bits & 0x1:
            raise Refused("文件已加密；请取消密码后重新上传")
    if "[Content_Types].xml" not in package.namelist():
        raise Refused(f"文件不是 Office 文件（缺少 [Content_Types].xml）；请另存为 {suffix} 后上传")


def _check_xml(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DOCTYPE, entity or external reference (XXE, billion laughs): the prolog is parsed up to the root
    element, where a DOCTYPE would have to be."""
    with package.open(info) as part:
        try:
            for _ in SafeET.iterparse(part, events=("start",), forbid_dtd=True):
                break
        except DefusedXmlException:
            raise Refused(f"文件中「{_shown(info.filename)}」含有 DOCTYPE 或实体声明（可能读取外部文件），已拒收；"
                          "请用 Excel/WPS/Word 重新保存后上传") from None
        except ParseError:
            raise Refused(f"文件中「{_shown(info.filename)}」不是完好的 XML，文件可能已损坏；请重新保存后上传") from None
