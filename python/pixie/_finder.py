"""`import name` for name.pixie on sys.path (or inside a package).

The finder and loader implement the import protocols by duck typing:
importlib.abc alone costs ~14 ms of start-up (it pulls in importlib.resources,
pathlib, tempfile and re), more than loading a kernel.
"""
import os
import sys
from importlib.machinery import ModuleSpec


class _PixieLoader:
    def __init__(self, path):
        self._path = path

    def create_module(self, spec):
        from ._library import Library
        return Library(spec.name, self._path)

    def exec_module(self, module):
        pass


class PixieFinder:
    """Finds name.pixie files. It sits at the end of sys.meta_path, so a
    regular module or package of the same name always wins."""

    def find_spec(self, fullname, path, target=None):
        leaf = fullname.rpartition(".")[2]
        for entry in (sys.path if path is None else path):
            candidate = os.path.join(entry or ".", leaf + ".pixie")
            if os.path.isfile(candidate):
                return ModuleSpec(fullname, _PixieLoader(candidate), origin=candidate)
        return None


def install():
    if not any(isinstance(f, PixieFinder) for f in sys.meta_path):
        sys.meta_path.append(PixieFinder())
