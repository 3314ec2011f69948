"""Where the vault's files live: the local disk by default, an S3-compatible bucket when the environment names one.

Every file field of the portal (vault documents, application files, agreements, reports, evidence) stores through
``vault_storage()``: a ``VaultStorage`` that hands each call to the storage configured as ``STORAGES["vault"]``
(``portal/settings/base.py``). With several web servers the bucket is what lets every server read what another one
stored. Neither backend gives a file a URL: files are only ever served by the portal's views, after the permission
check, and the bucket's objects are private (ACL ``private``, no public policy).
"""

import errno

from django.core.files.storage import FileSystemStorage, Storage, storages
from storages.backends.s3 import S3Storage

NO_URL = "Vault files have no URL; they are served by the download view only."


class LocalVaultStorage(FileSystemStorage):
    """Files under ``settings.MEDIA_ROOT``, which no web server serves; they have no URL."""

    def url(self, name):
        raise ValueError(NO_URL)

    def save(self, name, content, max_length=None):
        """Store the file; when the disk fills up while it is written, remove the part written, then raise."""
        name = self.get_available_name(name if name is not None else content.name, max_length=max_length)
        try:
            return super().save(name, content, max_length=max_length)
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT) and self.exists(name):
                self.delete(name)
            raise


class S3VaultStorage(S3Storage):
    """Files in a private bucket of an S3-compatible store (MinIO, or a cloud's S3). Objects are written with the
    ``private`` ACL and never overwritten (names are random; a clash gets a new name, as on disk)."""

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update({"default_acl": "private", "file_overwrite": False, "querystring_auth": True})
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)


class VaultStorage(Storage):
    """The storage of every file field: each call goes to ``storages["vault"]``, looked up when it is made, so that
    the backend follows the settings (and a test's ``override_settings(STORAGES=…)``)."""

    @property
    def backend(self) -> Storage:
        return storages["vault"]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        return self.backend.url(name)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)
