"""primekit: primes below n, computed by a prebuilt kernel tuned for this CPU."""
import pixie

from . import sieve as _sieve  # primekit/sieve.pixie, found by pixie's import hook

__all__ = ["primes_below", "selected_isa"]

selected_isa = _sieve.selected_isa


def primes_below(n):
    """The primes below n, as a list."""
    flags = bytearray(max(n, 0))
    _sieve.primes(flags, n)
    return [i for i, f in enumerate(flags) if f]
