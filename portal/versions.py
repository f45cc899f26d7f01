"""Every upload is a new version, kept for good; the newest version without errors is the one that counts, per
role: a unit's data (workbook, YAML, JSON, CSV) and its own Word report count side by side, as in submissions/.
With report.yaml's `portal.review_required`, only versions a reviewer marked 通过 count.

Files the office puts in submissions/ by hand are recorded as the office's own versions (`origin`: the file's
place in the workspace), a new one each time the file changes: they can be read and reviewed like uploads,
and count as the files they are (they are not copied: the build reads them where they are).

Files: WORKSPACE/portal/versions/<unit>/<nnnn>-<sha256 prefix>-<safe original name>, written once and never
replaced. A counted version is copied to WORKSPACE/submissions/portal/<unit>.<ext> (atomically, with the
upload's time as its modification time), which is where `validate`, `build` and the portal's builds read it:
the command line and the portal see the same submissions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annual_report.config.plan import WorkPlan
from annual_report.config.workspace import Workspace
from annual_report.pipeline import Checked
from portal.checking import check_file
from portal.store import Store, portal_dir
from portal.uploads import ALLOWED, Upload

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_LATEST_REVIEW = "(SELECT max(id) FROM reviews WHERE version_id = v.id)"
VERSION_SQL = f"""SELECT v.*, r.state AS review, r.comment AS comment, r.reviewer AS reviewer, r.at AS reviewed_at
FROM versions v LEFT JOIN reviews r ON r.id = {_LATEST_REVIEW}"""


@dataclass(frozen=True)
class Version:
    id: int
    unit: str
    number: int
    uploaded_at: dt.datetime
    uploaded_by: str
    original_name: str
    stored_name: str
    size: int
    sha256: str
    errors: int
    warnings: int
    findings: list[dict[str, str]] = field(repr=False)
    review: str = "待审"
    comment: str = ""
    reviewer: str = ""
    origin: str = ""  # "" for an upload; for a file the office put in submissions/, its place there

    @property
    def by_office(self) -> bool:
        return bool(self.origin)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def suffix(self) -> str:
        return Path(self.stored_name).suffix



def counted_numbers(valid: Iterable[tuple[int, str]]) -> tuple[int, ...]:
    """The numbers of the versions that count, from (number, stored name) of the versions without errors: per
    role, the newest (newest first). The roles are a unit's Word report (.docx) and its data (the rest)."""
    newest: dict[bool, int] = {}
    for number, stored_name in valid:
        report = Path(stored_name).suffix.lower() == ".docx"
        newest[report] = max(newest.get(report, 0), number)
    return tuple(sorted(newest.values(), reverse=True))


def _version(row: dict) -> Version:
    return Version(id=row["id"], unit=row["unit"], number=row["number"],
                   uploaded_at=dt.datetime.fromisoformat(row["uploaded_at"]), uploaded_by=row["uploaded_by"],
                   original_name=row["original_name"], stored_name=row["stored_name"], size=row["size"],
                   sha256=row["sha256"], errors=row["errors"], warnings=row["warnings"],
                   findings=json.loads(row["findings"]), review=row["review"] or "待审",
                   comment=row["comment"] or "", reviewer=row["reviewer"] or "", origin=row["origin"])


def unit_folder(unit: str) -> str:
    """A unit id as a folder or file name: ids are short ASCII (docs/workspace.md); anything else is hashed."""
    return unit if _SAFE_ID.match(unit) else "u-" + hashlib.sha256(unit.encode("utf-8")).hexdigest()[:16]


