"""Preview a report on Linux: .docx → PDF with LibreOffice, PDF → PNG pages with poppler.

The .docx keeps the official font names (方正小标宋简体, 仿宋_GB2312, …). Only the LibreOffice subprocess
sees a fontconfig file that maps them to free CJK fonts with the same 1-em box, so line and page
breaks match; glyph shapes do not (开源替代字体，仅供预览).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

INSTALL_HINT = (
    "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gkai00mp poppler-utils"
)
SYSTEM_FONTS_CONF = "/etc/fonts/fonts.conf"
CONVERT_TIMEOUT = 300  # seconds; a cold LibreOffice start takes 5–20 s

_SERIF = ("Noto Serif CJK SC",)
_KAI = ("AR PL KaitiM GB", "AR PL UKai CN")
_SANS = ("Noto Sans CJK SC",)

# Official font name → free substitutes, best first.
FONT_SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": _SERIF,  # bold weight, see fontconfig_xml()
    "仿宋_GB2312": _SERIF,
    "仿宋": _SERIF,
    "FangSong": _SERIF,
    "宋体": _SERIF,
    "SimSun": _SERIF,
    "楷体_GB2312": _KAI,
    "楷体": _KAI,
    "KaiTi": _KAI,
    "黑体": _SANS,
    "SimHei": _SANS,
}
_BOLD_FAMILIES = ("方正小标宋简体",)  # 小标宋 is a heavy face: use the bold substitute


class PreviewError(RuntimeError):
    """The preview could not be made."""


class PreviewUnavailable(PreviewError):
    """LibreOffice or poppler-utils is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"无法生成预览：未找到 {missing}。请安装：{INSTALL_HINT}\n"
            f"Preview unavailable: {missing} not found. Install with: {INSTALL_HINT}"
        )


def fontconfig_xml(system_conf: str = SYSTEM_FONTS_CONF) -> str:
    """A fontconfig file: the system configuration plus strong aliases for the official font names."""
    rules = []
    for name, substitutes in FONT_SUBSTITUTES.items():
        families = "".join(f"<string>{escape(family)}</string>" for family in substitutes)
        weight = (
            '<edit name="weight" mode="assign"><const>bold</const></edit>' if name in _BOLD_FAMILIES else ""
        )
        rules.append(
            f'  <match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
            f'<edit name="family" mode="prepend" binding="strong">{families}</edit>{weight}</match>'
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system_conf)}</include>\n'
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )


def soffice_path() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert `docx` to outdir/<stem>.pdf with headless LibreOffice and the preview fonts."""
    soffice = soffice_path()
    if soffice is None:
        raise PreviewUnavailable("LibreOffice (soffice)")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="annual-report-lo-") as scratch:
        fonts_conf = Path(scratch) / "fonts.conf"
        fonts_conf.write_text(fontconfig_xml(), encoding="utf-8")
        profile = (Path(scratch) / "profile").as_uri()  # own profile: parallel runs do not clash
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise PreviewError(
                f"LibreOffice timed out after {CONVERT_TIMEOUT} s converting {docx}"
            ) from error
    pdf = outdir / f"{docx.stem}.pdf"
    if done.returncode != 0 or not pdf.exists():
        raise PreviewError(f"LibreOffice could not convert {docx}: {(done.stderr or done.stdout).strip()}")
    return pdf


def to_png(pdf: Path, outdir: Path, dpi: int = 60) -> list[Path]:
    """Render each page of `pdf` to outdir/<stem>-<n>.png; return them in page order."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise PreviewUnavailable("pdftoppm (poppler-utils)")
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    done = subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", str(pdf), str(outdir / pdf.stem)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise PreviewError(f"pdftoppm could not render {pdf}: {done.stderr.strip()}")
    pages = outdir.glob(f"{pdf.stem}-*.png")
    return sorted(pages, key=lambda page: int(page.stem.rsplit("-", 1)[1]))


def preview(docx: Path, outdir: Path) -> tuple[Path, list[Path]]:
    """Write outdir/<stem>.pdf and one PNG per page; return (pdf, pngs)."""
    missing = [
        name
        for name, found in (
            ("LibreOffice (soffice)", soffice_path()),
            ("pdftoppm (poppler-utils)", shutil.which("pdftoppm")),
        )
        if not found
    ]
    if missing:
        raise PreviewUnavailable(", ".join(missing))
    pdf = to_pdf(docx, outdir)
    return pdf, to_png(pdf, outdir)
