"""A real S3 server for the live tests: a throwaway one-node Ceph cluster with its RADOS Gateway on 127.0.0.1.

One monitor, one memstore OSD (objects in RAM), no cephx, pools of size 1, and radosgw's beast frontend on a free
port; every file (config, data, logs, PID files, admin sockets) lives under one folder given by the caller. The
daemons fork themselves and write PID files there; a PID counts as ours only while its command line names our
config file, so a stale PID file never stops a stranger.

    python -m tests.ceph_server install            apt-get the Debian packages when missing (exit 3 if it cannot)
    python -m tests.ceph_server start FOLDER       create the cluster, start it, print OBJSTORE_TEST_* lines
    python -m tests.ceph_server stop FOLDER        stop exactly the daemons started there

Debian bookworm packages: ceph-mon ceph-osd radosgw ceph-common. Settings that matter: ``auth = none`` needs
``ms mon client mode = crc`` for radosgw (its defaults ask for a secure mon connection); memstore needs
``osd fast shutdown = false`` to stop cleanly; ``tcp_nodelay=1`` on beast, else every small reply waits ~40 ms for
a delayed ACK on loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.s3_server import free_port

ACCESS_KEY = "objstore-live"
SECRET_KEY = "objstore-live-secret"
PACKAGES = {"ceph-mon": "ceph-mon", "ceph-osd": "ceph-osd", "radosgw": "radosgw", "ceph": "ceph-common"}
CANNOT_INSTALL = 3
DAEMONS = ("client.rgw.a", "osd.0", "mon.a")  # in stop order


class CephError(RuntimeError):
    """The cluster could not be created or started; the message names the log to read."""


def missing_packages() -> list[str]:
    return [package for command, package in PACKAGES.items() if shutil.which(command) is None]


def install() -> bool:
    """Install the missing packages with apt-get (as root, or through password-less sudo); False if impossible."""
    missing = missing_packages()
    if not missing:
        return True
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if (prefix and shutil.which("sudo") is None) or shutil.which("apt-get") is None:
        print(f"cannot install {' '.join(missing)}: no apt-get, or not root and no sudo", file=sys.stderr)
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]]
    for step in steps:
        result = subprocess.run([*prefix, *step], env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"{' '.join(step[:2])} failed ({result.returncode}):\n{result.stderr[-2000:]}", file=sys.stderr)
            return False
    return not missing_packages()


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise CephError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)


@dataclass
class CephCluster:
    """The cluster whose files live under ``base``; ports are chosen at creation and kept in its config."""

    base: Path

    @property
    def conf(self) -> Path:
        return self.base / "ceph.conf"

    @property
    def run_dir(self) -> Path:
        return self.base / "run"

    @property
    def log_dir(self) -> Path:
        return self.base / "log"

    @property
    def port(self) -> int:
        return int((self.base / "rgw.port").read_text())

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> CephCluster:
        """Create the cluster on first use, then start monitor, OSD and gateway and wait until S3 answers."""
        try:
            if not (self.base / "created").exists():
                self._create()
            self._start_daemon("mon.a", "ceph-mon", "-i", "a")
            self._wait_for("mon.a", self._mon_answers, 60, "the monitor to answer")
            self._start_daemon("osd.0", "ceph-osd", "-i", "0")
            self._wait_for("osd.0", self._osd_up, 120, "osd.0 to be up and in")
            frontend = f"beast endpoint=127.0.0.1:{self.port} tcp_nodelay=1"
            self._start_daemon("client.rgw.a", "radosgw", "-n", "client.rgw.a", "--rgw-frontends", frontend)
            self._wait_for("client.rgw.a", self._s3_answers, 180, f"radosgw to answer on {self.endpoint}")
            self._create_user()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the daemons started here, gateway first; the memstore OSD writes its objects out on the way."""
        for name in DAEMONS:
            self._stop_daemon(name)

    def _create(self) -> None:
        for folder in (self.run_dir, self.log_dir, self.base / "mon" / "ceph-a", self.base / "osd" / "ceph-0"):
            folder.mkdir(parents=True, exist_ok=True)
        fsid = str(uuid.uuid4())
        mon_addrs = f"[v2:127.0.0.1:{free_port()},v1:127.0.0.1:{free_port()}]"
        (self.base / "rgw.port").write_text(str(free_port()))
        self.conf.write_text(self._config(fsid, mon_addrs))
        monmap = self.base / "monmap"
        self._run("monmaptool", "--create", "--fsid", fsid, "--addv", "a", mon_addrs, str(monmap), conf=False)
        self._run("ceph-mon", "--mkfs", "-i", "a", "--monmap", str(monmap))
        self._start_daemon("mon.a", "ceph-mon", "-i", "a")
        self._wait_for("mon.a", self._mon_answers, 60, "the monitor to answer")
        osd_uuid = str(uuid.uuid4())
        osd_id = self._ceph("osd", "new", osd_uuid).strip()
        if osd_id != "0":
            raise CephError(f"expected osd id 0, got {osd_id!r}")
        self._run("ceph-osd", "-i", "0", "--mkfs", "--osd-uuid", osd_uuid)
        (self.base / "created").touch()

    def _config(self, fsid: str, mon_addrs: str) -> str:
        base, run, log = self.base, self.run_dir, self.log_dir
        return f"""\
# Throwaway one-node test cluster written by tests/ceph_server.py; everything binds to 127.0.0.1.
[global]
fsid = {fsid}
mon host = {mon_addrs}
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv4 = true
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
run dir = {run}
admin socket = {run}/$name.asok
pid file = {run}/$name.pid
log file = {log}/$name.log
crash dir = {base}/crash
log to stderr = false
err to stderr = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
mon data avail warn = 2
mon data avail crit = 1

[mon]
mon data = {base}/mon/$cluster-$id
mon cluster log file = {log}/cluster.log

[osd]
osd data = {base}/osd/$cluster-$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd fast shutdown = false
osd crush initial weight = 1
osd crush update on start = true

[client.rgw.a]
ms mon client mode = crc
rgw data = {base}/rgw
rgw gc obj min wait = 300
rgw gc processor period = 300
"""

    def _run(self, *command: str, conf: bool = True, timeout: float = 60) -> str:
        args = [*command, "-c", str(self.conf)] if conf else list(command)
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0:
            raise CephError(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()[-1500:]}")
        return result.stdout

    def _ceph(self, *command: str) -> str:
        return self._run("ceph", "--connect-timeout", "10", *command, timeout=30)

    def _wait_for(self, name: str, condition: Callable[[], bool], seconds: float, what: str) -> None:
        """Wait for ``condition``, giving up at once if the daemon it depends on has exited."""

        def met() -> bool:
            if self._pid(name) is None:
                raise CephError(f"{name} exited while waiting for {what}; see {self.log_dir}/{name}.log")
            return condition()

        wait_until(met, seconds, what)

    def _mon_answers(self) -> bool:
        return self._quietly(lambda: self._ceph("mon", "stat"))

    def _osd_up(self) -> bool:
        osds = json.loads(self._ceph("osd", "dump", "-f", "json"))["osds"]
        return any(osd["osd"] == 0 and osd["up"] and osd["in"] for osd in osds)

    def _s3_answers(self) -> bool:
        return self._quietly(lambda: urllib.request.urlopen(f"http://{self.endpoint}/", timeout=5).close())

    @staticmethod
    def _quietly(probe: Callable[[], object]) -> bool:
        try:
            probe()
        except (CephError, OSError, subprocess.TimeoutExpired):
            return False
        return True

    def _create_user(self) -> None:
        user = ["radosgw-admin", "user"]
        if not self._quietly(lambda: self._run(*user, "info", "--uid", ACCESS_KEY)):
            self._run(*user, "create", "--uid", ACCESS_KEY, "--display-name", "objstore-tui live tests",
                      "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY)  # fmt: skip

    def _pid(self, name: str) -> int | None:
        """The PID in ``name``'s PID file while that process still runs with our config file."""
        try:
            pid = int((self.run_dir / f"{name}.pid").read_text())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return None
        return pid if os.fsencode(self.conf) in cmdline else None

    def _start_daemon(self, name: str, *command: str) -> None:
        """Start a daemon unless it runs; it forks itself and writes its PID file once it is up."""
        if self._pid(name) is not None:
            return
        (self.run_dir / f"{name}.pid").unlink(missing_ok=True)
        with (self.log_dir / f"{name}.stdout").open("ab") as out:
            started = subprocess.run([*command, "-c", str(self.conf)], stdout=out, stderr=out, check=False)
        if started.returncode != 0:
            raise CephError(f"{name} failed to start ({started.returncode}); see {self.log_dir}/{name}.log")
        wait_until(lambda: self._pid(name) is not None, 10, f"{name} to write its PID file")

    def _stop_daemon(self, name: str, seconds: float = 60) -> None:
        pid = self._pid(name)
        if pid is not None:
            os.kill(pid, 15)
            try:
                wait_until(lambda: self._pid(name) is None, seconds, f"{name} (pid {pid}) to stop")
            except CephError:
                print(f"{name} (pid {pid}) did not stop within {seconds:.0f} s; killing it", file=sys.stderr)
                os.kill(pid, 9)
        (self.run_dir / f"{name}.pid").unlink(missing_ok=True)


def print_log_tails(log_dir: Path, lines: int = 15) -> None:
    """The end of every daemon's log, so a CI failure can be read after the folder is gone."""
    for log in sorted(log_dir.glob("*")):
        tail = log.read_text(errors="replace").splitlines()[-lines:]
        if tail:
            print(f"--- {log.name} (last {len(tail)} lines)", *tail, sep="\n", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ceph_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["install", "start", "stop"])
    parser.add_argument("folder", nargs="?", type=Path, help="where the cluster keeps every file (start, stop)")
    args = parser.parse_args(argv)
    if args.command == "install":
        return 0 if install() else CANNOT_INSTALL
    if args.folder is None:
        parser.error(f"{args.command} needs the cluster's folder")
    cluster = CephCluster(args.folder.resolve())
    if args.command == "stop":
        cluster.stop()
        return 0
    try:
        cluster.start()
    except (CephError, subprocess.TimeoutExpired) as exc:
        print(f"ceph: {exc}", file=sys.stderr)
        print_log_tails(cluster.log_dir)
        return 1
    print(f"OBJSTORE_TEST_ENDPOINT={cluster.endpoint}")
    print(f"OBJSTORE_TEST_ACCESS_KEY={ACCESS_KEY}")
    print(f"OBJSTORE_TEST_SECRET_KEY={SECRET_KEY}")
    print("OBJSTORE_TEST_SECURE=false")
    return 0


if __name__ == "__main__":
    sys.exit(main())
