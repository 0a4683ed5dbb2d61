/* atan2 and atan2f for every pixie target, within ~0.5 ulp of the correctly
 * rounded result (README.md, bench/LIBM.md; musl's are 1.43 and 1.41 ulp).
 *
 * Only IEEE +, -, *, / on doubles, no fma and no contraction
 * (build-bitcode.sh), so every platform computes the same bits.
 *
 * atan2(y, x) = sign(y) * (off + s * atan(n / d)) with n = min(|x|, |y|),
 * d = max(|x|, |y|), off one of 0, pi/2, pi and s = +-1 by quadrant.
 * atan(n / d) = atan(c) + atan(r), r = (n - c d) / (d + c n), c = k/32 the
 * nearest to n/d, atan(c) from a double-double table; n - c d, d + c n and
 * their quotient are computed as double-double numbers with Dekker's exact
 * product (Veltkamp splitting), atan(r) (|r| <= 2^-6) by its Taylor series
 * to r^11. The result is off + s * atan(n / d) as a double-double number
 * rounded once. When n / d < 2^-60, atan(n / d) is the quotient itself.
 * atan2f evaluates the same reduction in double (exact for float arguments
 * up to the one division) and rounds once to float. */
#include <math.h>
#include <stdint.h>

#include "exact.h"

static const double atan_k32[33][2] = {
  {0x0.0p+0, 0x0.0p+0}, /* atan(0/32) */
  {0x1.ffd55bba97625p-6, -0x1.5ec431444912cp-60}, /* atan(1/32) */
  {0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60}, /* atan(2/32) */
  {0x1.7ee182602f10fp-4, -0x1.cfb654c0c3d98p-58}, /* atan(3/32) */
  {0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59}, /* atan(4/32) */
  {0x1.3d6eee8c6626cp-3, 0x1.61a3b0ce9281bp-57}, /* atan(5/32) */
  {0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58}, /* atan(6/32) */
  {0x1.b90d7529260a2p-3, 0x1.17b10d2e0e5abp-61}, /* atan(7/32) */
  {0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57}, /* atan(8/32) */
  {0x1.18bf5a30bf178p-2, 0x1.30ca4748b1bf9p-57}, /* atan(9/32) */
  {0x1.362773707ebccp-2, -0x1.963a544b672d8p-57}, /* atan(10/32) */
  {0x1.530ad9951cd4ap-2, -0x1.2566480884082p-57}, /* atan(11/32) */
  {0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56}, /* atan(12/32) */
  {0x1.8b24d394a1b25p-2, 0x1.b6d0ba3748fa8p-56}, /* atan(13/32) */
  {0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56}, /* atan(14/32) */
  {0x1.c0db4c94ec9f0p-2, -0x1.cc1ce70934c34p-56}, /* atan(15/32) */
  {0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56}, /* atan(16/32) */
  {0x1.f40dd0b541418p-2, -0x1.a3992dc382a23p-57}, /* atan(17/32) */
  {0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56}, /* atan(18/32) */
  {0x1.1255d9bfbd2a9p-1, -0x1.2bdaee1c0ee35p-58}, /* atan(19/32) */
  {0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58}, /* atan(20/32) */
  {0x1.2958e59308e31p-1, -0x1.09e73b0c6c087p-56}, /* atan(21/32) */
  {0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55}, /* atan(22/32) */
  {0x1.3f13fb89e96f4p-1, 0x1.ecf8b492644f0p-56}, /* atan(23/32) */
  {0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56}, /* atan(24/32) */
  {0x1.538f57b89061fp-1, -0x1.1bb74abda520cp-55}, /* atan(25/32) */
  {0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57}, /* atan(26/32) */
  {0x1.66d663923e087p-1, -0x1.6ea6febe8bbbap-56}, /* atan(27/32) */
  {0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56}, /* atan(28/32) */
  {0x1.78f6bbd5d315ep-1, 0x1.406a089803740p-55}, /* atan(29/32) */
  {0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56}, /* atan(30/32) */
  {0x1.89ff5ff57f1f8p-1, -0x1.55b9a5e177a1bp-55}, /* atan(31/32) */
  {0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55}, /* atan(32/32) */
};

#define PI_H 0x1.921fb54442d18p+1
#define PI_L 0x1.1a62633145c07p-53
#define PI2_H 0x1.921fb54442d18p+0
#define PI2_L 0x1.1a62633145c07p-54
#define PI4 0x1.921fb54442d18p-1
#define PI34 0x1.2d97c7f3321d2p+1


/* The special cases of C99 Annex F.9.1.4 (y and x NaN, zero or infinite);
 * returns 1 and sets *r when one applies. */