class Versions:
    """Versions of every unit of one workspace."""

    def __init__(self, store: Store, root: Path, review_required: Callable[[], bool] = lambda: False) -> None:
        self.store = store
        self.root = root
        self.review_required = review_required
        self.kept = portal_dir(root) / "versions"
        self.checking = portal_dir(root) / "check"
        self.counted_dir = root / "submissions" / "portal"
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()

    def _lock(self, unit: str) -> threading.Lock:
        with self._locks_lock:
            return self._locks[unit]

    def _inside(self, path: Path) -> Path:
        """Every path this class writes, checked to be inside the workspace (defence in depth)."""
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise ValueError(f"{path} is outside the workspace")
        return path

    def add(self, ws: Workspace, plan: WorkPlan | None, unit: str, upload: Upload, by: str) -> Version:
        """Validate the upload as the unit's file, keep it as the unit's next version, and return it."""
        with self._lock(unit):
            folder = self._inside(self.checking / unit_folder(unit))
            folder.mkdir(parents=True, exist_ok=True)
            checked = folder / f"{unit_folder(unit)}{upload.suffix}"
            _write_atomic(folder, checked, upload.data)
            findings = [f.model_dump(mode="json") for f in check_file(ws, plan, checked, unit, upload.name)]
            errors = sum(f["severity"] == "error" for f in findings)
            return self._keep(unit, upload, by, findings, errors)

    def record_office(self, checked: Checked) -> None:
        """Each file in submissions/ (outside the portal's copies) that a unit's result names, as the office's
        version of that unit when its content is new."""
        copies = self.counted_dir.relative_to(self.root).as_posix() + "/"
        known = {(r["unit"], r["origin"], r["sha256"]) for r in self.store.rows(
            "SELECT unit, origin, sha256 FROM versions WHERE origin != ''")}
        for unit, result in checked.report.units.items():
            for name in result.files:
                path = self.root / name
                if name.startswith(copies) or not path.is_file():
                    continue
                data = path.read_bytes()
                upload = Upload(name=path.name, suffix=path.suffix.lower(), data=data,
                                sha256=hashlib.sha256(data).hexdigest())
                if (unit, name, upload.sha256) not in known:
                    findings = [f.model_dump(mode="json") for f in result.findings if f.file == name]
                    errors = sum(f["severity"] == "error" for f in findings)
                    with self._lock(unit):
                        self._keep(unit, upload, "办公室（放入 submissions/）", findings, errors, origin=name)

    def _keep(self, unit: str, upload: Upload, by: str, findings: list[dict], errors: int,
              origin: str = "") -> Version:
        with self.store.write() as db:
            number = db.execute("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE unit = ?",
                                (unit,)).fetchone()[0]
            stored = f"{number:04d}-{upload.sha256[:8]}-{upload.stored_part}"
            target = self._inside(self.kept / unit_folder(unit) / stored)
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_once(target, upload.data)
            db.execute(
                "INSERT INTO versions (unit, number, uploaded_at, uploaded_by, original_name, stored_name, size, "
                "sha256, errors, warnings, findings, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (unit, number, self.store.now(), by, upload.name, stored, len(upload.data), upload.sha256, errors,
                 len(findings) - errors, json.dumps(findings, ensure_ascii=False), origin))
            self.store.audit(by, "upload", unit=unit, sha256=upload.sha256, db=db,
                             detail=f"第{number}版「{upload.name}」，错误 {errors} 处，警告 {len(findings) - errors} 处")
        found = self.get(unit, number)
        assert found is not None
        return found

    def history(self, unit: str) -> list[Version]:
        """The unit's versions, newest first, each with its latest review."""
        return [_version(dict(r)) for r in self.store.rows(
            f"{VERSION_SQL} WHERE v.unit = ? ORDER BY v.number DESC", unit)]

    def get(self, unit: str, number: int) -> Version | None:
        row = self.store.row(f"{VERSION_SQL} WHERE v.unit = ? AND v.number = ?", unit, number)
        return _version(dict(row)) if row else None

    def by_id(self, version_id: int) -> Version | None:
        row = self.store.row(f"{VERSION_SQL} WHERE v.id = ?", version_id)
        return _version(dict(row)) if row else None

    def _counts(self, version: Version) -> bool:
        """Whether a version may count: an upload without errors (and approved, when review is required)."""
        return version.valid and not version.origin and (version.review == "通过" or not self.review_required())

    def summary(self) -> dict[str, tuple[Version, tuple[int, ...], int]]:
        """Per unit with versions: (latest version, the counted versions' numbers, number of versions)."""
        candidates: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row in self.store.rows(f"{VERSION_SQL} WHERE v.errors = 0 AND v.origin = ''"):
            if self._counts(version := _version(dict(row))):
                candidates[version.unit].append((version.number, version.stored_name))
        rows = self.store.rows(f"{VERSION_SQL} WHERE v.number = (SELECT max(number) FROM versions w "
                               "WHERE w.unit = v.unit)")
        return {r["unit"]: (_version(dict(r)), counted_numbers(candidates[r["unit"]]), r["number"]) for r in rows}

    def counted(self, unit: str) -> list[Version]:
        """The versions that count (see `counted_numbers` and `_counts`)."""
        versions = [v for v in self.history(unit) if self._counts(v)]
        numbers = counted_numbers((v.number, v.stored_name) for v in versions)
        return [v for v in versions if v.number in numbers]

    def file(self, version: Version) -> Path:
        return self.kept / unit_folder(version.unit) / version.stored_name

    def sync(self, unit: str) -> None:
        """Make submissions/portal/<unit>.<ext> the unit's counted versions (none when none counts)."""
        with self._lock(unit):
            name = unit_folder(unit)
            wanted = {self.counted_dir / f"{name}{v.suffix}": v for v in self.counted(unit)}
            for path in self.counted_dir.glob(f"{name}.*"):
                if path not in wanted and path.stem == name and path.suffix.lower() in ALLOWED:
                    path.unlink()
            for target, version in wanted.items():
                if _sha256(target) == version.sha256:
                    continue
                self.counted_dir.mkdir(parents=True, exist_ok=True)
                temporary = self._inside(self.checking / name / "counted.tmp")
                shutil.copyfile(self.file(version), temporary)
                stamp = version.uploaded_at.timestamp()
                os.utime(temporary, (stamp, stamp))  # received_at of a table is its file's time: the upload's
                os.replace(temporary, self._inside(target))

    def sync_all(self) -> None:
        for row in self.store.rows("SELECT DISTINCT unit FROM versions"):
            self.sync(row["unit"])


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _write_once(target: Path, data: bytes) -> None:
    """Create `target`; never replace a file, except the same bytes left by an upload that did not commit."""
    try:
        with target.open("xb") as fh:
            fh.write(data)
    except FileExistsError:
        if target.read_bytes() != data:
            raise


def _write_atomic(folder: Path, target: Path, data: bytes) -> None:
    temporary = folder / f".{os.getpid()}-{threading.get_ident()}.part"
    temporary.write_bytes(data)
    os.replace(temporary, target)
