"""The minio internals the adapter reaches into (adapters/minio_internals.py) are still there, in the shape used.

Each check names what moved, so a minio upgrade that breaks the shim fails here, loudly, rather than as a leaked
thread pool or a misclassified error somewhere in the contract suite.
"""

from __future__ import annotations

import inspect
import tomllib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from minio import Minio
from minio.datatypes import CompleteMultipartUploadResult
from minio.error import InvalidResponseError
from packaging.requirements import Requirement

from objstore_tui.object_store.adapters import minio_internals

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def _parameters(function: Callable[..., object]) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_installed_minio_is_in_the_range_the_shim_is_known_to_work_with() -> None:
    installed = version("minio")
    assert Requirement(f"minio{minio_internals.KNOWN_TO_WORK}").specifier.contains(installed), (
        f"minio {installed} is outside {minio_internals.KNOWN_TO_WORK}, the range adapters/minio_internals.py was"
        " checked against: check each internal it uses, then widen KNOWN_TO_WORK and pyproject.toml"
    )


def test_pyproject_declares_the_same_minio_range_as_the_shim() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    declared = [Requirement(entry) for entry in dependencies if Requirement(entry).name == "minio"]
    assert [str(requirement.specifier) for requirement in declared] == [
        str(Requirement(f"minio{minio_internals.KNOWN_TO_WORK}").specifier)
    ], "pyproject.toml's minio range and minio_internals.KNOWN_TO_WORK differ"


def test_invalid_response_error_keeps_the_http_status_in_code() -> None:
    error = InvalidResponseError(502, "text/html", "<html>bad gateway</html>")
    assert getattr(error, "_code", None) == 502, "InvalidResponseError no longer keeps the HTTP status in _code"
    assert minio_internals.http_status(error) == 502


def test_minio_execute_takes_method_bucket_key_and_query_params() -> None:
    assert callable(getattr(Minio, "_execute", None)), "Minio._execute is gone: delete_object cannot read headers"
    assert _parameters(Minio._execute)[:4] == ["self", "method", "bucket_name", "object_name"], (
        "Minio._execute changed its leading parameters"
    )
    assert "query_params" in _parameters(Minio._execute), "Minio._execute no longer takes query_params"


def test_minio_delete_objects_has_a_verbose_mode() -> None:
    assert callable(getattr(Minio, "_delete_objects", None)), "Minio._delete_objects is gone"
    assert _parameters(Minio._delete_objects)[:4] == ["self", "bucket_name", "delete_object_list", "quiet"], (
        "Minio._delete_objects changed its parameters: the verbose bulk delete needs quiet=False"
    )


def test_the_multipart_steps_take_what_the_adapter_passes() -> None:
    """The bounded-memory multipart upload (minio_multipart) runs minio's own steps one by one."""
    assert _parameters(Minio._create_multipart_upload)[1:] == ["bucket_name", "object_name", "headers"]
    assert _parameters(Minio._upload_part)[1:] == [
        "bucket_name",
        "object_name",
        "data",
        "headers",
        "upload_id",
        "part_number",
    ], "Minio._upload_part changed its parameters"
    assert _parameters(Minio._complete_multipart_upload)[1:5] == ["bucket_name", "object_name", "upload_id", "parts"]
    assert _parameters(Minio._abort_multipart_upload)[1:] == ["bucket_name", "object_name", "upload_id"]


def test_the_answers_parsed_after_a_200_are_locals_named_response() -> None:
    """A 200 whose body is an error is read back from the failing frame's ``response``."""
    assert "response" in Minio.copy_object.__code__.co_varnames, "Minio.copy_object's answer is not 'response'"
    assert "response" in _parameters(CompleteMultipartUploadResult.__init__), (
        "CompleteMultipartUploadResult no longer parses a 'response'"
    )


def test_minio_execute_takes_a_body_and_headers() -> None:
    assert {"body", "headers"} <= set(_parameters(Minio._execute)), (
        "Minio._execute no longer takes body and headers: put_with_headers (metadata edits, If-Match) breaks"
    )


def test_the_multipart_steps_a_cross_store_copy_drives_are_there() -> None:
    """copy_between streams a source into a multipart upload step by step; minio only offers that privately."""
    expected = {
        "_create_multipart_upload": ["self", "bucket_name", "object_name", "headers"],
        "_upload_part": ["self", "bucket_name", "object_name", "data", "headers", "upload_id", "part_number"],
        "_complete_multipart_upload": ["self", "bucket_name", "object_name", "upload_id", "parts"],
        "_abort_multipart_upload": ["self", "bucket_name", "object_name", "upload_id"],
        "_put_object": ["self", "bucket_name", "object_name", "data", "headers"],
    }
    for name, parameters in expected.items():
        method = getattr(Minio, name, None)
        assert callable(method), f"Minio.{name} is gone: copies between stores cannot write to minio"
        assert _parameters(method)[: len(parameters)] == parameters, f"Minio.{name} changed its parameters"
