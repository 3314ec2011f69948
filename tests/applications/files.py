"""Small real files of every accepted format (and some that must be refused), built in memory."""

import io
import struct
import zipfile
import zlib

from applications.demo import minimal_pdf

__all__ = ["docx_bytes", "exe_bytes", "hwp_bytes", "hwpx_bytes", "jpeg_bytes", "minimal_pdf", "png_bytes", "xlsx_bytes"]


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    """The start of a JFIF file (SOI + APP0) and its end marker: what the content check reads."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(
                name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<?xml version='1.0'?><Types/>",
            "word/document.xml": b"<?xml version='1.0'?><w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": b"<?xml version='1.0'?><Types/>", "xl/workbook.xml": b"<workbook/>"})


def hwpx_bytes() -> bytes:
    return _zip({"mimetype": b"application/hwp+zip", "Contents/section0.xml": b"<hs:sec/>"})


def plain_zip_bytes() -> bytes:
    return _zip({"readme.txt": b"hello"})


def exe_bytes() -> bytes:
    """The start of a Windows executable (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def _ole(stream_name: str, stream: bytes) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) holding one stream of ≥ 4096 bytes."""
    sector = 512
    free, end, fat_sect, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    stream = stream.ljust(4096, b"\x00")
    stream_sectors = (len(stream) + sector - 1) // sector
    stream = stream.ljust(stream_sectors * sector, b"\x00")
    # sector 0: FAT, sector 1: directory, sectors 2…: the stream
    fat = [fat_sect, end] + [3 + i for i in range(stream_sectors - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 40, 0, 1, 1)  # directory sectors (0 in v3), FAT sectors, first dir sector
    struct.pack_into("<IIIIII", header, 52, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, no_stream, no_stream, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        return bytes(raw)

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry(stream_name, 2, no_stream, 2, 4096)
        + entry("", 0, no_stream, 0, 0) * 2
    )
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + stream


def hwp_bytes() -> bytes:
    """An HWP 5 file as far as the content check sees: an OLE file whose FileHeader says so."""
    return _ole("FileHeader", b"HWP Document File".ljust(32, b"\x00") + struct.pack("<I", 0x05000300))


def ole_other_bytes() -> bytes:
    """An OLE file that is not HWP (e.g. an old .doc): no FileHeader stream."""
    return _ole("WordDocument", b"\xec\xa5" + b"\x00" * 100)
