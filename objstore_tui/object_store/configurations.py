"""Pydantic configuration: what a store connects to and how it moves bytes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from .errors import ConfigurationError

MiB = 1024 * 1024


class Framework(StrEnum):
    MINIO = "minio"
    BOTO3 = "boto3"
    LOCAL = "local"


class ObjectStoreConnectionConfiguration(BaseModel):
    """Where the store is and who we are. For ``local``, ``endpoint`` is a folder whose subfolders are buckets.

    For ``boto3`` the endpoint may be empty (AWS itself) and the keys may be omitted (boto3's own credential
    chain: profiles, environment, instance roles).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    endpoint: str | None = None
    access_key: str | None = None
    secret_key: SecretStr | None = None
    secure: bool = True
    region: str | None = None
    session_token: SecretStr | None = None
    profile: str | None = None
    """boto3 only: a named AWS profile (SSO, roles and credential processes included) instead of keys."""
    connect_timeout: float = Field(default=5.0, gt=0)
    read_timeout: float = Field(default=10.0, gt=0)
    """Seconds one socket read may wait, not a whole request: a long transfer keeps going as long as bytes flow."""
    max_retries: int = Field(default=1, ge=0, le=10)
    """Retries after the first attempt. With the timeouts above, a server that accepts and then stalls is
    reported after about 2 x 10 s, not minutes: the user of an interactive browser hears within ~20 s."""

    @field_validator("endpoint", "access_key", "region", "profile", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _scheme_sets_secure(self) -> Self:
        """Accept 'http://host:port' as well as 'host:port' + secure, as users paste either."""
        endpoint = self.endpoint
        if endpoint and endpoint.startswith(("http://", "https://")):
            scheme, _, rest = endpoint.partition("://")
            object.__setattr__(self, "endpoint", rest.rstrip("/"))
            object.__setattr__(self, "secure", scheme == "https")
        return self

    @model_validator(mode="after")
    def _keys_come_in_pairs(self) -> Self:
        if (self.access_key is None) != (self.secret_key is None):
            raise ValueError("connection.access_key and connection.secret_key must be given together")
        return self

    @property
    def endpoint_url(self) -> str | None:
        """The endpoint with its scheme, as boto3 and plain HTTP clients want it."""
        if not self.endpoint:
            return None
        return f"{'https' if self.secure else 'http'}://{self.endpoint}"


class TransferConfiguration(BaseModel):
    """Multipart settings handed to the SDKs' own transfer machinery."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    multipart_threshold: int = Field(default=16 * MiB, ge=5 * MiB)
    part_size: int = Field(default=16 * MiB, ge=5 * MiB, le=5 * 1024 * MiB)
    max_concurrency: int = Field(default=8, ge=1, le=64)
    download_streams: int = Field(default=1, ge=1, le=64)
    """Parallel ranged GETs for one object of at least two part sizes. One stream is as fast as any split on
    loopback (moto, Ceph RGW); a link that caps each connection's throughput gains from more."""
    obstore_downloads: bool = True
    """Downloads in one stream go through obstore (Rust's object_store), at less than half the SDKs' client CPU
    per object; any failure there is left to the SDK (``adapters/s3_obstore.py``)."""
    obstore_uploads: bool = True
    """Files of up to 1 MiB go up through obstore in one PUT, at a fraction of the SDKs' client CPU per object; any
    failure there is left to the SDK (``adapters/s3_obstore.py``)."""
    verify_max_bytes: int = Field(default=1024 * MiB, ge=0)
    """A move whose copy can be checked neither by MD5 ETags nor by server checksums reads both objects and
    compares their hashes, up to this size; a bigger one keeps its source and raises VerificationError."""
    edit_max_bytes: int = Field(default=50 * MiB, ge=0)
    """The largest object the app opens in an editor (key e): it is downloaded whole to a temp file."""


class ObjectStoreConfiguration(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: Framework
    root_bucket: str | None = None
    connection: ObjectStoreConnectionConfiguration = Field(default_factory=ObjectStoreConnectionConfiguration)
    transfer: TransferConfiguration = Field(default_factory=TransferConfiguration)
    read_only: bool = False

    @field_validator("root_bucket", mode="before")
    @classmethod
    def _blank_bucket_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _endpoint_required(self) -> Self:
        if self.framework in (Framework.MINIO, Framework.LOCAL) and not self.connection.endpoint:
            what = "a folder path" if self.framework is Framework.LOCAL else "host:port"
            raise ValueError(f"connection.endpoint is required for framework '{self.framework}' ({what})")
        return self

    @classmethod
    def parse(cls, data: ObjectStoreConfiguration | dict[str, Any]) -> ObjectStoreConfiguration:
        """Validate a plain dict, raising ConfigurationError that names each bad field."""
        if isinstance(data, cls):
            return data
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'config'}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigurationError(f"invalid object store configuration: {problems}") from None
