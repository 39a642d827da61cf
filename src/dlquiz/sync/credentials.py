"""Hub passwords: the OS keyring through ``keyring``, or PostgreSQL's own pgpass/service file.

A password is never written into the collection.  When the URL given on the
command line carries one, it is offered to the keyring; later syncs look it
up there.  With no keyring (a headless machine) libpq still finds a
password in ``~/.pgpass`` (or ``PGPASSFILE``) or a service file by itself.
"""

from __future__ import annotations

from sqlalchemy.engine import URL

from dlquiz.sync.hub_url import keyring_name

SERVICE = "dlquiz-hub"


def _keyring_errors() -> tuple[type[BaseException], ...]:
    from keyring.errors import KeyringError

    return (KeyringError, RuntimeError, OSError)


def remember_password(url: URL) -> bool:
    """File the URL's password in the keyring; False when there is no usable keyring."""
    if not url.password:
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, keyring_name(url), str(url.password))
    except _keyring_errors():
        return False
    return True


def with_password(url: URL) -> URL:
    """The URL with its keyring password, when it has none and the keyring has one."""
    if url.password:
        return url
    import keyring

    try:
        found = keyring.get_password(SERVICE, keyring_name(url))
    except _keyring_errors():
        return url
    return url if found is None else url.set(password=found)
