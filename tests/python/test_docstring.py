"""An export's docstring, from --export's '#' part or a manifest's "doc", as help() shows it."""
import json

import pixie
from conftest import pixie_build


def test_a_multiline_docstring_from_the_command_line_and_a_manifest(tmp_path):
    src = tmp_path / "k.c"
    src.write_text("#include <stdint.h>\n"
                   "void scale(int64_t n, double a, double *y) { for (int64_t i = 0; i < n; i++) y[i] *= a; }\n")
    doc = "Scales y by a, in place.\n\n\ty: the array."
    out = tmp_path / "k.pixie"
    pixie_build("--platform=linux-64", "--tier=x86-64", "-o", str(out), str(src),
                "--export", "scale=scale:void(i64 n, f64 a, f64[n] y)#" + doc)
    assert doc in pixie.load(str(out)).scale.__doc__

    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"library": "m", "inputs": ["k.c"], "exports": [
        {"name": "scale", "symbol": "scale", "signature": "void(i64 n, f64 a, f64[n] y)", "doc": doc}]}))
    out = tmp_path / "m.pixie"
    pixie_build("--platform=linux-64", "--tier=x86-64", "-o", str(out), "--manifest", str(manifest))
    assert doc in pixie.load(str(out)).scale.__doc__
