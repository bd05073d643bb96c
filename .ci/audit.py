"""Known vulnerabilities in the locked runtime dependencies (``make audit``); exit 1 if any.

pip-audit against ``requirements.lock`` with PyPI's advisory feed: exact pins, so no resolver
and no virtualenv, and ``--strict``, so a dependency that could not be checked fails the audit
instead of passing unaudited.

pip-audit asks PyPI's per-release JSON API (``/pypi/<name>/<version>/json``). Where that API
does not answer (some registry proxies serve only the project pages), the audit falls back to
the project API (``/pypi/<name>/json``), whose ``vulnerabilities`` are those of the latest
release: every pin at its latest release is checked exactly, and the pins behind it are listed
as not audited (``make lock`` moves them up). Network errors are retried, then fail the audit.
"""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
ATTEMPTS = 3


def pins() -> dict[str, str]:
    found = {}
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def get(url: str) -> dict | None:
    """The JSON at ``url``; ``None`` for a 404; retried on network errors."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed https URLs)
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if attempt == ATTEMPTS:
                raise
        except (urllib.error.URLError, TimeoutError):
            if attempt == ATTEMPTS:
                raise
        time.sleep(2 * attempt)
    return None


def pip_audit() -> int:
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement", str(LOCK),
        "--no-deps", "--disable-pip",
        "--vulnerability-service", "pypi",
        "--strict", "--progress-spinner", "off", "--timeout", "30",
    ]  # fmt: skip
    return subprocess.call(command)  # noqa: S603 (our own tool, fixed arguments)


def latest_release_audit(locked: dict[str, str]) -> int:
    vulnerable, behind = [], []
    for name, version in sorted(locked.items()):
        project = get(f"https://pypi.org/pypi/{name}/json")
        if project is None:
            behind.append(f"{name} {version} (not on PyPI)")
            continue
        latest = project["info"]["version"]
        if latest != version:
            behind.append(f"{name} {version} (latest {latest})")
            continue
        for advisory in project.get("vulnerabilities", []):
            if not advisory.get("withdrawn"):
                fixed = ", ".join(advisory.get("fixed_in") or []) or "no fix yet"
                vulnerable.append(f"{name} {version}: {advisory['id']} (fixed in {fixed})")
    audited = len(locked) - len(behind)
    print(f"audited {audited} of {len(locked)} locked packages at their latest release")
    for line in behind:
        print(f"  not audited: {line}")
    for line in vulnerable:
        print(f"  VULNERABLE: {line}")
    return 1 if vulnerable else 0


def main() -> int:
    locked = pins()
    probe_name, probe_version = next(iter(sorted(locked.items())))
    if get(f"https://pypi.org/pypi/{probe_name}/{probe_version}/json") is not None:
        return pip_audit()
    print(
        "PyPI's per-release JSON API does not answer from here (404 for "
        f"{probe_name} {probe_version}); checking the project API's latest-release advisories"
    )
    return latest_release_audit(locked)


if __name__ == "__main__":
    sys.exit(main())
