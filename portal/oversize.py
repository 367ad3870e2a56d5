"""What was too large in a request the portal refused with 413: a file or a text, and how large, so the error
page can say it. The body is read once, part by part, counting sizes and keeping nothing; a body far beyond
the limit (or of unknown length) is not read at all."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, File, MultipartDecoder, NeedData

READ_AT_MOST = 4    # times the limit: beyond that, say only how large the whole was
CHUNK = 64 * 1024


@dataclass
class Part:
    name: str
    filename: str | None = None
    size: int = 0          # bytes for a file, characters for a text


@dataclass
class Oversize:
    total: int | None      # bytes sent, when the browser said
    limit: int             # bytes accepted in one request
    files: list[Part] = field(default_factory=list)
    texts: list[Part] = field(default_factory=list)

    @property
    def largest_file(self) -> Part | None:
        chosen = [f for f in self.files if f.filename]
        return max(chosen, key=lambda f: f.size) if chosen else None

    @property
    def longest_text(self) -> Part | None:
        return max(self.texts, key=lambda t: t.size) if self.texts else None


def measure(environ: dict, content_type: str, content_length: int | None, limit: int) -> Oversize:
    found = Oversize(total=content_length, limit=limit)
    if not content_length or content_length > READ_AT_MOST * limit:
        return found
    stream = environ.get("wsgi.input")
    if stream is None:
        return found
    mimetype, options = parse_options_header(content_type or "")
    try:
        if mimetype == "multipart/form-data" and options.get("boundary"):
            _multipart(found, _chunks(stream, content_length), options["boundary"].encode("latin-1"))
        elif mimetype == "application/x-www-form-urlencoded":
            _urlencoded(found, b"".join(_chunks(stream, content_length)))
    except (ValueError, OSError):  # a malformed or cut body: say what is known
        pass
    return found


def _chunks(stream, length: int):
    left = length
    while left > 0:
        data = stream.read(min(CHUNK, left))
        if not data:
            return
        left -= len(data)
        yield data


def _multipart(found: Oversize, chunks, boundary: bytes) -> None:
    decoder = MultipartDecoder(boundary)
    current: Part | None = None
    text = bytearray()
    for chunk in [*chunks, None]:
        decoder.receive_data(chunk)
        event = decoder.next_event()
        while not isinstance(event, (NeedData, Epilogue)):
            if isinstance(event, File):
                current = Part(event.name, event.filename)
                found.files.append(current)
            elif isinstance(event, Data) and current is not None and current.filename is not None:
                current.size += len(event.data)
            elif isinstance(event, Data):
                text.extend(event.data)
                if not event.more_data:
                    found.texts.append(Part(current.name if current else "", size=_chars(bytes(text))))
                    text.clear()
            else:  # a text field starts
                current = Part(getattr(event, "name", ""))
            event = decoder.next_event()
        if isinstance(event, Epilogue):
            return


def _urlencoded(found: Oversize, body: bytes) -> None:
    for pair in body.split(b"&"):
        name, _, value = pair.partition(b"=")
        text = unquote_plus(value.decode("ascii", "replace"), encoding="utf-8", errors="replace")
        found.texts.append(Part(unquote_plus(name.decode("ascii", "replace")), size=len(text)))


def _chars(data: bytes) -> int:
    return len(data.decode("utf-8", "replace"))
