"""One lock for every PDFium call of a process: PDFium is not thread-safe, and certificate
uploads (app/uploads.py) and label previews (app/labels/images.py) can run in threads of
the same worker."""

import threading

PDFIUM_LOCK = threading.Lock()
