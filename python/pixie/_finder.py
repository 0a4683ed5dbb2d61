"""`import name` for name.pixie on sys.path, or inside a package.

".pixie" is registered as one more suffix of the standard FileFinder, so a
fat binary follows the usual import rules: sys.path order across directories,
name.py before name.pixie within one, and a real module always beats a
namespace-package directory of the same name. (A finder appended to
sys.meta_path would lose to such directories, and one prepended would beat
modules earlier on sys.path.)
"""
import sys
from importlib.machinery import (BYTECODE_SUFFIXES, EXTENSION_SUFFIXES, SOURCE_SUFFIXES, ExtensionFileLoader,
                                 FileFinder, SourceFileLoader, SourcelessFileLoader)


class PixieFileLoader:
    """Loads name.pixie as a pixie.Library module."""

    def __init__(self, fullname, path):
        self.name = fullname
        self.path = path

    def create_module(self, spec):
        return import_pixie(spec.name, self.path)

    def exec_module(self, module):
        pass


def import_pixie(name, path):
    """The module `import name` gives for `path` (also used by the .py shims
    the original API writes)."""
    from ._library import Library
    from ._pixie import PixieError
    tuned = _specialized_or_none(path)
    if tuned is not None:
        try:
            return Library(name, tuned)
        except PixieError as e:
            _warn(f"{tuned} is not used: it fails to load ({e}); loading {path}")
    return Library(name, path)


def specialized_path(path):
    """Where __PIXIE__['specialize'] writes the tuned copy of `path`."""
    stem = path[:-len(".pixie")] if path.endswith(".pixie") else path
    return stem + "_pixie_specialized.pixie"


def _warn(message):
    import warnings
    warnings.warn(message, stacklevel=4)


def _specialized_or_none(path):
    """The copy __PIXIE__['specialize'] made of `path`, if there is one to trust.

    A sibling named <name>_pixie_specialized.pixie is used only when it is a
    regular file (not a link) owned by the owner of `path`, writable by no one
    who cannot write `path`, and a copy of it: the same uuid, library, exports
    (names, symbols, signatures, metadata) and bitcode, only variants added
    (a stale copy, or one planted by another user, for example in a shared
    sticky directory, is not). It is then loaded with every check a .pixie
    gets; if that fails, `path` is loaded instead. Each refusal warns.
    """
    import os
    import stat
    tuned = specialized_path(path)
    try:
        st = os.lstat(tuned)
    except OSError:
        return None
    try:
        orig = os.stat(path)
    except OSError:
        return None
    why = None
    if not stat.S_ISREG(st.st_mode):
        why = "it is not a regular file"
    elif os.name == "posix" and st.st_uid != orig.st_uid:
        why = f"it is owned by uid {st.st_uid}, {path} by uid {orig.st_uid}"
    elif os.name == "posix" and st.st_mode & ~orig.st_mode & 0o022:
        why = "it is writable by group or others"
    else:
        from . import _pixie
        try:
            why = _pixie.specialized_mismatch(path, tuned) or None
        except _pixie.PixieError as e:  # the original itself: Library(path) will raise the same
            why = str(e)
    if why is None:
        return tuned
    _warn(f"{tuned} is not a specialised copy of {path} to trust ({why}); it is not used")
    return None


_LOADERS = ((ExtensionFileLoader, EXTENSION_SUFFIXES), (SourceFileLoader, SOURCE_SUFFIXES),
            (SourcelessFileLoader, BYTECODE_SUFFIXES), (PixieFileLoader, [".pixie"]))


def install():
    for i, hook in enumerate(sys.path_hooks):
        if getattr(hook, "_pixie", False):
            return
        if hook.__name__ == "path_hook_for_FileFinder":
            pixie_hook = FileFinder.path_hook(*_LOADERS)
            pixie_hook._pixie = True
            sys.path_hooks[i] = pixie_hook
            # Finders already made for sys.path entries do not know the suffix.
            sys.path_importer_cache.clear()
            return
    raise ImportError("pixie: the standard FileFinder path hook is missing; cannot register .pixie imports")
