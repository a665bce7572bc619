"""What a label's QR code holds and its modules, with python-qrcode. No Flask here.

The payload is the shortest URL that works: the public origin with its scheme and host in
upper case, then ``/T/`` and the code (Crockford base32, upper case). Every character is then
in QR's alphanumeric set, which packs 5.5 bits per character instead of 8, so a serialized
URL fits a version 3 symbol at error correction M. ``/T/<code>`` answers like ``/t/<code>``.

A symbol is described by its dark runs: ``(row, first column, length)`` for each horizontal
stretch of dark modules, which is what the PDF and image writers draw. Large runs are built
in worker processes (the mask search of python-qrcode is pure Python and dominates the cost).
"""

import multiprocessing
from collections.abc import Iterable, Iterator
from functools import partial
from urllib.parse import urlsplit, urlunsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q

ERROR_LEVELS = {"M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q}
QUIET_MODULES = 4  # ISO/IEC 18004 and GS1: four modules of white on every side
CHUNK = 64


def qr_origin(public_base_url: str) -> str:
    """``https://lensan.vn`` -> ``HTTPS://LENSAN.VN``: scheme and host are case-insensitive;
    a path, if the origin has one, keeps its case."""
    parts = urlsplit(public_base_url.rstrip("/"))
    return urlunsplit((parts.scheme.upper(), parts.netloc.upper(), parts.path, "", ""))


def label_url(origin: str, code: str) -> str:
    """The URL printed for ``code`` (a batch's public code or a serial)."""
    return f"{origin}/T/{code}"


def symbol_version(data: str, level: str) -> int:
    """The smallest QR version that holds ``data`` at error correction ``level``."""
    symbol = qrcode.QRCode(error_correction=ERROR_LEVELS[level], border=0)
    symbol.add_data(data)
    return symbol.best_fit()


def modules_for(version: int) -> int:
    """Modules on a side of a version's symbol, quiet zone not included."""
    return 17 + 4 * version


def dark_runs(data: str, version: int, level: str) -> tuple[tuple[int, int, int], ...]:
    """The symbol for ``data`` at ``version`` as horizontal runs of dark modules."""
    symbol = qrcode.QRCode(version=version, error_correction=ERROR_LEVELS[level], border=0)
    symbol.add_data(data)
    symbol.make(fit=False)
    runs = []
    for row, modules in enumerate(symbol.modules):
        start = None
        for col, dark in enumerate(modules):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append((row, start, col - start))
                start = None
        if start is not None:
            runs.append((row, start, len(modules) - start))
    return tuple(runs)


def many_dark_runs(
    blocks: Iterable[list[str]], version: int, level: str, processes: int = 1
) -> Iterator[list[tuple[tuple[int, int, int], ...]]]:
    """Dark runs for each block of ``blocks``, block by block, in order. With more than one
    process, one pool of spawned workers (a web worker's threads and connections stay out)
    builds the next block while the caller draws the current one; at most two blocks are
    held in memory. A script that calls this must guard its entry point (``__main__``)."""
    build = partial(dark_runs, version=version, level=level)
    if processes <= 1:
        for block in blocks:
            yield list(map(build, block))
        return
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        pending = None
        for block in blocks:
            ahead = pool.map_async(build, block, chunksize=CHUNK)
            if pending is not None:
                yield pending.get()
            pending = ahead
        if pending is not None:
            yield pending.get()
