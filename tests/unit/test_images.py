"""The image pipeline: upright, metadata-free, square renditions within a byte budget."""

import io

import pytest
from PIL import Image, ImageCms

from app import images
from tests.support.images import BLUE, CAMERA_MAKE, RED, jpeg_with_exif, png_bytes


def _near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def test_orientation_is_applied_and_exif_dropped():
    img = images.normalise(jpeg_with_exif(orientation=6))
    assert img.size == (100, 200)  # turned upright: tall, not wide
    assert _near(img.getpixel((50, 20)), RED)  # the left half is now on top
    assert _near(img.getpixel((50, 180)), BLUE)
    assert img.info == {}
    assert len(img.getexif()) == 0


@pytest.mark.parametrize("encode", [images.encode_png, lambda i: images.encode_webp(i, 50_000)])
def test_encoded_renditions_carry_no_metadata(encode):
    data = encode(images.square(images.normalise(jpeg_with_exif()), 200))
    assert CAMERA_MAKE.encode() not in data
    assert b"Exif" not in data and b"GPS" not in data
    with Image.open(io.BytesIO(data)) as out:
        assert len(out.getexif()) == 0
        assert "icc_profile" not in out.info


def test_colour_profile_is_applied_then_removed():
    img = Image.new("RGB", (20, 20), (200, 100, 50))
    out = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    img.save(out, "PNG", icc_profile=srgb)
    clean = images.normalise(out.getvalue())
    assert "icc_profile" not in clean.info
    assert _near(clean.getpixel((5, 5)), (200, 100, 50), tolerance=3)


def test_square_pads_and_centres_without_cropping():
    wide = images.normalise(png_bytes(size=(400, 100), colour=RED))
    sq = images.square(wide, 512)
    assert sq.size == (512, 512) and sq.mode == "RGB"
    assert sq.getpixel((256, 10)) == images.WHITE  # padding above
    assert _near(sq.getpixel((2, 256)), RED)  # the full width is kept
    assert _near(sq.getpixel((509, 256)), RED)


def test_small_images_are_scaled_up_to_the_rendition_size():
    assert images.square(images.normalise(png_bytes(size=(20, 20))), 200).size == (200, 200)


def test_transparency_is_laid_on_white():
    img = images.normalise(png_bytes(size=(50, 50), colour=(0, 0, 0, 0), mode="RGBA"))
    assert img.mode == "RGBA"
    assert images.square(img, 64).getpixel((32, 32)) == images.WHITE


def test_webp_stays_within_its_budget():
    noisy = Image.effect_noise((400, 400), 120).convert("RGB")
    data = images.encode_webp(noisy, 8_000)
    assert len(data) <= 8_000
    with Image.open(io.BytesIO(data)) as out:
        assert out.format == "WEBP"


def test_webp_gives_up_on_an_impossible_budget():
    with pytest.raises(ValueError):
        images.encode_webp(Image.effect_noise((200, 200), 120).convert("RGB"), 10)
