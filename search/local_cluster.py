"""Local OpenSearch nodes for tests, benchmarks and trying the cluster backend.

The nodes are started by ``tools/opensearch/start.sh`` from Maven Central
artifacts (no Docker, no download at run time beyond the first Maven resolve
into ``.cache/``), each a JVM of its own on free loopback ports. They stop with
the Python process that started them, or by :meth:`LocalCluster.stop`; a node is
stopped alone, the hard way, by :meth:`LocalCluster.kill_node` (failover tests).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from lexdesk.errors import InfrastructureError

logger = logging.getLogger(__name__)

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "opensearch"
# Seconds for the first start: Maven resolves about 60 MB once, then a node
# starts in a few seconds.
START_TIMEOUT = 420
# Tools the start script needs.
REQUIRED_TOOLS = ("java", "javac", "mvn")


@dataclass(frozen=True)
class LocalNode:
    """One started node.

    Attributes:
        name: node name (``node-0`` …).
        pid: its JVM's process id.
        http_port: the loopback port of its HTTP API.
        transport_port: the loopback port nodes talk to each other on.
    """

    name: str
    pid: int
    http_port: int
    transport_port: int

    @property
    def url(self) -> str:
        """The node's HTTP URL."""
        return f"http://127.0.0.1:{self.http_port}"


def missing_tools() -> list[str]:
    """Return the tools the start script needs that are not on PATH."""
    return [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]


class LocalCluster:
    """Nodes started by ``start.sh`` in one folder; a context manager stops them."""

    def __init__(self, folder: Path, nodes: tuple[LocalNode, ...]) -> None:
        self.folder = folder
        self.nodes = nodes

    @classmethod
    def start(cls, folder: Path, *, nodes: int = 1, heap: str = "1g") -> LocalCluster:
        """Start ``nodes`` nodes keeping their data in ``folder``; wait for green.

        Raises:
            InfrastructureError: a tool is missing, or the cluster did not become
                green (the script's last log lines are in the message).
        """
        missing = missing_tools()
        if missing:
            raise InfrastructureError(
                f"cannot start OpenSearch: {', '.join(missing)} not installed",
                user_message=(
                    f"Не удалось запустить OpenSearch: не установлены {', '.join(missing)}."
                ),
            )
        command = [
            str(TOOLS / "start.sh"),
            "--nodes",
            str(nodes),
            "--dir",
            str(folder),
            "--parent",
            str(os.getpid()),
            "--heap",
            heap,
        ]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            subprocess.run([str(TOOLS / "stop.sh"), str(folder)], check=False)
            raise InfrastructureError(
                f"OpenSearch did not start in {START_TIMEOUT} s",
                user_message=f"OpenSearch не запустился за {START_TIMEOUT} с.",
            ) from error
        if done.returncode != 0:
            tail = done.stderr.strip()[-2000:]
            raise InfrastructureError(
                f"start.sh failed with {done.returncode}: {tail}",
                user_message=f"Не удалось запустить OpenSearch: {tail[-300:]}",
            )
        cluster = cls(folder, _read_nodes(folder / "nodes.tsv"))
        logger.info(
            "started %d OpenSearch nodes in %.1f s: %s",
            nodes,
            time.monotonic() - started,
            ",".join(cluster.urls),
        )
        return cluster

    @property
    def urls(self) -> tuple[str, ...]:
        """HTTP URLs of all nodes, running or not."""
        return tuple(node.url for node in self.nodes)

    def kill_node(self, index: int) -> None:
        """Stop one node at once (SIGKILL), as a crashed machine would."""
        node = self.nodes[index]
        try:
            os.kill(node.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        _wait_gone(node.pid)
        logger.info("killed %s (pid %d)", node.name, node.pid)

    def stop(self) -> None:
        """Stop every node (SIGTERM, then SIGKILL after 15 s)."""
        subprocess.run(
            [str(TOOLS / "stop.sh"), str(self.folder)], check=False, timeout=60
        )

    def __enter__(self) -> LocalCluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _read_nodes(path: Path) -> tuple[LocalNode, ...]:
    nodes = []
    for line in path.read_text().splitlines():
        name, pid, http_port, transport_port = line.split("\t")
        nodes.append(LocalNode(name, int(pid), int(http_port), int(transport_port)))
    return tuple(nodes)


def _wait_gone(pid: int) -> None:
    """Wait until a killed process is reaped (it is not our child: poll)."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
