"""The S3-compatible backend of app/storage.py: objects in one bucket, reached with boto3."""

import io
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Response, abort, send_file

from .storage import is_stored_name


class S3Storage:
    """Objects in a bucket of an S3-compatible store, reached with boto3.

    The endpoint (``S3_ENDPOINT_URL``, none for AWS itself), bucket (``S3_BUCKET``), region
    (``S3_REGION``) and an optional key prefix (``S3_PREFIX``) come from the configuration;
    the credentials as boto3 finds them (``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY``
    in the environment, a profile, an instance role). Objects are private: the app serves them.
    """

    name = "s3"

    def __init__(
        self, bucket: str, endpoint_url: str | None = None, region: str | None = None,
        prefix: str = "",
    ) -> None:  # fmt: skip
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"}),
        )

    def _object(self, key: str) -> str:
        return self.prefix + key

    @staticmethod
    def _missing(error: Exception) -> bool:
        code = getattr(error, "response", {}).get("Error", {}).get("Code", "")
        return code in ("404", "NoSuchKey", "NotFound")

    def _head(self, key: str) -> dict | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as error:
            if self._missing(error):
                return None
            raise

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def _get(self, key: str) -> dict:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as error:
            if self._missing(error):
                raise FileNotFoundError(key) from None
            raise

    def read(self, key: str) -> bytes:
        return self._get(key)["Body"].read()

    def write(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=data)

    def scratch_dir(self, key: str) -> Path:
        return Path(tempfile.gettempdir())

    def write_file(self, key: str, path: Path) -> None:
        self.client.upload_file(str(path), self.bucket, self._object(key))
        path.unlink()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))

    def touch(self, key: str) -> None:
        """Copied onto itself with new metadata: its LastModified moves to now."""
        self.client.copy_object(
            Bucket=self.bucket,
            Key=self._object(key),
            CopySource={"Bucket": self.bucket, "Key": self._object(key)},
            Metadata={"touched": str(int(time.time()))},
            MetadataDirective="REPLACE",
        )

    def _listing(self, prefix: str) -> Iterator[dict]:
        pages = self.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix + prefix):
            yield from page.get("Contents", ())

    def written_before(self, folder: str, before: float) -> Iterator[str]:
        for item in self._listing(folder + "/"):
            key = item["Key"][len(self.prefix) :]
            if item["LastModified"].timestamp() < before and is_stored_name(key):
                yield key

    def all_keys(self) -> Iterator[str]:
        for item in self._listing(""):
            key = item["Key"][len(self.prefix) :]
            if is_stored_name(key):
                yield key

    def problem(self) -> str | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            return f"bucket {self.bucket} answers {code}"
        except BotoCoreError as error:
            return f"object store unreachable: {type(error).__name__}"
        return None

    def send(self, key: str, mimetype: str, **options: Any) -> Response:
        """The object's bytes with its ETag and Last-Modified, so revalidations get a 304."""
        try:
            obj = self._get(key)
        except FileNotFoundError:
            abort(404)
        modified: datetime | None = obj.get("LastModified")
        return send_file(
            io.BytesIO(obj["Body"].read()),
            mimetype=mimetype,
            etag=str(obj.get("ETag", "")).strip('"') or True,
            last_modified=modified,
            **options,
        )
