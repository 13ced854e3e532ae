"""Deploying templates at start-up, and again whenever a template file changes."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .deploy import Deployer
from .loader import TemplateError

log = logging.getLogger("emulator.templates")


class TemplateWatcher:
    """Deploys each template once the server listens, then redeploys edits.

    Runs in a thread of its own: the deployer is a boto3 client of the server,
    whose event loop must stay free to answer it.
    """

    def __init__(
        self,
        templates: list[Path],
        endpoint_url: str,
        *,
        region: str,
        parameter_overrides: dict[str, str],
        interval_s: float = 1.0,
    ) -> None:
        self.deployers = [
            Deployer(path, endpoint_url, region=region, parameter_overrides=parameter_overrides) for path in templates
        ]
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="template-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        seen: dict[Path, float] = {}
        while not self._stop.is_set():
            for deployer in self.deployers:
                path = deployer.template_path
                try:
                    modified = path.stat().st_mtime
                except OSError:
                    continue
                if seen.get(path) == modified:
                    continue
                redeploy = path in seen
                seen[path] = modified
                self._deploy(deployer, redeploy)
            self._stop.wait(self.interval_s)

    @staticmethod
    def _deploy(deployer: Deployer, redeploy: bool) -> None:
        try:
            result = deployer.deploy()
        except TemplateError as error:
            print(f"Template {deployer.template_path} not deployed: {error}", flush=True)
            return
        except Exception:
            log.exception("deploying %s failed", deployer.template_path)
            return
        if redeploy:
            print(f"Template changed: redeployed {deployer.template_path}", flush=True)
        print(result.report(), flush=True)
