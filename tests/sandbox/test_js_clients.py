"""Two JavaScript Discogs clients written for the real API (disconnect 1.2.2 and
@lionralfs/discogs-client 4.1.4, which speak only HTTPS) against ``sandbox serve --tls``,
changing only host and port and trusting the certificate through NODE_EXTRA_CA_CERTS.

``.ci/run`` installs them into ``tests/js/node_modules`` (``npm ci``); without node or them,
this test is skipped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from discogs_tui.sandbox.config import DEMO_TOKEN
from discogs_tui.sandbox.tls import sandbox_tls_files
from tests.conftest import roomy_config
from tests.loopback import serve

JS = Path(__file__).resolve().parents[1] / "js"
pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.skipif(
        not (JS / "node_modules" / "disconnect").is_dir(),
        reason="the JavaScript clients are not installed (cd tests/js && npm ci)",
    ),
]


def test_javascript_clients_round_trips_over_https(tmp_path):
    tls = sandbox_tls_files(tmp_path)
    with serve(roomy_config(), tls=tls) as base:
        address = urlsplit(base)
        result = subprocess.run(
            ["node", "round_trips.mjs", address.hostname, str(address.port), DEMO_TOKEN],
            cwd=JS,
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(tls.trust)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    checks = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    failed = [check for check in checks if not check["ok"]]
    assert not failed, failed
    assert {c["client"] for c in checks} == {"disconnect", "@lionralfs/discogs-client"}
    assert len(checks) >= 10 and result.returncode == 0, result.stderr
