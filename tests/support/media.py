"""The files a test's app has written under its media folder."""

from pathlib import Path


def media_files(app, folder: str = "") -> set[Path]:
    """Every file under ``MEDIA_ROOT`` (or its sub-folder ``folder``); none if it is absent."""
    root = Path(app.config["MEDIA_ROOT"]) / folder
    return {p for p in root.rglob("*") if p.is_file()}
