"""atomic_write and the vault's edit lock: whole files or nothing, never a lost or unasked-for overwrite."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from infoview import load_vault
from infoview.files import LOCK_FOLDER, atomic_write, edit_lock


def umask_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def full_disk_after(monkeypatch, nbytes: int) -> None:
    """Make os.write fail with ENOSPC once ``nbytes`` have been written (a disk that fills up mid-write)."""
    real_write = os.write
    left = [nbytes]

    def write(fd: int, data) -> int:
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real_write(fd, bytes(data[: left[0]]))
        left[0] -= n
        return n

    monkeypatch.setattr(os, "write", write)


def test_replace_keeps_the_permissions_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    assert atomic_write(path, b"new") == path
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["n.md"]


def test_a_new_file_gets_the_umask_mode_or_the_one_given(tmp_path):
    atomic_write(tmp_path / "a", b"x")
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == umask_mode()
    atomic_write(tmp_path / "b", b"x", mode=0o600, overwrite=False)
    assert stat.S_IMODE((tmp_path / "b").stat().st_mode) == 0o600


def test_without_overwrite_an_existing_file_or_link_is_never_replaced(tmp_path):
    path = tmp_path / "n.md"
    atomic_write(path, b"first", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write(path, b"second", overwrite=False)
    assert path.read_bytes() == b"first"
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        atomic_write(tmp_path / "dangling", b"x", overwrite=False)
    assert not (tmp_path / "nowhere").exists()
    assert sorted(os.listdir(tmp_path)) == ["dangling", "n.md"]


def test_without_hard_links_the_name_is_claimed_exclusively(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "n.md"
    atomic_write(path, b"first", overwrite=False)
    assert path.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        atomic_write(path, b"second", overwrite=False)
    assert path.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["n.md"]


def test_a_link_is_followed_and_stays_a_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "n.md"
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert os.listdir(tmp_path / "real") == ["n.md"]


def test_a_read_only_file_is_refused(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o444)
    with pytest.raises(PermissionError, match="read-only"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["n.md"]


@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("written", [0, 3])
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, overwrite, written):
    path = tmp_path / ("n.md" if overwrite else "new.md")
    if overwrite:
        path.write_bytes(b"old text")
    full_disk_after(monkeypatch, written)
    with pytest.raises(OSError) as caught:
        atomic_write(path, b"a much longer new text", overwrite=overwrite)
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    if overwrite:
        assert path.read_bytes() == b"old text"
        assert os.listdir(tmp_path) == ["n.md"]
    else:
        assert os.listdir(tmp_path) == []


def test_a_failed_rename_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "n.md"
    path.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["n.md"]


def test_the_edit_lock_is_hidden_from_git_and_the_loader(tmp_path):
    root = tmp_path / "vault"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts" / "jane.md").write_text("---\nname: Jane\n---\n")
    lock = edit_lock(root)
    with lock, edit_lock(root):  # the same lock again, in the same process: re-entrant
        assert lock.is_locked
    assert not lock.is_locked
    folder = root / LOCK_FOLDER
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    vault = load_vault(root)
    assert [n.path for n in vault.notes] == ["contacts/jane.md"]
    assert not vault.findings
    assert Path(lock.lock_file).parent == folder.resolve()


def test_a_lock_folder_left_half_made_gets_its_gitignore(tmp_path):
    (tmp_path / LOCK_FOLDER).mkdir()  # e.g. the disk was full when the .gitignore was to be written
    with edit_lock(tmp_path):
        pass
    assert (tmp_path / LOCK_FOLDER / ".gitignore").is_file()
