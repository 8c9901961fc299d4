"""The owner's logo: PNG or JPEG up to 1 MB, re-encoded and resized on the server with
its photo data removed; anything else is refused with a clear message."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.builders import csrf_from


def image_file(kind: str, size=(800, 600), exif: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera Maker"  # Make
        data[0x8825] = {1: "N", 2: (52.0, 22.0, 0.0)}  # GPS
        extra["exif"] = data
    image.save(out, format=kind, **extra)
    return out.getvalue()


def upload(client, data: bytes, name: str):
    """Post ``data`` as the file ``name``, as a browser sends a form with a file."""
    page = client.get("/admin/b/bakery/settings").get_data(as_text=True)
    boundary = "vouch-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{csrf_from(page)}\r\n"
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="logo"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        "/admin/b/bakery/settings/logo",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def served_logo(client) -> Image.Image:
    page = client.get("/r/bakery").get_data(as_text=True)
    start = page.index('<img class="logo" src="') + len('<img class="logo" src="')
    src = page[start : page.index('"', start)].replace("&amp;", "&")
    response = client.get(src)
    assert response.status_code == 200 and response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data))


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
def test_a_logo_is_shown_re_encoded_small_and_without_photo_data(signed_in, kind):
    answer = upload(signed_in, image_file(kind, (2000, 1000), exif=True), "logo.img")
    assert answer.status_code == 303
    assert "Logo saved" in signed_in.get(answer.headers["Location"]).get_data(
        as_text=True
    )
    logo = served_logo(signed_in)
    assert logo.format == "PNG"
    assert logo.size == (512, 256)
    assert not logo.getexif() and "exif" not in logo.info


def test_the_logo_changes_the_cards_and_can_be_removed(signed_in, owner):
    from tests.builders import make_review

    review_id = make_review(signed_in, owner)
    card = f"/r/bakery/reviews/{review_id}/card.png"
    before = signed_in.get(card).headers["ETag"]
    assert upload(signed_in, image_file("PNG"), "logo.png").status_code == 303
    with_logo = signed_in.get(card).headers["ETag"]
    assert with_logo != before
    page = signed_in.get("/admin/b/bakery/settings").get_data(as_text=True)
    removed = signed_in.post(
        "/admin/b/bakery/settings/logo",
        data={"csrf_token": csrf_from(page), "remove": "1"},
    )
    assert removed.status_code == 303
    assert signed_in.get(card).headers["ETag"] == before
    assert signed_in.get("/r/bakery/logo.png").status_code == 404


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            SVG,
            "logo.svg",
            "Upload the logo as a PNG or JPEG image (SVG is not accepted).",
        ),
        (image_file("GIF"), "logo.gif", "Upload the logo as a PNG or JPEG image"),
        (b"not an image at all", "logo.png", "Upload the logo as a PNG or JPEG image"),
        (
            b"\x89PNG" + b"\0" * (1024 * 1024),
            "big.png",
            "The logo may be at most 1 MB.",
        ),
        (b"", "", "Choose an image file."),
    ],
)
def test_other_files_are_refused_with_a_clear_message(signed_in, data, name, message):
    answer = upload(signed_in, data, name)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html
    assert 'id="err-logo"' in html and 'aria-invalid="true"' in html
    assert signed_in.get("/r/bakery/logo.png").status_code == 404


def test_a_file_far_too_large_gets_the_page_not_an_error(signed_in):
    answer = upload(signed_in, b"\0" * (3 * 1024 * 1024), "huge.png")
    assert answer.status_code == 413
    html = answer.get_data(as_text=True)
    assert "The logo may be at most 1 MB." in html and 'id="err-logo"' in html
