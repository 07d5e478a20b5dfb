"""The service layer and the sandbox never import Textual (design.md, convention 1)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import importlib, pkgutil, sys
package = importlib.import_module({package!r})
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
if {package!r} == "discogs_tui.sandbox":
    package.create_app()  # building the world imports everything the sandbox uses
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "textual")))
"""


@pytest.mark.parametrize("package", ["discogs_tui.api", "discogs_tui.sandbox"])
def test_package_imports_without_textual(package):
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(package=package)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_cli_help_does_not_import_the_world():
    code = "import sys; from discogs_tui import cli; print(','.join(m for m in ('textual', 'httpx', 'starlette', 'authlib') if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
