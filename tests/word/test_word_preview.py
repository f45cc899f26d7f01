"""The preview's own parts: the fontconfig aliases for the official font names, the missing-tool message.

A rendered report through LibreOffice (22 × 28 lines, page numbers, 落款) is tested in
tests/render/test_render_libreoffice.py.
"""

import shutil
import xml.etree.ElementTree as ET

import pytest

from annual_report.word import preview


def test_fontconfig_binds_every_official_name_strongly():
    root = ET.fromstring(preview.fontconfig_xml().split("\n", 2)[2])  # skip the declaration and DOCTYPE
    assert root.find("include").text == preview.SYSTEM_FONTS_CONF
    bound = {match.find("test/string").text: match.find("edit") for match in root.iter("match")}
    names = {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "仿宋", "楷体", "黑体", "宋体"}
    assert names | {"FangSong", "KaiTi", "SimHei", "SimSun"} <= set(bound)
    assert all(edit.get("binding") == "strong" for edit in bound.values())
    assert [s.text for s in bound["楷体_GB2312"].iter("string")] == ["AR PL KaitiM GB", "AR PL UKai CN"]


def test_missing_tools_raise_with_install_hint(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(preview.PreviewUnavailable) as error:
        preview.preview(tmp_path / "report.docx", tmp_path)
    assert "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk" in str(error.value)
    assert "无法生成预览" in str(error.value)
