"""A local S3-compatible server for the tests: moto's server mode, in its own process on a free
loopback port. Nothing reaches the cloud: the credentials are made up and the endpoint is local."""

import os
import socket
import subprocess
import sys
import time
import uuid

import requests

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "lensan-test",
    "AWS_SECRET_ACCESS_KEY": "lensan-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    """``python -m moto.server`` on 127.0.0.1; :meth:`new_bucket` gives each test its own."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **CREDENTIALS}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url, timeout=5)
                break
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the local S3 server (moto) did not start") from None
                time.sleep(0.1)

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.url, region_name=REGION)

    def new_bucket(self) -> str:
        name = f"lensan-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", ()))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
