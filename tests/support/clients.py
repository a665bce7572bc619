"""Test clients: each request in its own app context, and signing in through the login form."""

import contextvars

from flask.testing import FlaskClient

PASSWORD = "correct horse 42"  # every factory-made user's password unless a test says otherwise


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    Without this, a test holding an app context (the ``db`` fixture) would share ``g`` and the
    database session with every request it makes, hiding bugs and caching the locale and user.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def sign_in(client, user, password=PASSWORD):
    """Sign ``user`` in through the login form; the client keeps the session cookie."""
    response = client.post("/auth/login", data={"login": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
