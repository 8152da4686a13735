"""Profiles from this app's TOML, MinIO client aliases and AWS files; secrets never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from objstore_tui.object_store import ConfigurationError, Framework
from objstore_tui.services.profiles import discover_profiles, find_profile


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / ".mc").mkdir()
    (tmp_path / ".mc" / "config.json").write_text(
        json.dumps(
            {
                "version": "10",
                "aliases": {
                    "local": {"url": "http://localhost:9000", "accessKey": "minio", "secretKey": "minio-secret-1"},
                    "play": {"url": "https://play.min.io", "accessKey": "YOUR-ACCESS-KEY-HERE", "secretKey": "x"},
                },
            }
        )
    )
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text(
        "[default]\nregion = eu-west-1\n\n[profile dev]\nregion = us-east-2\nendpoint_url = http://127.0.0.1:4566\n"
        "\n[profile sso]\nsso_session = corp\n\n[sso-session corp]\nsso_region = us-east-1\n"
    )
    (tmp_path / ".aws" / "credentials").write_text(
        "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = aws-secret-2\n\n"
        "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = aws-secret-3\n"
    )
    return tmp_path


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    config = tmp_path / "objstore.toml"
    config.write_text(
        'default = "minio-dev"\n'
        "[profiles.minio-dev]\n"
        'framework = "minio"\n'
        'connection = { endpoint = "localhost:9000", access_key = "k", secret_key = "toml-secret-4", secure = false }\n'
        "[profiles.broken]\n"
        'framework = "minio"\n'
    )
    return {"OBJSTORE_CONFIG": str(config)}


def test_every_source_is_found(home: Path, environ: dict[str, str]) -> None:
    profiles = {profile.name: profile for profile in discover_profiles(environ, home)}
    assert set(profiles) == {"minio-dev", "broken", "mc:local", "aws:default", "aws:dev", "aws:sso"}
    assert profiles["minio-dev"].is_default
    assert profiles["broken"].config is None and "endpoint" in (profiles["broken"].problem or "")

    local = profiles["mc:local"].config
    assert local is not None and local.framework is Framework.MINIO
    assert local.connection.endpoint == "localhost:9000" and not local.connection.secure

    dev = profiles["aws:dev"].config
    assert dev is not None and dev.framework is Framework.BOTO3
    assert dev.connection.region == "us-east-2" and dev.connection.endpoint == "127.0.0.1:4566"
    assert (dev.connection.profile, dev.connection.access_key, dev.connection.secret_key) == ("dev", None, None)
    default = profiles["aws:default"].config
    assert default is not None and default.connection.region == "eu-west-1" and default.connection.endpoint is None
    sso = profiles["aws:sso"].config
    assert sso is not None and sso.connection.profile == "sso" and sso.framework is Framework.BOTO3


def test_secrets_are_never_in_what_is_shown(home: Path, environ: dict[str, str]) -> None:
    for profile in discover_profiles(environ, home):
        shown = f"{profile.name} {profile.source} {profile.summary} {profile.problem} {profile!r}"
        for secret in ("minio-secret-1", "aws-secret-2", "aws-secret-3", "toml-secret-4"):
            assert secret not in shown


def test_find_profile_names_the_known_ones(home: Path, environ: dict[str, str]) -> None:
    assert find_profile("mc:local", environ, home).name == "mc:local"
    with pytest.raises(ConfigurationError, match="known profiles: minio-dev, broken, mc:local"):
        find_profile("nope", environ, home)
    with pytest.raises(ConfigurationError, match="broken"):
        find_profile("broken", environ, home)


def test_missing_files_mean_no_profiles(tmp_path: Path) -> None:
    assert discover_profiles({"OBJSTORE_CONFIG": str(tmp_path / "none.toml")}, tmp_path) == []


def test_unreadable_files_become_one_entry_with_the_problem(tmp_path: Path) -> None:
    (tmp_path / ".mc").mkdir()
    (tmp_path / ".mc" / "config.json").write_text("{not json")
    (tmp_path / "bad.toml").write_text("profiles = [")
    profiles = discover_profiles({"OBJSTORE_CONFIG": str(tmp_path / "bad.toml")}, tmp_path)
    assert [(profile.name, profile.config) for profile in profiles] == [("bad.toml", None), ("mc", None)]
