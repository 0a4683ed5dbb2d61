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
    return Library(name, _specialized_or(path))


def specialized_path(path):
    """Where __PIXIE__['specialize'] writes the tuned copy of `path`."""
    stem = path[:-len(".pixie")] if path.endswith(".pixie") else path
    return stem + "_pixie_specialized.pixie"


def _specialized_or(path):
    """The copy __PIXIE__['specialize'] made of `path`, when it has the same uuid."""
    import os
    tuned = specialized_path(path)
    if not os.path.isfile(tuned):
        return path
    from . import _pixie
    if _pixie.file_uuid(tuned) == _pixie.file_uuid(path):
        return tuned
    import warnings
    warnings.warn(f"{tuned} has another uuid than {path} (the library changed since it was specialised); "
                  "it is not used", stacklevel=3)
    return path


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
