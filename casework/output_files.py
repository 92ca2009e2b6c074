"""Writing the files that commands produce, with a Russian reason when it fails.

The CLI writes reports, warnings and metering orders where the user points it;
a missing folder or a read-only path must end in one line saying why, not a
traceback. :func:`write_export` writes bytes; :func:`unwritable_path_error`
turns any :class:`OSError` of a write into the project's
:class:`~lexdesk.errors.InfrastructureError`.
"""

from __future__ import annotations

import errno
from pathlib import Path

from lexdesk.errors import InfrastructureError


def write_export(path: Path, data: bytes) -> None:
    """Write an exported file (a report, a document) where the user asked.

    Raises:
        InfrastructureError: the path cannot be written (no such folder, no
            permission, a read-only file system); its Russian message names the
            path and the reason.
    """
    try:
        path.write_bytes(data)
    except OSError as error:
        raise unwritable_path_error(path, error) from error


def unwritable_path_error(
    path: Path, error: OSError, *, what: str = "файл"
) -> InfrastructureError:
    """The error for a file or folder that cannot be written, with the reason.

    Args:
        path: the file or folder.
        error: the failure of the write.
        what: how the message names the target: «файл», «в папку».
    """
    name = errno.errorcode.get(error.errno or 0, type(error).__name__)
    reason = _WRITE_ERRORS_RU.get(error.errno or 0, f"ошибка записи ({name})")
    return InfrastructureError(
        f"cannot write {path}: {name}",
        user_message=f"Не удалось записать {what} {path}: {reason}.",
    )


# Why a file cannot be written, in Russian, by errno (the OS's own text is in
# English and differs between systems).
_WRITE_ERRORS_RU = {
    errno.ENOENT: "нет такой папки",
    errno.ENOTDIR: "часть пути — не папка",
    errno.EISDIR: "это папка, а не файл",
    errno.EACCES: "нет прав на запись",
    errno.EPERM: "нет прав на запись",
    errno.EROFS: "файловая система только для чтения",
    errno.ENOSPC: "нет места на диске",
    errno.EIO: "файл не принимает запись (ошибка ввода-вывода)",
}
