"""Accept or reject every tracked change of a .docx in LibreOffice and save the result as .docx.

Run by the system Python, which has LibreOffice's UNO bridge (Debian: python3-uno), not by the project's venv:
    /usr/bin/python3 tests/lo_revisions.py IN.docx Accept|Reject OUT.docx
LibreOffice runs headless with its own profile, listening on a named pipe, and is ended afterwards.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main(source: str, action: str, target: str) -> None:
    with tempfile.TemporaryDirectory(prefix="annual-report-uno-") as scratch:
        pipe = f"annual-report-{os.getpid()}"
        office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{scratch}/profile", "--headless",
                                   "--norestore", "--invisible", f"--accept=pipe,name={pipe};urp;"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            context = _connect(pipe)
            manager = context.ServiceManager
            desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                                    (_property("Hidden", True),))
            print(document.getRedlines().getCount())  # the tracked changes LibreOffice found
            dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, f".uno:{action}AllTrackedChanges", "", 0, ())
            document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                                (_property("FilterName", "MS Word 2007 XML"),))
            document.close(True)
            with contextlib.suppress(Exception):  # the bridge goes down with the office
                desktop.terminate()
        finally:
            try:
                office.wait(30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
