"""The export pack: a ZIP holding the sheet, the prepared photos, certificate scans,
ready-to-paste descriptions and HUONG-DAN.txt, written as the products stream past.

Only variants with nothing blocking them go into the sheet; the others are listed in
HUONG-DAN.txt with what to fix. Memory stays bounded: products arrive a page at a time,
openpyxl's write-only mode and the CSV writer keep rows on disk, photos are copied file by
file. What went in is returned for the export's record.
"""

import io
import re
import shutil
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from PIL import Image

from .. import storage
from ..text import slugify
from ..vietnamese import gettext as _
from ..vietnamese import in_vietnamese
from . import sheet_layout
from .cells import DelimitedSheet, XlsxSheet
from .listing import ProductInfo
from .readiness import checked
from .rows import rows_of, value
from .template_fill import Filling

IMAGE_FOLDER = "anh"
DESCRIPTION_FOLDER = "mo-ta"
CERTIFICATE_FOLDER = "chung-nhan"
GUIDE = "HUONG-DAN.txt"
_UNSAFE_NAME = re.compile(r"[^\w .()+-]+")


@dataclass
class PackSummary:
    products: int = 0  # with at least one variant in the sheet
    rows: int = 0
    images: int = 0
    certificates: int = 0
    exported: list[int] = field(default_factory=list)  # variant ids in the sheet
    ready: set[int] = field(default_factory=set)  # variant ids with nothing blocking them
    blocked_lines: list[str] = field(default_factory=list)  # a Vietnamese line per variant
    cooperatives: list[str] = field(default_factory=list)
    filled: list["FilledTemplate"] = field(default_factory=list)  # the templates filled
    sheet: bool = True  # whether the built-in sheet is in the pack


@dataclass(frozen=True)
class FilledTemplate:
    name: str  # in the pack
    rows: int
    unfilled: tuple  # the template's columns left empty (TemplateColumn), mandatory first
    variant_columns: bool


def _open_sheet(profile, spool):
    """The built-in sheet with its header row written: an .xlsx laid out to open readably
    (widths, notes, wrapping: app/exports/sheet_layout.py), a CSV or TSV as plain as it must be."""
    spec = profile.file
    if spec.format == "xlsx":
        sheet = XlsxSheet(spec.sheet)
        shape = sheet_layout.layout(profile)
        sheet.write_header(profile.headers, shape.widths, shape.notes, shape.wrapped)
        return sheet
    sheet = DelimitedSheet(spool, "\t" if spec.format == "tsv" else ",")
    sheet.write(profile.headers)
    return sheet


def _close_sheet(sheet, spool) -> None:
    if isinstance(sheet, XlsxSheet):
        sheet.save(spool)
    else:
        sheet.close()
    spool.flush()
    spool.seek(0)


