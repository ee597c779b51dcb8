"""The only code that writes the site to disk.

`write_site` builds the whole site in a temporary folder *next to* the output
folder (same filesystem, so renames are atomic) and swaps it in only when
every file is written: a crash, a full disk or a bad output path leaves the
previous site exactly as it was. Files carry no timestamps, so identical
input gives a byte-identical tree.

`write_staged` is the same with the staging folder handed to the producer:
`sitegen build`'s page workers write their pages into it themselves
(`Staging.put`), so on a large site the writing is spread over the cores
instead of queueing behind one process. Every path still passes through the
same checks (each path once, in the process that writes it; the clashes
between files here, where all of them are seen), and a page a worker could
not write comes back as an `Output` for this module to write or refuse with
its usual message.

`update_site` is for `serve`: it rewrites in place only files whose bytes
changed, so a browser watching the folder reloads the minimum.

Every site carries `outdir.MARKER`, the sign that sitegen may replace the
folder (`outdir` decides which folders `--out` may name). An output folder
given as a symlink stays one: the site is swapped in at its target. A folder
that cannot be renamed — a mount point such as a container volume — is filled
in place instead. Staging folders an interrupted build left behind are swept
away by the next write to the same folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sitegen.outdir import MARKER, MARKER_TEXT, TEMP_PREFIX
from sitegen.site.engine.output import Output

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; leftovers are swept without asking
    fcntl = None  # type: ignore[assignment]  # a module elsewhere; None says "no locks"

__all__ = [
    "Output",
    "StagedFile",
    "Staging",
    "WriteError",
    "WriteReport",
    "update_site",
    "write_site",
    "write_staged",
]

class WriteError(ValueError):
    """The outputs cannot form a site (two files at one path, a path escaping the site)."""


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a write did: site-relative paths, sorted."""

    out_dir: Path
    written: tuple[str, ...]
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def _check_path(path: str) -> str:
    """Reject paths that would land outside the site or cannot be a file name."""
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or "\\" in path or "\x00" in path:
        raise WriteError(f"output path {path!r} must be relative, POSIX-style")
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise WriteError(f"output path {path!r} has an empty, '.' or '..' segment")
    if path.casefold() == MARKER:
        raise WriteError(f"output path {path!r} is sitegen's own marker file")
    return unicodedata.normalize("NFC", path)


def _collect(outputs: Iterable[Output]) -> dict[str, Output]:
    """Outputs by path; refuses duplicates and file/folder clashes (`a` and `a/b`).

    Paths are compared case-folded and NFC-normalized because macOS and Windows
    file systems would silently merge `Goals.html` and `goals.html`.
    """
    files: dict[str, Output] = {}
    seen: dict[str, str] = {}
    for output in outputs:
        path = _check_path(output.path)
        key = path.casefold()
        if key in seen:
            raise WriteError(f"two outputs at one path: {seen[key]!r} and {output.path!r}")
        seen[key] = path
        files[path] = output
    folders = {p.casefold() for path in files for p in _parents(path)}
    for key, path in seen.items():
        if key in folders:
            raise WriteError(f"output {path!r} is both a file and a folder of other outputs")
    return files


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A file already written into the staging folder by `Staging.put` (`path`: checked there)."""

    path: str


@dataclass(slots=True)
class Staging:
    """The staging folder of a `write_staged` call, for producers that write files themselves."""

    root: str
    _folders: set[str] = field(default_factory=set)  # made by this process (each worker has its copy)

    def put(self, output: Output) -> Output | StagedFile:
        """Write `output` now (in whichever process renders it).

        Anything unusual (a bad path, a file already there, a file where a
        folder should be) is not decided here: the output comes back unwritten
        and the writer refuses it with the same message as any other.
        """
        try:
            path = _check_path(output.path)
            target = os.path.join(self.root, *path.split("/"))
            folder = os.path.dirname(target)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            with open(target, "xb") as stream:  # never over another output's file
                stream.write(output.content)
        except (WriteError, OSError):
            return output
        return StagedFile(path)


def write_site(outputs: Iterable[Output], out_dir: Path) -> WriteReport:
    """Replace `out_dir` with exactly these outputs, or change nothing on failure.

    `outputs` may be a stream (`sitegen.site.build.build_site`): each file is
    written to the staging folder as it arrives, and the staging folder is
    swapped in only after the last one.
    """
    return write_staged(lambda staging: outputs, out_dir)


def write_staged(
    produce: Callable[[Staging], Iterable[Output | StagedFile]], out_dir: Path
) -> WriteReport:
    """`write_site` of `produce(staging)`, whose items may be files already put in `staging`."""
    out_dir = Path(os.path.realpath(out_dir))  # a symlink's target is replaced, never the link
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir} exists and is not a folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out_dir)
    staging = Path(
        tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out_dir.name}-new-", dir=out_dir.parent)
    )
    try:
        with _claimed(staging):
            os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
            written = _write_stream(staging, produce(Staging(str(staging))))
            (staging / MARKER).write_bytes(MARKER_TEXT)
            _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(out_dir, tuple(sorted(written)))


@contextmanager
def _claimed(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on `folder` while this process works in it, so that
    another build's `_sweep_leftovers` leaves it alone (the lock dies with us)."""
    if fcntl is None:
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def _abandoned(folder: Path) -> bool:
    """No running build holds `folder` (see `_claimed`)."""
    if fcntl is None:
        return True
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _sweep_leftovers(out_dir: Path) -> None:
    """Delete the staging and retired folders of builds of `out_dir` that were killed."""
    prefixes = tuple(f"{TEMP_PREFIX}{out_dir.name}-{kind}-" for kind in ("new", "old"))
    for entry in os.scandir(out_dir.parent):
        if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
            if _abandoned(Path(entry.path)):
                shutil.rmtree(entry.path, ignore_errors=True)


