#!/usr/bin/env python3
"""Minimax (Remez exchange, relative error) polynomial fits for vmath.
Prints C initialisers. Run: python3 gen_coeffs.py [name ...]   (needs mpmath);
python3 gen_coeffs.py float [name ...] for the float kernels' fits."""
import sys
from mpmath import mp, mpf, matrix, lu_solve
mp.prec = 300

def remez(g, a, b, deg, iters=14, npts=3001):
    a, b = mpf(a), mpf(b)
    n = deg + 1
    xs = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / n) for i in range(n + 1)]
    grid = [a + (b - a) * k / npts for k in range(npts + 1)]
    gg = [g(x) for x in grid]
    best = None
    for _ in range(iters):
        A = matrix(n + 1, n + 1); rhs = matrix(n + 1, 1)
        for i, x in enumerate(xs):
            gx = g(x)
            for j in range(n):
                A[i, j] = x ** j
            A[i, n] = (-1) ** i * abs(gx)
            rhs[i] = gx
        sol = lu_solve(A, rhs)
        c = [sol[j] for j in range(n)]
        ev = [(mp.polyval(c[::-1], x) - gx) / abs(gx) for x, gx in zip(grid, gg)]
        m = max(abs(e) for e in ev)
        if best is None or m < best[1]:
            best = (c, m)
        ext = []
        for k in range(len(grid)):
            if k == 0 or k == len(grid) - 1 or (abs(ev[k]) >= abs(ev[k - 1]) and abs(ev[k]) >= abs(ev[k + 1])):
                ext.append((grid[k], ev[k]))
        alt = []
        for p in ext:
            if alt and (alt[-1][1] >= 0) == (p[1] >= 0):
                if abs(p[1]) > abs(alt[-1][1]):
                    alt[-1] = p
            else:
                alt.append(p)
        while len(alt) > n + 1:
            if abs(alt[0][1]) < abs(alt[-1][1]):
                alt.pop(0)
            else:
                alt.pop()
        if len(alt) < n + 1:
            break
        xs = [p[0] for p in alt]
    c = best[0]
    cd = [float(v) for v in c]   # rounded to double
    err = max(abs((mp.polyval([mpf(v) for v in cd[::-1]], x) - gx) / gx) for x, gx in zip(grid, gg))
    return cd, float(best[1]), float(err)

def fsafe(f, lim):
    return lambda x: lim if abs(x) < mpf(10) ** -60 else f(x)

