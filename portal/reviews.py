"""Review decisions on a version: 待审 until a reviewer marks it 通过 or 退回修改, with a comment the unit
reads. Decisions are appended, never changed: the last one is the version's state, the others its history.
"""

from __future__ import annotations

from portal.store import Store
from portal.versions import Version

STATES = ("待审", "通过", "退回修改")
MAX_COMMENT = 2000


class ReviewError(ValueError):
    """A refused decision; the message says why, in Chinese."""


def decide(store: Store, version: Version, state: str, comment: str, reviewer: str) -> None:
    comment = comment.strip()
    if state not in STATES:
        raise ReviewError(f"审核结果只能是{'、'.join(STATES)}")
    if state == "退回修改" and not comment:
        raise ReviewError("退回修改时请写明需要修改的内容，单位会看到这段说明")
    if len(comment) > MAX_COMMENT:
        raise ReviewError(f"说明最多 {MAX_COMMENT} 个字")
    with store.write() as db:
        db.execute("INSERT INTO reviews (version_id, state, comment, reviewer, at) VALUES (?, ?, ?, ?, ?)",
                   (version.id, state, comment, reviewer, store.now()))
        store.audit(reviewer, "review", unit=version.unit, sha256=version.sha256, db=db,
                    detail=f"第{version.number}版：{state}" + (f"（{comment}）" if comment else ""))


def history(store: Store, version: Version) -> list[dict[str, str]]:
    return [dict(r) for r in store.rows(
        "SELECT state, comment, reviewer, at FROM reviews WHERE version_id = ? ORDER BY id DESC", version.id)]
