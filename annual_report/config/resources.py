"""Where shipped files live: templates/ is package data when installed, the repository folder otherwise."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # annual_report/


def template_file(name: str) -> Path:
    """A file of templates/: installed as annual_report/templates/, or the source tree's templates/."""
    for folder in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"templates/{name} 不存在；请重新安装 annual-report")