FITS = {
  # name: (g, a, b, degree)
  'exp':  (fsafe(lambda r: (mp.exp(r) - 1 - r - r * r / 2) / r ** 3, mpf(1) / 6), -0.3467, 0.3467, 9),
  'log':  (fsafe(lambda z: (mp.atanh(mp.sqrt(z)) - mp.sqrt(z) - mp.sqrt(z) ** 3 / 3) / mp.sqrt(z) ** 5, mpf(1) / 5), 0, 0.02945, 7),
  'sin':  (fsafe(lambda z: (mp.sin(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, -mpf(1) / 6), 0, 0.6170, 6),
  'cos':  (fsafe(lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z ** 2, mpf(1) / 24), 0, 0.6170, 6),
  'atan': (fsafe(lambda z: (mp.atan(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, -mpf(1) / 3), 0, 0.1725, 11),
  'asin': (fsafe(lambda z: (mp.asin(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, mpf(1) / 6), 0, 0.2501, 12),
  'erf':  (fsafe(lambda z: (mp.erf(mp.sqrt(z)) / mp.sqrt(z) - 2 / mp.sqrt(mp.pi)) / z, -2 / (3 * mp.sqrt(mp.pi))), 0, 0.2501, 9),
}

FITS.update({
  # double fits of the FMA tanh and of powf's double core
  'tanh': (fsafe(lambda z: (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, -mpf(1) / 3), 0, 0.1225, 8),
  'plog2': (fsafe(lambda z: 2 * mp.atanh(mp.sqrt(z)) / (mp.sqrt(z) * mp.log(2)), 2 / mp.log(2)), 0, 0.02945, 4),
  'pexp2': (lambda r: mp.power(2, r), -0.5, 0.5, 6),
})

# float kernels (vmath_f.inc): the same fits, coefficients rounded to float
FITS_F = {
  'exp':  (fsafe(lambda r: (mp.exp(r) - 1 - r - r * r / 2) / r ** 3, mpf(1) / 6), -0.3467, 0.3467, 4),
  'log':  (fsafe(lambda f: (mp.log(1 + f) - f + f * f / 2) / f ** 3, mpf(1) / 3), -0.29290, 0.41422, 8),
  'sin':  (fsafe(lambda z: (mp.sin(mp.sqrt(z)) - mp.sqrt(z) + mp.sqrt(z) ** 3 / 6) / mp.sqrt(z) ** 5, mpf(1) / 120), 0, 0.69, 2),
  'cos':  (fsafe(lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z ** 2, mpf(1) / 24), 0, 0.69, 3),
  'tanh': (fsafe(lambda z: (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, -mpf(1) / 3), 0, 0.1, 4),
}

def to_f32(v):
    import struct
    return struct.unpack('f', struct.pack('f', v))[0]

def erf_table():
    # erf on [0.5, 6): 22 intervals of width 1/4, centre c_i = 0.625 + i/4;
    # per interval: erf(c) as hi, lo, then a degree-11 near-minimax (Chebyshev)
    # fit of erf(c+t) - erf(c) on |t| <= 1/8.
    W = mpf(1) / 4
    rows = []
    worst = 0
    for i in range(22):
        c = mpf('0.625') + i * W
        e0 = mp.erf(c)
        h = float(e0); l = float(e0 - mpf(h))
        poly, err = mp.chebyfit(lambda t: mp.erf(c + t) - e0, [-W / 2, W / 2], 12, error=True)
        worst = max(worst, err)
        co = [float(v) for v in poly[::-1]]
        rows.append('  { ' + ', '.join(v.hex() for v in [h, l] + co) + ' },')
    print(f'/* erf(c+t), c = 0.625 + i/4, |t| <= 1/8: erf(c) hi, lo, 12 coefficients; abs err {float(worst):.3g} */')
    print('static const double T_erf[22][14] = {')
    print('\n'.join(rows))
    print('};')

if __name__ == '__main__':
    if sys.argv[1:] == ['erftab']:
        erf_table(); sys.exit(0)
    if sys.argv[1:2] == ['float']:
        for nm in sys.argv[2:] or list(FITS_F):
            g, a, b, deg = FITS_F[nm]
            cd, e, ed = remez(g, a, b, deg, npts=600)
            cf = [to_f32(v) for v in cd]
            grid = [mpf(a) + (mpf(b) - mpf(a)) * k / 600 for k in range(601)]
            ef = max(abs((mp.polyval([mpf(v) for v in cf[::-1]], x) - g(x)) / g(x)) for x in grid)
            print(f'/* {nm}f: degree {deg} on [{a}, {b}], minimax rel err {e:.3g}, with float coeffs {float(ef):.3g} */')
            print(f'static const float CF_{nm}[{deg+1}] = {{ ' + ', '.join(v.hex() + 'f' for v in cf) + ' };')
        sys.exit(0)
    names = sys.argv[1:] or list(FITS)
    for nm in names:
        spec = FITS[nm]
        g, a, b, deg = spec[:4]
        if len(sys.argv) > 1 and '=' in nm:
            pass
        cd, e, ed = remez(g, a, b, deg)
        print(f'/* {nm}: degree {deg} on [{a}, {b}], minimax rel err {e:.3g}, with double coeffs {ed:.3g} */')
        print(f'static const double C_{nm}[{deg+1}] = {{ ' + ', '.join(v.hex() for v in cd) + ' };')
