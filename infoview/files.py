"""Writing files so that a crash, a full disk or a second writer never leaves a broken one.

:func:`atomic_write` is the one way infoview writes a file: a flushed temporary file in the same folder takes
the file's name in one step, so readers see the old file or the new one, never half of either. :func:`edit_lock`
is held by every command that reads a note, changes it and writes it back, so two commands never both rewrite a
note from the same old text (the second would erase the first's change).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from filelock import FileLock

__all__ = ["LOCK_FOLDER", "atomic_write", "edit_lock"]

#: The vault's hidden folder for infoview's own files: the loader, MkDocs and the site skip it, and its
#: ``.gitignore`` of ``*`` makes git skip it too.
LOCK_FOLDER = ".infoview"
_LOCK_NAME = "edit.lock"
_GITIGNORE = b"# infoview's lock file: not part of the campaign\n*\n"
#: Edits take milliseconds: this only bounds a wait behind a stuck process editing the same vault.
_LOCK_TIMEOUT = 120.0


def _new_file_mode() -> int:
    """What ``open(path, "w")`` would give a new file: rw for all, less the umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _read_only(path: Path, st: os.stat_result) -> bool:
    # Without any write bit the user marked it read-only, even for root (whom os.access lets write anything).
    return not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def _temp_copy(folder: Path, name: str, data: bytes, mode: int) -> Path:
    """A flushed temporary file holding ``data`` beside the final name; removed again on any failure."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _link_new(tmp: Path, path: Path) -> None:
    """Give the finished ``tmp`` the name ``path`` unless something already has it."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links on this file system (FAT, some network shares): claim the name another way
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    claimed = os.fstat(fd)
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        # Remove the empty placeholder, unless someone replaced it meanwhile.
        with contextlib.suppress(FileNotFoundError):
            if os.path.samestat(os.lstat(path), claimed):
                os.unlink(path)
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes, *, mode: int | None = None, overwrite: bool = True) -> Path:
    """Write ``data`` to ``path`` (whose folder must exist) in one step: the whole new file, or nothing at all.

    A link's target is written and the link stays; a replaced file keeps its permissions unless ``mode`` is
    given. ``overwrite=False``: ``FileExistsError`` when anything has the name, even one created meanwhile.
    ``OSError`` on any failure (``PermissionError`` for a read-only file); nothing is written then.
    """
    path = Path(path)
    if not overwrite:
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "the file already exists", str(path))
        target = path
    else:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        try:
            st: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
        if st is not None and _read_only(target, st):
            raise PermissionError(errno.EACCES, "the file is read-only (make it writable to change it)", str(path))
        if mode is None and st is not None:
            mode = stat.S_IMODE(st.st_mode)
    tmp = _temp_copy(target.parent, target.name, data, _new_file_mode() if mode is None else mode)
    try:
        (os.replace if overwrite else _link_new)(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def edit_lock(root: str | os.PathLike[str]) -> FileLock:
    """The vault's edit lock (``<vault>/.infoview/edit.lock``), to hold while a note is read, changed and written.

    Re-entrant (one object per lock file in a process); ``filelock.Timeout`` after two minutes' wait. The lock
    file stays, since every waiter must lock the same file, hidden and ignored by git.
    """
    folder = Path(os.path.realpath(root)) / LOCK_FOLDER
    if not os.path.lexists(folder / ".gitignore"):  # not just the folder: an earlier try may have stopped half-way
        folder.mkdir(exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another command made it a moment ago
            atomic_write(folder / ".gitignore", _GITIGNORE, overwrite=False)
    return FileLock(folder / _LOCK_NAME, timeout=_LOCK_TIMEOUT, is_singleton=True)