static inline int atan2_special(double y, double x, double *r) {
  uint64_t uy = bits(y) & ~(1ull << 63), ux = bits(x) & ~(1ull << 63);
  const uint64_t inf = 0x7ffull << 52;
  if (uy > inf || ux > inf) {
    *r = x + y;
    return 1;
  }
  int ny = bits(y) >> 63, nx = bits(x) >> 63;
  double v;
  if (uy == 0)
    v = nx ? PI_H : 0.0;
  else if (ux == 0)
    v = PI2_H;
  else if (ux == inf)
    v = uy == inf ? (nx ? PI34 : PI4) : (nx ? PI_H : 0.0);
  else if (uy == inf)
    v = PI2_H;
  else
    return 0;
  *r = ny ? -v : v;
  return 1;
}

double atan2(double y, double x) {
  double r;
  if (atan2_special(y, x, &r))
    return r;
  double ay = __builtin_fabs(y), ax = __builtin_fabs(x);
  int swap = ay > ax;
  double n = swap ? ax : ay, d = swap ? ay : ax;
  /* off + s * atan(n / d) */
  double off_h = swap ? PI2_H : (bits(x) >> 63 ? PI_H : 0.0);
  double off_l = swap ? PI2_L : (bits(x) >> 63 ? PI_L : 0.0);
  double s = swap != (int)(bits(x) >> 63) ? -1.0 : 1.0;
  double q = n / d, t_h, t_l;
  if (q < 0x1p-60) {
    /* atan(q) = q (1 - q^2/3 ...): the correctly rounded quotient, even
     * when it underflows. */
    t_h = q;
    t_l = 0.0;
  } else {
    /* Scale d into [2, 4): exact, n stays normal (n >= 2^-60 d) and the
     * exact products below cannot overflow. */
    if (d < 0x1p-1000) {
      d *= 0x1p64;
      n *= 0x1p64;
    }
    int e = (int)((bits(d) >> 52) & 0x7ff) - 1023;
    double scale = from_bits((uint64_t)(1023 + 1 - e) << 52);
    d *= scale;
    n *= scale;
    int k = (int)(q * 32.0 + 0.5);
    double c = k * 0x1p-5;
    /* num = n - c d, den = d + c n, as double-double numbers. */
    double p, pe, u, ue, num_h, num_l, den_h, den_l;
    two_prod_short(c, d, &p, &pe);
    two_sum(n, -p, &u, &ue);
    fast_two_sum(u, ue - pe, &num_h, &num_l);
    two_prod_short(c, n, &p, &pe);
    fast_two_sum(d, p, &u, &ue);
    fast_two_sum(u, ue + pe, &den_h, &den_l);
    /* r = num / den */
    double r_h = num_h / den_h, m, me;
    two_prod(r_h, den_h, &m, &me);
    double r_l = (((num_h - m) - me) + (num_l - r_h * den_l)) / den_h;
    /* atan(r) = r - r^3/3 + ... - r^11/11 + ..., |r| <= 2^-6 */
    double r2 = r_h * r_h;
    double poly = r_h * r2 *
                  (-0x1.5555555555555p-2 +
                   r2 * (0x1.999999999999ap-3 +
                         r2 * (-0x1.2492492492492p-3 + r2 * (0x1.c71c71c71c71cp-4 + r2 * -0x1.745d1745d1746p-4))));
    double a_h = atan_k32[k][0], a_l = atan_k32[k][1];
    fast_two_sum(a_h, r_h, &t_h, &u);
    t_l = u + ((a_l + r_l) + poly);
  }
  double res_h, res_e;
  fast_two_sum(off_h, s * t_h, &res_h, &res_e);
  double res = res_h + (res_e + (off_l + s * t_l));
  return bits(y) >> 63 ? -res : res;
}

float atan2f(float yf, float xf) {
  double y = yf, x = xf, r;
  if (atan2_special(y, x, &r))
    return (float)r;
  double ay = __builtin_fabs(y), ax = __builtin_fabs(x);
  int swap = ay > ax;
  double n = swap ? ax : ay, d = swap ? ay : ax;
  double off = swap ? PI2_H : (bits(x) >> 63 ? PI_H : 0.0);
  double s = swap != (int)(bits(x) >> 63) ? -1.0 : 1.0;
  double q = n / d, t;
  if (q < 0x1p-30) {
    t = q;
  } else {
    int k = (int)(q * 32.0 + 0.5);
    double c = k * 0x1p-5;
    /* Exact: c has 6 bits and n, d 24, and n / d >= 1/64 unless c = 0. */
    double r = (n - c * d) / (d + c * n);
    double r2 = r * r;
    t = atan_k32[k][0] + (r + r * r2 * (-0x1.5555555555555p-2 + r2 * (0x1.999999999999ap-3 + r2 * -0x1.2492492492492p-3)));
  }
  double res = off + s * t;
  return (float)(bits(y) >> 63 ? -res : res);
}
