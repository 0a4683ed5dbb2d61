"""inspect.signature for pixie kernels (Kernel.__signature__ calls signature()).

A kernel shows its first overload's parameters: named parameters may be passed
by keyword, unnamed ones (shown as arg1, arg2, ... by declared position) only
by position; outputs that may be omitted show a default of None when every
parameter after them may be omitted too. Annotations are the signature's own
types as strings ('const f64[n]'). help(kernel) lists every overload.
"""
import inspect
import keyword

_P = inspect.Parameter


def signature(params, ret):
    # Parameters up to the last one that cannot be passed by keyword are
    # positional-only (inspect requires them first).
    last = max((i for i, (name, _, positional_only, _) in enumerate(params)
                if positional_only or keyword.iskeyword(name)), default=-1)
    out = []
    for i, (name, annotation, _, optional) in enumerate(params):
        if keyword.iskeyword(name):  # legal in a signature, not in Python source
            name += "_"
        kind = _P.POSITIONAL_ONLY if i <= last else _P.POSITIONAL_OR_KEYWORD
        out.append(_P(name, kind, default=None if optional else _P.empty, annotation=annotation))
    return inspect.Signature(out, return_annotation=ret)
