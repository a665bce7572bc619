"""HTTP security headers for every response."""

from flask import current_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def set_security_headers(response):
    """``after_request`` hook: CSP without inline script, no sniffing, no framing; the
    position only to our own pages (the plot form's "use my current location")."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
    hsts = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if hsts:  # production only: it tells browsers to use HTTPS for a year
        headers.setdefault("Strict-Transport-Security", hsts)
    if response.mimetype == "text/html":
        headers.add("Vary", "Cookie")
    return response
