"""The folder where several worker processes share their metrics."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare_metrics_folder() -> Path:
    """Point ``PROMETHEUS_MULTIPROC_DIR`` at an empty folder before any worker starts.

    A configured folder is emptied of a previous run's files (they would be summed into this
    run's figures); without one, a temporary folder is made and removed at exit.
    """
    configured = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
    else:
        folder = Path(tempfile.mkdtemp(prefix="conduit-metrics-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ[MULTIPROCESS_DIR_VARIABLE] = str(folder)
    return folder
