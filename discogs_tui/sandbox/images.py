"""Cover images: a deterministic JPEG for every image URL the sandbox hands out, and only
for those (image URLs are signed, as the document says; an altered one is refused).

The sandbox's answers point image URLs at ``{base}/images/{path}``, where ``path`` is what
followed the image host. A path is signed when it is either
* a generated one (``catalogue.image_url``): ``{token}/rs:fit/g:sm/q:90/h:{h}/w:{w}/{name}``,
  whose token is the digest of ``{name}/{w}x{h}`` (change the size or the name: no image), or
* one of the document's own image URLs (its examples are served verbatim).
"""

from __future__ import annotations

import functools
import hmac
import io
import re
from hashlib import sha256

from PIL import Image, ImageDraw  # imported with the sandbox: not on a first image's clock

from discogs_tui.sandbox import examples
from discogs_tui.sandbox.catalogue import image_token

_SIZE = re.compile(r"(?:h:|/)(\d{2,4})(?:/|x)")
_GENERATED = re.compile(
    r"(?P<token>[A-Za-z0-9_-]+={0,2})/rs:fit/g:sm/q:90/h:(?P<h>\d{1,4})/w:(?P<w>\d{1,4})/"
    r"(?P<name>[A-Z]-\d+-\d+\.jpeg)"
)
_DOCUMENT_IMAGE = re.compile(r"https://(?:api-img|img|i)\.discogs\.com/([^\"'\s]+)")
DEFAULT_SIZE = 150
MAX_SIZE = 600
JPEG_QUALITY = 85


def is_signed(path: str) -> bool:
    """Whether ``path`` (after ``/images/``) is an image URL the sandbox gave out, unaltered."""
    generated = _GENERATED.fullmatch(path)
    if generated is not None:
        name, width, height = generated["name"], generated["w"], generated["h"]
        return hmac.compare_digest(generated["token"], image_token(name, width, height))
    return path in _document_image_paths()


@functools.cache
def _document_image_paths() -> frozenset[str]:
    """The paths of every image URL in the document's examples."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(_DOCUMENT_IMAGE.findall(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for name in dir(examples):
        if name.isupper():
            walk(getattr(examples, name))
    return frozenset(found)


def _size_of(path: str) -> int:
    match = _SIZE.search(path)
    size = int(match.group(1)) if match else DEFAULT_SIZE
    return max(16, min(size, MAX_SIZE))


@functools.lru_cache(maxsize=256)
def cover_jpeg(path: str) -> bytes:
    """A square JPEG whose colours follow from ``path`` (so one URL, one image): a record
    (a dark disc with a coloured label) on a coloured sleeve."""
    digest = sha256(path.encode()).digest()
    size = _size_of(path)
    sleeve, label = tuple(digest[0:3]), tuple(digest[3:6])
    image = Image.new("RGB", (size, size), sleeve)
    draw = ImageDraw.Draw(image)
    centre = (size - 1) / 2

    def disc(radius: float, colour: tuple[int, ...]) -> None:
        box = (centre - radius, centre - radius, centre + radius, centre + radius)
        draw.ellipse(box, fill=colour)

    disc(size * 0.46, (20, 20, 24))
    disc(size * 0.17, label)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
