"""Where a store's configuration comes from when none is given: environment, profile file, embedded default."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

from .configurations import Framework, ObjectStoreConfiguration
from .errors import ConfigurationError

APP_NAME = "objstore-tui"
_ENV_CONNECTION_FIELDS = {
    "OBJSTORE_ENDPOINT": "endpoint",
    "OBJSTORE_ACCESS_KEY": "access_key",
    "OBJSTORE_SECRET_KEY": "secret_key",
    "OBJSTORE_SECURE": "secure",
    "OBJSTORE_REGION": "region",
    "OBJSTORE_SESSION_TOKEN": "session_token",
}


def default_config_file() -> Path:
    return user_config_path(APP_NAME) / "config.toml"


def config_file(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    return Path(environ["OBJSTORE_CONFIG"]).expanduser() if environ.get("OBJSTORE_CONFIG") else default_config_file()


def default_local_folder() -> Path:
    return user_data_path(APP_NAME) / "buckets"


def embedded_default() -> ObjectStoreConfiguration:
    """The local backend over a folder in the user's data folder: works with no server at all."""
    folder = default_local_folder()
    return ObjectStoreConfiguration(framework=Framework.LOCAL, connection={"endpoint": str(folder)})


def config_from_env(environ: Mapping[str, str] | None = None) -> ObjectStoreConfiguration | None:
    environ = os.environ if environ is None else environ
    if not environ.get("OBJSTORE_FRAMEWORK"):
        return None
    connection = {field: environ[var] for var, field in _ENV_CONNECTION_FIELDS.items() if environ.get(var)}
    return ObjectStoreConfiguration.parse(
        {
            "framework": environ["OBJSTORE_FRAMEWORK"],
            "root_bucket": environ.get("OBJSTORE_ROOT_BUCKET") or None,
            "connection": connection,
        }
    )


def read_profiles(path: Path) -> dict[str, dict[str, Any]]:
    """The raw profiles of a TOML file: ``[profiles.NAME]`` tables in the shape of the dict configuration.

    A profile may set ``default = true``; a top-level ``default = "NAME"`` names one instead.
    """
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read config file {path}: {exc}") from exc
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict) or not all(isinstance(p, dict) for p in profiles.values()):
        raise ConfigurationError(f"{path}: 'profiles' must be a table of tables, one per profile")
    default = data.get("default")
    result = {}
    for name, profile in profiles.items():
        profile = dict(profile)
        is_default = bool(profile.pop("default", False)) or name == default
        result[name] = {"default": is_default, "config": profile}
    return result


def profile_config(path: Path, name: str | None = None) -> ObjectStoreConfiguration | None:
    """The named profile of ``path`` (else its default one); None when the file has no such profile."""
    profiles = read_profiles(path)
    if not profiles:
        return None
    if name is None:
        chosen = next((n for n, p in profiles.items() if p["default"]), None)
        if chosen is None:
            chosen = next(iter(profiles)) if len(profiles) == 1 else None
        if chosen is None:
            return None
        name = chosen
    if name not in profiles:
        raise ConfigurationError(f"no profile '{name}' in {path}; known: {', '.join(sorted(profiles))}")
    try:
        return ObjectStoreConfiguration.parse(profiles[name]["config"])
    except ConfigurationError as exc:
        raise ConfigurationError(f"profile '{name}' in {path}: {exc}") from None


def get_config(environ: Mapping[str, str] | None = None) -> ObjectStoreConfiguration:
    """First match wins: OBJSTORE_* variables, then a profile from the TOML file, then the embedded default."""
    environ = os.environ if environ is None else environ
    from_env = config_from_env(environ)
    if from_env is not None:
        return from_env
    from_file = profile_config(config_file(environ), environ.get("OBJSTORE_PROFILE") or None)
    if from_file is not None:
        return from_file
    if environ.get("OBJSTORE_PROFILE"):
        raise ConfigurationError(
            f"OBJSTORE_PROFILE={environ['OBJSTORE_PROFILE']} but {config_file(environ)} has no profiles"
        )
    return embedded_default()
