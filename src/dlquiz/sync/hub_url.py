"""Hub addresses: a ``postgresql://`` URL, checked, given the psycopg driver, kept without password.

URLs are handled as ``sqlalchemy.engine.URL`` objects throughout, never by
formatting strings, so a password or database name with ``@``, ``/`` or
``%`` in it stays what it is.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DRIVER = "postgresql+psycopg"


class BadHubUrl(ValueError):
    """The hub address is not a PostgreSQL URL."""


def parse_hub_url(text: str) -> URL:
    """The URL with the psycopg driver; raises BadHubUrl naming the problem."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise BadHubUrl(f"{text!r} is not a URL; give postgresql://USER@HOST/DATABASE") from None
    if url.get_backend_name() != "postgresql":
        raise BadHubUrl(f"the hub must be a postgresql:// URL, not {url.drivername}://")
    if not url.database:
        raise BadHubUrl("the hub URL names no database: postgresql://USER@HOST/DATABASE")
    return url.set(drivername=DRIVER)


def without_password(url: URL) -> URL:
    # URL.set() takes None to mean "keep": the URL is built again without one.
    return URL.create(
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )


def remembered_form(url: URL) -> str:
    """What the collection keeps: the plain postgresql:// URL with no password in it."""
    return without_password(url).set(drivername="postgresql").render_as_string(hide_password=False)


def keyring_name(url: URL) -> str:
    """The keyring entry a hub's password is filed under: user, host, port, database."""
    return f"{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database or ''}"