def _windows_text(text: str) -> bytes:
    """Text Notepad opens right: UTF-8 with a byte-order mark, CRLF line ends."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\n", "\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _entry(name: str, stamp: tuple, compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A ZIP entry dated ``stamp`` (not the moment it is written), so the same data gives
    the same bytes: "run again" or a retry of a pack job gives the same pack."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    return info


_XLSX_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _fixed_xlsx(spool, stamp: tuple):
    """The spooled .xlsx again with ``stamp`` as its entries' dates and its document
    properties' times (openpyxl writes the moment it saves)."""
    moment = "%04d-%02d-%02dT%02d:%02d:%02dZ" % stamp  # noqa: UP031
    fixed = tempfile.TemporaryFile()  # noqa: SIM115 (the caller's, closed with the spool)
    with zipfile.ZipFile(spool) as source, zipfile.ZipFile(fixed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = _XLSX_TIMES.sub(rb"\g<1>" + moment.encode() + rb"\g<2>", data)
            # Deflated again at level 1: the parts were compressed once by openpyxl already,
            # and the sheet's XML is most of an export's zlib time at level 6.
            target.writestr(_entry(item.filename, stamp), data, compresslevel=1)
    fixed.seek(0)
    return fixed


class _Targets:
    """Where a product's rows go: into its category's template when the marketplace has
    one, else into the built-in sheet (opened on first use when templates are given)."""

    def __init__(self, profile, spool, templates):
        self.profile, self.spool, self.templates = profile, spool, templates
        self.sheet = None
        self.fillings: dict[int, Filling] = {}
        if templates is None:
            self._open_sheet()

    def _open_sheet(self) -> None:
        self.sheet = _open_sheet(self.profile, self.spool)

    def write(self, prepared, ready, summary: PackSummary) -> None:
        template = self.templates.for_category(prepared.category) if self.templates else None
        rows = rows_of(prepared, self.profile.file, ready)
        if template is None:
            if self.sheet is None:
                self._open_sheet()
            for row in rows:
                self.sheet.write(
                    [value(column, row, self.profile) for column in self.profile.columns]
                )
            summary.rows += len(rows)
            return
        filling = self.fillings.get(id(template))
        if filling is None:
            filling = self.fillings[id(template)] = Filling(template, self.profile)
        for row in rows:
            filling.write(row)

    def finish(self, zf, summary: PackSummary, stamp: tuple) -> None:
        """The built-in sheet (if written) and every filled template into the pack."""
        summary.sheet = self.sheet is not None
        if self.sheet is not None:
            _close_sheet(self.sheet, self.spool)
            sheet = self.sheet
            source = _fixed_xlsx(self.spool, stamp) if isinstance(sheet, XlsxSheet) else self.spool
            packed = zipfile.ZIP_STORED if isinstance(sheet, XlsxSheet) else zipfile.ZIP_DEFLATED
            entry = _entry(self.profile.file.name, stamp, packed)  # an .xlsx is a ZIP already
            with source, zf.open(entry, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
        taken = {self.profile.file.name, GUIDE}
        for filling in self.fillings.values():
            name = _unique(_file_name(filling.template.name), taken)
            with tempfile.TemporaryFile() as filled:
                filling.save(filled, lambda part: _entry(part, stamp))
                filled.seek(0)
                with zf.open(_entry(name, stamp, zipfile.ZIP_STORED), "w") as target:
                    shutil.copyfileobj(filled, target, 1 << 20)
            layout = filling.template.layout
            summary.filled.append(
                FilledTemplate(name, filling.rows, layout.unfilled, layout.variant_columns)
            )

    def close(self) -> None:
        for filling in self.fillings.values():
            filling.close()


def _file_name(name: str) -> str:
    """A template's own file name, safe inside the ZIP: no folders, no odd characters."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = base[:-5] if base.lower().endswith(".xlsx") else base
    stem = _UNSAFE_NAME.sub("-", stem).strip(" .-")[:80] or "template"
    return stem + ".xlsx"


def _unique(name: str, taken: set[str]) -> str:
    stem, n, chosen = name[:-5], 1, name
    while chosen in taken:
        n += 1
        chosen = f"{stem}-{n}.xlsx"
    taken.add(chosen)
    return chosen


def write_pack(
    profile, infos: Iterable[ProductInfo], out, stamp: tuple | None = None, templates=None
) -> PackSummary:
    """Write the pack for ``profile`` to the binary file ``out``, every entry dated
    ``stamp`` (a ``time.localtime()[:6]`` tuple; now when None). ``templates``: the
    marketplace's own templates (a :class:`.template_fill.TemplateSet`); a product whose
    category has one goes into a filled copy of it, the others into the built-in sheet."""
    stamp = stamp or time.localtime()[:6]
    summary = PackSummary()
    seen_scans: set[str] = set()
    seen_cooperatives: dict[str, None] = {}
    with tempfile.TemporaryFile() as spool, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        targets = _Targets(profile, spool, templates)
        try:
            for readiness in checked(profile, infos):
                prepared = readiness.prepared
                info = prepared.product
                seen_cooperatives[info.cooperative.slug] = None
                for variant in readiness.blocked_variants:
                    lines = [
                        in_vietnamese(p.message)
                        for p in readiness.problems_of(variant)
                        if p.blocking
                    ]
                    summary.blocked_lines.append(
                        f"- {variant.sku} ({info.name}): " + "; ".join(lines)
                    )
                ready = readiness.ready_variants
                if not ready:
                    continue
                summary.ready.update(v.id for v in ready)
                summary.products += 1
                targets.write(prepared, ready, summary)
                summary.exported += [v.id for v in ready]
                _add_files(zf, prepared, ready, profile, seen_scans, stamp, summary)
            targets.finish(zf, summary, stamp)
        finally:
            targets.close()
        summary.cooperatives = list(seen_cooperatives)
        zf.writestr(_entry(GUIDE, stamp), _windows_text(guide(profile, summary)))
    return summary


def _add_files(zf, prepared, ready, profile, seen_scans, stamp, summary: PackSummary) -> None:
    """The product's photos, description file and certificate scans, as the profile asks."""
    info = prepared.product
    if profile.images.files:
        summary.images += _add_photos(zf, prepared, profile, stamp)
    if profile.file.descriptions:
        zf.writestr(_entry(f"{DESCRIPTION_FOLDER}/{info.key}.txt", stamp), _windows_text(
            f"{prepared.titles[ready[0].id]}\n\n{prepared.description}\n"
        ))  # fmt: skip
    if profile.file.certificate_scans:
        summary.certificates += _add_scans(zf, info, seen_scans, stamp)


def _add_photos(zf, prepared, profile, stamp: tuple) -> int:
    """The product's marketplace squares, each once, named as the sheet names them; made
    smaller first when a profile takes less than the stored square."""
    keys = [p.square_key for p in prepared.product.photos if p.square_key]
    count = 0
    for key, name in zip(keys, prepared.files, strict=False):
        try:
            data = storage.read(key)
        except (OSError, ValueError):
            continue
        smaller = fit_photo(data, profile.images)
        entry = _entry(f"{IMAGE_FOLDER}/{name}", stamp, zipfile.ZIP_STORED)
        zf.writestr(entry, smaller or data)
        count += 1
    return count


def fit_photo(data: bytes, rules) -> bytes | None:
    """None when the stored JPEG ``data`` meets ``rules`` (side and bytes); else a JPEG that
    does, scaled down and re-encoded."""
    size = len(data)
    with Image.open(io.BytesIO(data)) as stored:  # reads the header only
        side = max(stored.size)
        if size <= rules.max_bytes and (rules.max_side is None or side <= rules.max_side):
            return None
        image = stored.convert("RGB")
        if rules.max_side is not None and side > rules.max_side:
            image.thumbnail((rules.max_side, rules.max_side), Image.Resampling.LANCZOS)
        for quality in (85, 75, 65, 55, 45):
            out = io.BytesIO()
            image.save(out, "JPEG", quality=quality, optimize=True)
            if out.tell() <= rules.max_bytes:
                break
        return out.getvalue()


def _add_scans(zf, info: ProductInfo, seen: set[str], stamp: tuple) -> int:
    count = 0
    for certificate in info.valid_certificates:
        key = certificate.document_key
        if not key or key in seen:
            continue
        try:
            data = storage.read(key)
        except (OSError, ValueError):
            continue
        seen.add(key)
        ext = key.rsplit(".", 1)[-1]
        name = f"{certificate.kind}-{slugify(certificate.number, 60) or certificate.id}.{ext}"
        zf.writestr(_entry(f"{CERTIFICATE_FOLDER}/{name}", stamp), data)
        count += 1
    return count


def guide(profile, summary: PackSummary) -> str:
    """HUONG-DAN.txt: the profile's upload steps, what the pack holds, what was left out.

    When templates were filled, their steps (no copying column by column) come first, and
    each template's columns Lên Sàn could not fill are listed, mandatory ones first."""
    instructions = profile.instructions
    if summary.filled and profile.template_instructions:
        instructions = profile.template_instructions
    lines = [instructions, "", _("WHAT THIS PACK HOLDS")]
    for filled in summary.filled:
        lines += _filled_lines(filled)
    if summary.sheet:
        lines.append(
            "- "
            + _(
                "%(file)s: %(rows)d rows, %(variants)d variants of %(products)d products",
                file=profile.file.name,
                rows=summary.rows,
                variants=len(summary.exported),
                products=summary.products,
            )
        )
        if summary.filled:
            lines.append(
                "  " + _("Products whose category has no template of the marketplace: copy "
                         "these rows into the marketplace's template column by column.")
            )  # fmt: skip
    if profile.images.files:
        lines.append(
            "- " + _("%(folder)s/: %(num)d photos", folder=IMAGE_FOLDER, num=summary.images)
        )
    if profile.file.descriptions:
        lines.append("- " + _("%(folder)s/: a description per product", folder=DESCRIPTION_FOLDER))
    if profile.file.certificate_scans:
        lines.append(
            "- "
            + _(
                "%(folder)s/: %(num)d certificate scans",
                folder=CERTIFICATE_FOLDER,
                num=summary.certificates,
            )
        )
    lines += _rules_lines(profile)
    if summary.blocked_lines:
        lines += ["", _("NOT IN THIS PACK: fix these on Lên Sàn, then export again")]
        lines += summary.blocked_lines
    return "\n".join(lines) + "\n"


def _filled_lines(filled: FilledTemplate) -> list[str]:
    lines = [
        "- "
        + _(
            "%(file)s: the marketplace's own template, %(rows)d rows filled",
            file=filled.name,
            rows=filled.rows,
        )
    ]
    if filled.variant_columns:
        lines.append(
            "  " + _("This template puts variants side by side on one row per product; Lên Sàn "
                     "filled a row per variant: move the variants into their columns.")
        )  # fmt: skip
    if filled.unfilled:
        lines.append("  " + _("Columns Lên Sàn could not fill (fill them in before uploading):"))
        for column in filled.unfilled:
            mark = " " + _("(mandatory)") if column.mandatory else ""
            lines.append(f"  * {column.header or column.key}{mark}")
    return lines


def _rules_lines(profile) -> list[str]:
    """What the marketplace's listing rules changed in the pack, so that nobody undoes it
    when editing the sheet."""
    rules, lines = profile.rules, []
    if not rules.contact_details:
        lines.append("- " + _(
            "%(marketplace)s allows no link, phone number, email, Zalo or Facebook in a "
            "listing: the descriptions send buyers to the QR code on the package instead. Do "
            "not add contact details when editing them.",
            marketplace=profile.name,
        ))  # fmt: skip
    if rules.brand:
        lines.append("- " + _(
            "Brand: “%(brand)s”, because %(marketplace)s's brand list does not have the "
            "cooperative; once %(marketplace)s has approved the cooperative's brand, choose it "
            "instead.",
            brand=rules.brand,
            marketplace=profile.name,
        ))  # fmt: skip
    return ["", _("RULES OF THIS MARKETPLACE"), *lines] if lines else []
