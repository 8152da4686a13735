"""The stores a user can open: this project's TOML profiles, MinIO client aliases and AWS profiles.

Each becomes an ``ObjectStoreConfiguration``; secrets stay inside it as ``SecretStr`` and are never shown.
Names from other tools carry a prefix (``mc:local``, ``aws:prod``) so they cannot clash with ours.
"""

from __future__ import annotations

import configparser
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from objstore_tui.object_store import ConfigurationError, ObjectStoreConfiguration
from objstore_tui.object_store.utils import config_file, read_profiles

MC_PLACEHOLDER_KEY = "YOUR-ACCESS-KEY-HERE"
"""The access key of the aliases mc writes on first run (gcs, play, s3): not a store the user set up."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A named store, or why it cannot be opened (``problem``, with ``config`` None)."""

    name: str
    source: str
    config: ObjectStoreConfiguration | None
    problem: str | None = None
    is_default: bool = False

    @property
    def summary(self) -> str:
        """Framework and endpoint, for lists and the header; never a key."""
        if self.config is None:
            return self.problem or ""
        endpoint = self.config.connection.endpoint or "AWS"
        parts = [self.config.framework.value, endpoint]
        if self.config.connection.region:
            parts.append(self.config.connection.region)
        if self.config.read_only:
            parts.append("read-only")
        return " · ".join(parts)


def discover_profiles(environ: Mapping[str, str] | None = None, home: Path | None = None) -> list[Profile]:
    """Every profile found; a broken file becomes one entry naming its problem rather than an exception."""
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    return [*project_profiles(environ), *mc_profiles(home), *aws_profiles(environ, home)]


def find_profile(name: str, environ: Mapping[str, str] | None = None, home: Path | None = None) -> Profile:
    profiles = discover_profiles(environ, home)
    for profile in profiles:
        if profile.name == name:
            if profile.config is None:
                raise ConfigurationError(f"profile '{name}' ({profile.source}): {profile.problem}")
            return profile
    known = ", ".join(profile.name for profile in profiles) or "none"
    raise ConfigurationError(f"no profile named '{name}'; known profiles: {known}")


def project_profiles(environ: Mapping[str, str]) -> list[Profile]:
    path = config_file(environ)
    source = str(path)
    try:
        raw = read_profiles(path)
    except ConfigurationError as exc:
        return [Profile(path.name, source, None, str(exc))]
    profiles = []
    for name, entry in raw.items():
        try:
            config = ObjectStoreConfiguration.parse(entry["config"])
        except ConfigurationError as exc:
            profiles.append(Profile(name, source, None, str(exc)))
        else:
            profiles.append(Profile(name, source, config, is_default=entry["default"]))
    return profiles


def mc_profiles(home: Path) -> list[Profile]:
    """Aliases from the MinIO client's ``~/.mc/config.json`` (``aliases``, or ``hosts`` in older versions)."""
    path = home / ".mc" / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        return [Profile("mc", str(path), None, f"cannot read {path}: {exc}")]
    aliases = data.get("aliases") or data.get("hosts") or {}
    profiles = []
    for alias, entry in aliases.items():
        if not isinstance(entry, dict) or entry.get("accessKey") == MC_PLACEHOLDER_KEY:
            continue
        connection = {
            "endpoint": entry.get("url"),
            "access_key": entry.get("accessKey"),
            "secret_key": entry.get("secretKey"),
            "session_token": entry.get("sessionToken"),
            "region": entry.get("region"),
        }
        profiles.append(_parsed(f"mc:{alias}", f"mc alias in {path}", "minio", connection))
    return profiles


def aws_profiles(environ: Mapping[str, str], home: Path) -> list[Profile]:
    """Profiles from ``~/.aws/config`` and ``~/.aws/credentials`` (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE).

    Each becomes a boto3 store naming the profile, so boto3 resolves its keys, SSO, role or credential process
    itself and no secret is copied out of the AWS files.
    """
    config_path = Path(environ.get("AWS_CONFIG_FILE") or home / ".aws" / "config").expanduser()
    credentials_path = Path(environ.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials").expanduser()
    settings: dict[str, dict[str, str]] = {}
    for path, is_config in ((config_path, True), (credentials_path, False)):
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (OSError, configparser.Error) as exc:
            return [Profile("aws", str(path), None, f"cannot read {path}: {exc}")]
        for section in parser.sections():
            name = section.removeprefix("profile ").strip() if is_config else section.strip()
            if is_config and section != "default" and not section.startswith("profile "):
                continue  # sso-session and services sections
            settings.setdefault(name, {}).update(parser.items(section))
    source = f"AWS profile in {config_path.parent}"
    return [
        _parsed(
            f"aws:{name}",
            source,
            "boto3",
            {"profile": name, "endpoint": values.get("endpoint_url"), "region": values.get("region")},
        )
        for name, values in settings.items()
    ]


def _parsed(name: str, source: str, framework: str, connection: dict[str, Any]) -> Profile:
    data = {"framework": framework, "connection": {k: v for k, v in connection.items() if v}}
    try:
        return Profile(name, source, ObjectStoreConfiguration.parse(data))
    except ConfigurationError as exc:
        return Profile(name, source, None, str(exc))