def _write_stream(root: Path, outputs: Iterable[Output | StagedFile]) -> list[str]:
    """Write each output under `root` as it comes, refusing what `_collect` refuses. A file a
    worker staged had its path checked there (`Staging.put`); here it is checked only against
    the other files, which no worker sees, then left as it is."""
    files: dict[str, str] = {}  # case-folded → path
    folders: set[str] = set()  # case-folded folders made so far
    for output in outputs:
        path = output.path if isinstance(output, StagedFile) else _check_path(output.path)
        key = path.casefold()
        if key in files:
            raise WriteError(f"two outputs at one path: {files[key]!r} and {output.path!r}")
        if key in folders:
            raise WriteError(f"output {path!r} is both a file and a folder of other outputs")
        parents = _parents(path)
        for parent in parents:
            if parent.casefold() in files:
                raise WriteError(f"output {parent!r} is both a file and a folder of other outputs")
        files[key] = path
        if isinstance(output, StagedFile):
            folders.update(p.casefold() for p in parents)
            continue
        if parents and parents[-1].casefold() not in folders:
            root.joinpath(*parents[-1].split("/")).mkdir(parents=True, exist_ok=True)
            folders.update(p.casefold() for p in parents)
        root.joinpath(*path.split("/")).write_bytes(output.content)
    return list(files.values())


def _swap(staging: Path, out_dir: Path) -> None:
    """Rename the old site away, the new one in, then delete the old one."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    retired = Path(
        tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out_dir.name}-old-", dir=out_dir.parent)
    )
    retired.rmdir()  # only the unique name is wanted; rename needs it free
    with _claimed(out_dir):  # the old site keeps the lock under its retired name
        try:
            os.rename(out_dir, retired)
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                raise
            _fill_in_place(staging, out_dir)  # a mount point cannot be renamed
            return
        try:
            os.rename(staging, out_dir)
        except BaseException:
            os.rename(retired, out_dir)
            raise
        shutil.rmtree(retired, ignore_errors=True)


def _fill_in_place(staging: Path, out_dir: Path) -> None:
    """Swap the contents of `out_dir` for the staged site, keeping the folder itself.

    The old entries move aside into a folder inside `out_dir` (same file
    system: renames), the new ones move in (copied when the mount is another
    file system); on failure the old entries come back.
    """
    retired = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}old-", dir=out_dir))
    old = [name for name in sorted(os.listdir(out_dir)) if name != retired.name]
    for name in old:
        os.rename(out_dir / name, retired / name)
    try:
        for name in sorted(os.listdir(staging)):
            shutil.move(staging / name, out_dir / name)
    except BaseException:  # everything beside `retired` is new now, half-copied entries too
        for name in os.listdir(out_dir):
            if name != retired.name:
                _remove(out_dir / name)
        for name in old:
            os.rename(retired / name, out_dir / name)
        retired.rmdir()
        raise
    shutil.rmtree(retired, ignore_errors=True)
    staging.rmdir()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def update_site(
    outputs: Iterable[Output],
    out_dir: Path,
    only: Collection[str] | None = None,
    prune: bool = False,
    remove: Collection[str] = (),
) -> WriteReport:
    """Write in place only the files whose bytes differ (for `serve`).

    `only` limits the update to those site paths (the pages a change touched);
    `prune` (ignored with `only`) deletes files that are no longer outputs,
    e.g. the page of a section file that was removed; `remove` names such files
    when the caller knows them (no walk of the folder). Each file is replaced
    atomically, so a browser never reads half a page.
    """
    files = _collect(outputs)
    out_dir = Path(os.path.abspath(out_dir))
    selected = sorted(files) if only is None else sorted(p for p in files if p in set(only))
    written, unchanged = [], []
    for path in selected:
        target, content = out_dir.joinpath(*path.split("/")), files[path].content
        if target.is_file() and target.read_bytes() == content:
            unchanged.append(path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace_file(target, content)
        written.append(path)
    removed = _prune(out_dir, {*files, MARKER}) if prune and only is None else _remove_files(out_dir, remove)
    return WriteReport(out_dir, tuple(written), tuple(unchanged), tuple(removed))


def _replace_file(target: Path, content: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_files(out_dir: Path, paths: Collection[str]) -> list[str]:
    """Delete these site files (those still there) and the folders they leave empty."""
    removed = []
    for path in sorted(paths):
        target = out_dir.joinpath(*_check_path(path).split("/"))
        if target.is_file():
            target.unlink()
            removed.append(path)
            folder = target.parent
            while folder != out_dir and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return removed


def _prune(out_dir: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(out_dir.rglob("*"), reverse=True):
        relative = unicodedata.normalize("NFC", path.relative_to(out_dir).as_posix())
        if path.is_file() and relative not in keep:
            path.unlink()
            removed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sorted(removed)
