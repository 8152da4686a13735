"""Turns a configuration into the matching adapter; the SDK is imported only when its adapter is chosen."""

from __future__ import annotations

from importlib import import_module

from .client import ObjectStoreClient
from .configurations import Framework, ObjectStoreConfiguration

_ADAPTERS: dict[Framework, tuple[str, str]] = {
    Framework.MINIO: (".adapters.minio", "MinioClient"),
    Framework.BOTO3: (".adapters.boto3", "Boto3Client"),
    Framework.LOCAL: (".adapters.local", "LocalClient"),
}


class ObjectStoreComponentFactory:
    @staticmethod
    def client_class(framework: Framework) -> type[ObjectStoreClient]:
        module_name, class_name = _ADAPTERS[Framework(framework)]
        adapter = getattr(import_module(module_name, __package__), class_name)
        if not (isinstance(adapter, type) and issubclass(adapter, ObjectStoreClient)):
            raise TypeError(f"{module_name}.{class_name} is not an ObjectStoreClient")
        return adapter

    @classmethod
    def create_client(cls, config: ObjectStoreConfiguration) -> ObjectStoreClient:
        return cls.client_class(config.framework)(config)
