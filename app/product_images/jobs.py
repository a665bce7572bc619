"""Product photo renditions as a background job (app/background): an upload stores the cleaned
originals in the request and leaves the thumbnails and marketplace squares (about a second a
photo) to a worker. Until they exist, pages show the original (``thumb_key`` is None).

Making them is idempotent (the keys come from the original's content), so the job is retried
with backoff after an unexpected error, and "run again" makes only the ones still missing."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..background.records import JobFailure, Task, start
from ..extensions import db
from ..models import Product, ProductImage
from .renditions import PhotoProblem
from .services import max_bytes, problem_message, render

KIND = "product_images.renditions"
RETRIES = 3


def make_renditions(task: Task, image_ids: list[int]) -> None:
    """The job: the renditions of photos ``image_ids`` that have none yet (a photo deleted
    meanwhile is skipped)."""
    refused = []
    for done, image_id in enumerate(image_ids):
        task.progress(done, len(image_ids), _l("Photo %(num)d", num=done + 1))
        image = db.session.get(ProductImage, image_id)
        if image is None or (image.thumb_key and image.square_key):
            continue
        try:
            render(image)
        except PhotoProblem as problem:  # "too_detailed": the same photo would fail again
            name = _l("Photo %(num)d", num=image.position + 1)
            refused.append(problem_message(problem, name, max_bytes()))
            db.session.rollback()
            continue
        db.session.commit()
    if refused:
        raise JobFailure(refused)


def start_renditions(
    app: Flask, product: Product, images: list[ProductImage], user_id: int | None
) -> int:
    """Queue the renditions of ``images`` (just added to ``product``); the job's id."""
    job = start(
        app,
        KIND,
        "app.product_images.jobs:make_renditions",
        {"image_ids": [image.id for image in images]},
        user_id=user_id,
        cooperative_id=product.cooperative_id,
        retries=RETRIES,
        total=len(images),
    )
    return job.id
