import pytest

from competency.io.atomic import write_text_atomic


def test_an_atomic_write_replaces_the_file_and_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "新内容")
    assert target.read_text(encoding="utf-8") == "新内容"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_a_failed_atomic_write_keeps_the_old_content(tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    target.write_text("old", encoding="utf-8")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_atomically_written_files_get_the_usual_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "r.html", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "r.html").stat().st_mode & 0o777 == 0o644
