"""The package around the document, as Word and WPS expect it: Word 2013+ compatibility, properties without
template leftovers, font substitution hints for the GB fonts, and a deterministic zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from annual_report.word.oxml import set_attrs

COMPATIBILITY_MODE = 15  # Word 2013 and later; 14 makes Word open the file in Word 2010 mode
_WORD_URI = "http://schemas.microsoft.com/office/word"
# Substitution hints: the family, pitch, panose and charset Word uses to find a near font when the named
# one is missing (134 = GB2312). altName is the font's other name.
FONT_HINTS = {
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "02010600030101010101", "roman", "variable"),
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern", "fixed"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
}
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>annual-report</Application><DocSecurity>0</DocSecurity><Company>{company}</Company>"
    "</Properties>"
)


def set_compatibility_mode(document: Document, mode: int = COMPATIBILITY_MODE) -> None:
    """w:compat/w:compatSetting compatibilityMode = `mode`; no preview picture saved on the next save."""
    settings = document.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids"):
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    compat = settings.find(qn("w:compat"))
    if compat is None:  # python-docx's default settings have one; an office's template may not
        compat = parse_xml(f"<w:compat {nsdecls('w')}/>")
        settings.append(compat)
    setting = next((s for s in compat.findall(qn("w:compatSetting"))
                    if s.get(qn("w:name")) == "compatibilityMode"), None)
    if setting is None:
        setting = parse_xml(f"<w:compatSetting {nsdecls('w')}/>")
        compat.append(setting)
    set_attrs(setting, name="compatibilityMode", uri=_WORD_URI, val=mode)


def set_properties(document: Document, title: str, author: str, stamp: dt.datetime) -> None:
    """Fresh core and app properties (title, author, dates), no thumbnail, no custom XML from the template."""
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author
    properties.comments = properties.subject = properties.keywords = properties.category = ""
    properties.created = properties.modified = stamp
    properties.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML.format(company=escape(author)).encode("utf-8")
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            document.part.rels.pop(rel_id)


def add_font_hints(document: Document, fonts: dict[str, tuple[str, str, str, str]] = FONT_HINTS) -> None:
    """fontTable.xml entries for the GB fonts the styles name, with altName, panose, charset and pitch."""
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    table = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in table.findall(qn("w:font"))}
    for name, (alt, panose, family, pitch) in fonts.items():
        if name in known:
            continue
        table.append(parse_xml(
            f'<w:font {nsdecls("w")} w:name="{escape(name)}"><w:altName w:val="{escape(alt)}"/>'
            f'<w:panose1 w:val="{panose}"/><w:charset w:val="86"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>'))
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def save(document: Document, out: Path, stamp: dt.datetime) -> Path:
    """Save with every zip entry dated `stamp`, so that equal documents are equal files."""
    buffer = io.BytesIO()
    document.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    date_time = stamp.timetuple()[:6]
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, date_time), source.read(entry), zipfile.ZIP_DEFLATED)
    return out
