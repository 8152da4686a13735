"""``objstore-tui`` and ``python -m objstore_tui``: choose the store from flags, profiles or the environment."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from objstore_tui import __version__
from objstore_tui.object_store import (
    ConfigurationError,
    Framework,
    ObjectStoreConfiguration,
    ObjectStoreError,
    get_config,
)
from objstore_tui.object_store.utils import config_from_env
from objstore_tui.object_store.validation import validate_bucket_name
from objstore_tui.services.demo import build_demo
from objstore_tui.services.location import Location
from objstore_tui.services.profiles import find_profile
from objstore_tui.tui.app import ObjstoreApp, StoreTarget
from objstore_tui.tui.widgets.preview_widgets import prepare_terminal_graphics


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="objstore-tui",
        description="Browse S3-compatible object storage (MinIO, AWS S3, a local folder) in the terminal.",
        epilog=(
            "Without flags the store comes from OBJSTORE_* variables, else the default profile of the config "
            "file, else a local folder. Keys are never given as flags: set OBJSTORE_ACCESS_KEY and "
            "OBJSTORE_SECRET_KEY, or use a profile (this app's, a MinIO client alias 'mc:NAME', or an AWS "
            "profile 'aws:NAME')."
        ),
    )
    parser.add_argument("--profile", metavar="NAME", help="open this profile (press p in the app to list them)")
    parser.add_argument("--endpoint", metavar="URL", help="server address, e.g. http://localhost:9000")
    parser.add_argument(
        "--framework", choices=[framework.value for framework in Framework], help="SDK to talk to the store with"
    )
    parser.add_argument("--bucket", metavar="BUCKET[/PREFIX]", help="open at this bucket and folder")
    parser.add_argument("--read-only", action="store_true", help="hide and refuse every action that writes")
    parser.add_argument("--demo", action="store_true", help="browse generated sample data; needs no server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def resolve_target(
    args: argparse.Namespace, environ: Mapping[str, str], demo_folder: Path | None = None
) -> StoreTarget:
    """The store the flags ask for; raises ValueError (ConfigurationError) naming what is wrong."""
    framework = args.framework
    if args.endpoint:
        _refuse_credentials_in(args.endpoint)
        if not framework and not args.profile and demo_folder is None:
            framework = infer_framework(args.endpoint, environ.get("OBJSTORE_FRAMEWORK"))
    if demo_folder is not None:
        config = build_demo(demo_folder)
        profile, description = "demo", "local · generated sample data"
    elif args.profile:
        found = find_profile(args.profile, environ)
        assert found.config is not None
        config, profile, description = found.config, found.name, None
    elif framework:
        overrides = {"OBJSTORE_FRAMEWORK": framework, "OBJSTORE_ENDPOINT": args.endpoint or ""}
        from_env = config_from_env({**environ, **overrides})
        assert from_env is not None  # None only without OBJSTORE_FRAMEWORK, which the overrides set
        config = from_env
        profile, description = None, None
    else:
        config = get_config(environ)
        profile, description = environ.get("OBJSTORE_PROFILE") or None, None
    config = _with_overrides(config, framework, args.endpoint)
    start = Location.parse(args.bucket) if args.bucket else None
    if start is not None:
        validate_bucket_name(start.bucket)
    return StoreTarget(config, profile, start, description)


_HOST_AND_PORT = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}")


def infer_framework(endpoint: str, configured: str | None) -> str:
    """The SDK ``--endpoint`` calls for when --framework is not given: never a URL opened as a local folder.

    An http(s) URL or host:port is an S3 server: the configured S3 framework, else boto3 for AWS, else minio.
    Anything else is a local folder. Another URL scheme is refused.
    """
    parts = urlsplit(endpoint)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
    elif _HOST_AND_PORT.fullmatch(endpoint):
        host = endpoint.rpartition(":")[0]
    elif "://" in endpoint:
        raise ConfigurationError(
            f"--endpoint {parts.scheme}://… is neither an S3 server (http:// or https://, or host:port) "
            "nor a local folder; give --framework to say which it is"
        )
    else:
        return Framework.LOCAL.value
    if configured in (Framework.MINIO.value, Framework.BOTO3.value):
        return configured
    return Framework.BOTO3.value if host.endswith("amazonaws.com") else Framework.MINIO.value


def _refuse_credentials_in(endpoint: str) -> None:
    parts = urlsplit(endpoint if "://" in endpoint else f"//{endpoint}")
    if parts.username or parts.password:
        raise ConfigurationError(
            "--endpoint must not carry credentials: set OBJSTORE_ACCESS_KEY and OBJSTORE_SECRET_KEY instead"
        )


def _with_overrides(
    config: ObjectStoreConfiguration, framework: str | None, endpoint: str | None
) -> ObjectStoreConfiguration:
    if not framework and not endpoint:
        return config
    data = config.model_dump()
    if framework:
        data["framework"] = framework
    if endpoint:
        data["connection"]["endpoint"] = endpoint
    return ObjectStoreConfiguration.parse(data)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    demo_folder = Path(tempfile.mkdtemp(prefix="objstore-tui-demo-")) if args.demo else None
    app: ObjstoreApp | None = None
    with removed_at_exit(demo_folder, lambda: app):
        try:
            target, error = resolve_target(args, os.environ, demo_folder), None
        except (ValueError, ObjectStoreError) as exc:
            target, error = None, exc
        prepare_terminal_graphics()
        app = ObjstoreApp(target, startup_error=error, read_only=args.read_only)
        app.run()
    return app.return_code or 0


@contextlib.contextmanager
def removed_at_exit(folder: Path | None, running_app: Callable[[], ObjstoreApp | None]) -> Iterator[None]:
    """Remove ``folder`` when the block ends, also on SIGHUP (the SSH session closed) or SIGTERM.

    The signal asks the running app to exit, so the terminal is restored and the block ends normally; before the
    app runs, it ends the block at once. ``atexit`` covers an exit that skips the block's end.
    """
    if folder is None:
        yield
        return
    remove = partial(shutil.rmtree, folder, ignore_errors=True)

    def on_signal(signum: int, _frame: object) -> None:
        app = running_app()
        if app is not None and app.is_running:
            app.exit(return_code=128 + signum)
        else:
            raise SystemExit(128 + signum)

    atexit.register(remove)
    previous = {signum: signal.signal(signum, on_signal) for signum in (signal.SIGHUP, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        remove()
        atexit.unregister(remove)


if __name__ == "__main__":
    sys.exit(main())
