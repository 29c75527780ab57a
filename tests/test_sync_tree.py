"""mk/sync-tree.sh: patched tree = pristine + patches + overlay, touching
only files whose content changes, never writing through hardlinks."""
import os
import subprocess
import textwrap

from harness.paths import REPO


def sync(repo, pristine, patched):
    subprocess.run([REPO / "mk" / "sync-tree.sh", repo, pristine, patched],
                   check=True, capture_output=True)


def make_trees(tmp_path):
    pristine = tmp_path / "pristine"
    (pristine / "drivers" / "pci").mkdir(parents=True)
    (pristine / "drivers" / "pci" / "pci.c").write_text("one\ntwo\nthree\n")
    (pristine / "Makefile").write_text("all:\n")
    patched = tmp_path / "patched"
    subprocess.run(["cp", "-al", pristine, patched], check=True)
    repo = tmp_path / "repo"
    (repo / "patches").mkdir(parents=True)
    (repo / "drivers" / "pci").mkdir(parents=True)
    return repo, pristine, patched


PATCH = textwrap.dedent("""\
    --- a/drivers/pci/pci.c
    +++ b/drivers/pci/pci.c
    @@ -1,3 +1,3 @@
     one
    -two
    +TWO
     three
    """)


def test_patch_and_overlay(tmp_path):
    repo, pristine, patched = make_trees(tmp_path)
    (repo / "patches" / "0001-x.patch").write_text(PATCH)
    (repo / "drivers" / "pci" / "kdump-reset.c").write_text("new\n")
    sync(repo, pristine, patched)
    assert (patched / "drivers/pci/pci.c").read_text() == "one\nTWO\nthree\n"
    assert (patched / "drivers/pci/kdump-reset.c").read_text() == "new\n"
    # pristine untouched although patched started as hardlinks
    assert (pristine / "drivers/pci/pci.c").read_text() == "one\ntwo\nthree\n"
    assert not (pristine / "drivers/pci/kdump-reset.c").exists()


def test_unchanged_files_keep_mtime(tmp_path):
    repo, pristine, patched = make_trees(tmp_path)
    (repo / "patches" / "0001-x.patch").write_text(PATCH)
    (repo / "drivers" / "pci" / "kdump-reset.c").write_text("new\n")
    sync(repo, pristine, patched)
    files = [patched / "drivers/pci/pci.c", patched / "drivers/pci/kdump-reset.c"]
    for f in files:
        os.utime(f, (1000, 1000))
    sync(repo, pristine, patched)
    assert [f.stat().st_mtime for f in files] == [1000, 1000]


def test_dropped_files_are_restored(tmp_path):
    repo, pristine, patched = make_trees(tmp_path)
    (repo / "patches" / "0001-x.patch").write_text(PATCH)
    (repo / "drivers" / "pci" / "kdump-reset.c").write_text("new\n")
    sync(repo, pristine, patched)
    (repo / "patches" / "0001-x.patch").unlink()
    (repo / "drivers" / "pci" / "kdump-reset.c").unlink()
    sync(repo, pristine, patched)
    assert (patched / "drivers/pci/pci.c").read_text() == "one\ntwo\nthree\n"
    assert not (patched / "drivers/pci/kdump-reset.c").exists()
    assert (patched / ".pci-kdump-files").read_text() == ""


def test_bad_patch_fails(tmp_path):
    repo, pristine, patched = make_trees(tmp_path)
    (repo / "patches" / "0001-x.patch").write_text(PATCH.replace("two", "zwei"))
    r = subprocess.run([REPO / "mk" / "sync-tree.sh", repo, pristine, patched],
                       capture_output=True)
    assert r.returncode != 0
