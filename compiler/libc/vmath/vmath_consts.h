/* Constants for vmath.c.  Polynomial coefficients are our own minimax fits
 * (gen_coeffs.py, Remez exchange in mpmath); the splits below are exact
 * roundings of the named constants (computed with mpmath, 400 bits). */

/* ln2 split so that k*LN2_42H is exact for |k| < 2^11 */
#define LN2_42H 0x1.62e42fefa3800p-1
#define LN2_42L 0x1.ef35793c76730p-45
#define LN2_H 0x1.62e42fefa39efp-1
#define LN2_L 0x1.abc9e3b39803fp-56
#define INVLN2 0x1.71547652b82fep+0
/* pi/2 in 33+33+33+53 bits: n*PIO2_{1,2,3} exact for |n| < 2^20 */
#define PIO2_1 0x1.921fb54400000p+0
#define PIO2_2 0x1.0b4611a600000p-34
#define PIO2_3 0x1.3198a2e000000p-69
#define PIO2_4 0x1.b839a252049c1p-104
#define TWOOPI 0x1.45f306dc9c883p-1
#define PIO4_H 0x1.921fb54442d18p-1
#define PIO4_L 0x1.1a62633145c07p-55
#define PIO2_H 0x1.921fb54442d18p+0
#define PIO2_L 0x1.1a62633145c07p-54
#define PIO2_T -0x1.f1976b7ed8fbcp-110
#define PI_H 0x1.921fb54442d18p+1
#define PI_L 0x1.1a62633145c07p-53
#define PI3O4_H 0x1.2d97c7f3321d2p+1
#define PI3O4_L 0x1.a79394c9e8a0ap-54
#define INVLN2_H 0x1.71547652b82fep+0
#define INVLN2_L 0x1.777d0ffda0d24p-56
#define LOG10E_H 0x1.bcb7b1526e50ep-2
#define LOG10E_L 0x1.95355baaafad3p-57
#define TWO3_H 0x1.5555555555555p-1
#define TWO3_L 0x1.5555555555555p-55
#define TAN3PIO8 0x1.3504f333f9de6p+1
#define TANPIO8 0x1.a827999fcef32p-2
#define SHIFT 0x1.8p52
#define DBL_MIN_ 0x1p-1022
#define DBL_INF_ __builtin_inf()

static const double C_exp[10] = { 0x1.5555555555556p-3, 0x1.5555555555554p-5, 0x1.11111111109b4p-7, 0x1.6c16c16c1812ap-10, 0x1.a01a01a7c4560p-13, 0x1.a01a0198a53e3p-16, 0x1.71de0dabec16ep-19, 0x1.27e502c7af5c2p-22, 0x1.af38b26d19d44p-26, 0x1.1f2a2f5aaac43p-29 };
static const double C_log[8] = { 0x1.999999999999ap-3, 0x1.2492492492522p-3, 0x1.c71c71c6ea708p-4, 0x1.745d177abef9ap-4, 0x1.3b1395c1b039ap-4, 0x1.1118cb4221a34p-4, 0x1.df7c1a2cf1b5bp-5, 0x1.e03561bfd406bp-5 };
static const double C_sin[7] = { -0x1.5555555555555p-3, 0x1.1111111111110p-7, -0x1.a01a01a019928p-13, 0x1.71de3a545ed6bp-19, -0x1.ae64540fffd21p-26, 0x1.61217d04624bcp-33, -0x1.ab16b7364da2ep-41 };
static const double C_cos[7] = { 0x1.5555555555555p-5, -0x1.6c16c16c16c16p-10, 0x1.a01a01a019d05p-16, -0x1.27e4fb77124aap-22, 0x1.1eed8deab856fp-29, -0x1.9394b8c3d562ep-37, 0x1.ab77a550677d0p-45 };
static const double C_atan[12] = { -0x1.5555555555555p-2, 0x1.9999999999951p-3, -0x1.249249248d573p-3, 0x1.c71c71c2e5554p-4, -0x1.745d1657a81dap-4, 0x1.3b13921efc74fp-4, -0x1.110e7aa1c1025p-4, 0x1.e198d97b5ea7fp-5, -0x1.ac71633dbf682p-5, 0x1.74b3528041ac6p-5, -0x1.1ac51165b926cp-5, 0x1.09db88df7d761p-6 };
static const double C_asin[13] = { 0x1.5555555555556p-3, 0x1.3333333332e7ep-4, 0x1.6db6db6e392b8p-5, 0x1.f1c71c196a3d0p-6, 0x1.6e8bb26f1127ep-6, 0x1.1c4d26cbff751p-6, 0x1.c9d0bd54541fcp-7, 0x1.7815e8662283fp-7, 0x1.52ab046a446eep-7, 0x1.6233370b7142cp-8, 0x1.1f69db29007cap-6, -0x1.edca959f078a7p-7, 0x1.d99049d5c9176p-6 };
#define TWOOSQRTPI_H 0x1.20dd750429b6dp+0
#define TWOOSQRTPI_L 0x1.1ae3a914fed80p-56
static const double C_erf[10] = { -0x1.812746b0379e7p-2, 0x1.ce2f21a042be2p-4, -0x1.b82ce31288b12p-6, 0x1.565bcd0e672d9p-8, -0x1.c02db3fdb2ce6p-11, 0x1.f9a325c8ca7e5p-14, -0x1.f4d2058d652c2p-17, 0x1.b9d7807ab9be6p-20, -0x1.5dd180bff8ac4p-23, 0x1.cab32c7ae48c7p-27 };
/* erf(c+t), c = 0.625 + i/4, |t| <= 1/8: erf(c) hi, lo, 12 coefficients; abs err 1.38e-18 */
static const double T_erf[22][14] = {
  { 0x1.3f196dcd0f135p-1, -0x1.f25f4f6fdf70bp-56, -0x1.5670f4c4d140bp-62, 0x1.86e9694134b9ep-1, -0x1.e8a3c39181e6dp-2, -0x1.c8105021684b6p-5, 0x1.6963c8a394a22p-3, -0x1.c1242dff5208fp-6, -0x1.52b2666914c7bp-5, 0x1.c7cd9ab14a5eep-7, 0x1.b62eba164eaf3p-8, -0x1.dc3889d810d90p-9, -0x1.80141b1a9e8f8p-11, 0x1.61097834adbfdp-11 },
  { 0x1.91724951b8fc6p-1, -0x1.27912dd352f8bp-55, 0x1.91d51170074a9p-60, 0x1.0cab61f084b93p-1, -0x1.d62beb64e84b2p-2, 0x1.7c9d756a11577p-4, 0x1.cc60567dcb2f2p-4, -0x1.1350f4b216313p-4, -0x1.53bb4d1a8d5b4p-7, 0x1.30ac215e3e32cp-6, -0x1.e3ea35cb11457p-10, -0x1.aae160aa13dabp-9, 0x1.d22b9babc231bp-11, 0x1.9792cf62e415bp-12 },
  { 0x1.c6dad2829ec62p-1, -0x1.ab76d4cba3d05p-57, 0x1.27d0f6161b23cp-60, 0x1.45e99bcbb7915p-2, -0x1.6ea6cf452e88bp-2, 0x1.4cb3cf0aa0bd5p-3, 0x1.ca5083176cd42p-6, -0x1.f65d15f1f9ca6p-5, 0x1.fd1c6a0c1b1e0p-7, 0x1.3acc78f6568cfp-7, -0x1.8b41d0bfe168ep-8, -0x1.79bb2c79f597dp-12, 0x1.2c9625343c636p-10, -0x1.6e432174e4fb9p-13 },
  { 0x1.e5768c3b4a3fcp-1, 0x1.8b62674f89890p-57, -0x1.d7d1baeb929efp-63, 0x1.5ce595c455b0ap-3, -0x1.dfbbadedf5d0dp-3, 0x1.4374d82e04c98p-3, -0x1.f3b8d52d65ce9p-6, -0x1.f572c4c90f4a0p-6, 0x1.6b16f560081acp-6, -0x1.73ffa4f2322fbp-10, -0x1.1740ab24a012cp-8, 0x1.9da1871f90f2ep-10, 0x1.54b3ebfeac25bp-12, -0x1.6186925b1a49ep-12 },
  { 0x1.f4f693b67bd77p-1, -0x1.3a1ee1406c356p-56, -0x1.6ee440197969ap-61, 0x1.499d478bca735p-4, -0x1.0bcfca2194774p-3, 0x1.d6631e1a28e95p-4, -0x1.974c0368b26acp-5, -0x1.17d430bd1edc1p-9, 0x1.d857f405e8b95p-7, -0x1.954ab113ee578p-8, -0x1.2e4d9de469b58p-11, 0x1.71cdb33e5aa43p-10, -0x1.70f66e215ee0ap-12, -0x1.07f2942f29257p-13 },
  { 0x1.fbe61eef4cf6ap-1, 0x1.15ded88667618p-55, -0x1.2eece0f3999b6p-62, 0x1.12ceb37ff9bc3p-5, -0x1.01a1c847fa1b2p-4, 0x1.143d1c6f4f062p-4, -0x1.5a316520d72b3p-5, 0x1.779b1e574b71ep-7, 0x1.0d099d8433ba5p-8, -0x1.42fcbb40519b4p-8, 0x1.76fd58c2a6dbcp-10, 0x1.7bdf0e2c4fecap-12, -0x1.9755ea0d15658p-12, 0x1.312b5209d33c1p-14 },
  { 0x1.fea4218d6594ap-1, -0x1.e3333d8f7d98cp-58, 0x1.efe9e55638391p-64, 0x1.94624e78e0fafp-7, -0x1.ada873606f135p-6, 0x1.0ea475da3be57p-5, -0x1.afe553fa2b847p-6, 0x1.9973b48a1754cp-7, -0x1.dd78efc7aa65cp-10, -0x1.ea03bc1db74a1p-10, 0x1.6aa39274cbc62p-10, -0x1.2fd94f6272590p-12, -0x1.02ee7acbf3cc4p-13, 0x1.8c2cbbbde9747p-14 },
  { 0x1.ff9960f3eb327p-1, -0x1.08b1ca6e97f80p-56, 0x1.5ba7dfafdcfa0p-63, 0x1.06918b6355624p-8, -0x1.37ccd585f57d2p-7, 0x1.c1ec102e3652bp-7, -0x1.ae59615f4763cp-7, 0x1.11dae4734632bp-7, -0x1.982b287bcb7bfp-9, 0x1.0283e390eb655p-13, 0x1.377e903c78e31p-11, -0x1.61ed2093c695fp-12, 0x1.c2bf325fecd8fp-15, 0x1.0a61099461ab4p-15 },
  { 0x1.ffe514bbdc197p-1, -0x1.cd963345b5c6dp-58, 0x1.c2eb8b4ac4f77p-65, 0x1.2ce898809244ep-10, -0x1.8af14828c01a2p-9, 0x1.407fbd18f129dp-8, -0x1.62d4c6d46e3ffp-8, 0x1.146c4b3e0c3f8p-8, -0x1.267f3c2685aabp-9, 0x1.64f892a42fd68p-11, 0x1.22aad1ff5ec7ep-15, -0x1.4008911631e6ep-13, 0x1.34e03bad6df21p-14, -0x1.53f781a2f8ce9p-17 },
  { 0x1.fff9ba420e834p-1, 0x1.1379ec5aa630ep-56, -0x1.0cdc6c108e658p-66, 0x1.30538fbb77ecdp-12, -0x1.b5781e9d7c3eap-11, 0x1.89e17c074d427p-10, -0x1.ed4ac7db216e4p-10, 0x1.c11f27063bc8fp-10, -0x1.2add1cac8eeb1p-10, 0x1.151f789ab71cbp-11, -0x1.1c64e2cd46235p-13, -0x1.0ec8f02c90ac9p-16, 0x1.18df44e8fb689p-15, -0x1.ef219c71728b5p-17 },
  { 0x1.fffeb3ebb267bp-1, 0x1.e47f697047cbap-57, -0x1.6d1abead0d037p-66, 0x1.0f9e1b4dd36dfp-14, -0x1.a8670aa9998e6p-13, 0x1.a3737e2a2f1c6p-12, -0x1.24544f03686b3p-11, 0x1.2e7e763d49ed7p-11, -0x1.da496d13c99f2p-12, 0x1.176cf6341dee3p-12, -0x1.d2aed4fcbf6a3p-14, 0x1.aaff2ff947d6bp-16, 0x1.0c8410e96fd02p-18, -0x1.ac797b25b8411p-18 },
  { 0x1.ffffc316d9ed0p-1, -0x1.8b32f44f46b3bp-55, -0x1.1f23200623c68p-67, 0x1.abe09e9144b60p-17, -0x1.690585ca90b67p-15, 0x1.84522fe881164p-14, -0x1.298f8d46e1d55p-13, 0x1.57757788c4d89p-13, -0x1.330aaa7ca787bp-13, 0x1.ac999704d61bcp-14, -0x1.cc175cf8e2c78p-15, 0x1.64c6d1c108577p-16, -0x1.3193ec71a7962p-18, -0x1.6b294e4729e88p-21 },
  { 0x1.fffff618c3da6p-1, -0x1.19309ce23aa3ep-58, -0x1.57f7f1c03f68ep-71, 0x1.296a70f414056p-19, -0x1.0d88765d31c40p-17, 0x1.394b1fa670b7fp-16, -0x1.05760ad2036e9p-15, 0x1.4c1fe48ae502ap-15, -0x1.4b981fe883cd7p-15, 0x1.085c0eee934ecp-15, -0x1.510a840f07070p-16, 0x1.51667115f1e2fp-17, -0x1.f29b2a0cae15cp-19, 0x1.ac810845afcbcp-21 },
  { 0x1.fffffe92ced93p-1, -0x1.d2db2ecfe14aep-55, 0x1.1ed073574fd2bp-70, 0x1.6ce1aa3fd7bdep-22, -0x1.617a9cedde0a9p-20, 0x1.b95fa39b39e30p-19, -0x1.8e1fc4118b714p-18, 0x1.137172181077fp-17, -0x1.2eb292a7b5c82p-17, 0x1.0d8c35bad4b31p-17, -0x1.888385a064df7p-18, 0x1.d25c64d8df19cp-19, -0x1.bd6ae1950c0bep-20, 0x1.3fe6871d5d01cp-21 },
  { 0x1.ffffffd169d0cp-1, 0x1.70a2bfb068e6fp-55, 0x1.77738f35028bfp-71, 0x1.8b0cfce0579c9p-25, -0x1.976564c774c10p-23, 0x1.0fdac559b8897p-21, -0x1.07600c9d410b0p-20, 0x1.89ca774397d84p-20, -0x1.d73aaf28bdb2cp-20, 0x1.cd9e100327c3fp-20, -0x1.770bc3057cf73p-20, 0x1.fc17b1ca0c1dep-21, -0x1.2006e992f05e0p-21, 0x1.078193c2abf88p-22 },
  { 0x1.fffffffabd229p-1, -0x1.4dbe49bec3ef2p-57, 0x1.18a06c7966dc5p-72, 0x1.7974e743de9d8p-28, -0x1.9cd7dcf28a6fep-26, 0x1.252af6f493244p-24, -0x1.2f7354c9f1325p-23, 0x1.e7102f7e6205ep-23, -0x1.3ab0c048149edp-22, 0x1.4f610dc33c0bap-22, -0x1.2b5bbae299b6fp-22, 0x1.c3b22991f96f8p-23, -0x1.241627bd4e610p-23, 0x1.39f991d7e1ad3p-24 },
  { 0x1.ffffffff79626p-1, 0x1.5fbc52d650a89p-55, 0x1.3114ab2e70f54p-74, 0x1.3e44e45301a86p-31, -0x1.6fffa800a5983p-29, 0x1.1508f768fe3abp-27, -0x1.30fd0c28185cap-26, 0x1.055632761a560p-25, -0x1.6a3abea3b65ccp-25, 0x1.a06fd89bb4cd7p-25, -0x1.93d2579f0d0eap-25, 0x1.4e1a1a9d6d47dp-25, -0x1.e1aab398fe5bap-26, 0x1.24d59e39d44bap-26 },
  { 0x1.fffffffff4188p-1, 0x1.7a2cb3d056eacp-55, 0x1.03dc305921dd3p-76, 0x1.d9a880f3067b6p-35, -0x1.20a2ae953c6f9p-32, 0x1.cb2a2e568c113p-31, -0x1.0bc6ec8bd72d2p-29, 0x1.e7ba573094579p-29, -0x1.6893803786311p-28, 0x1.bc2ae0a46616bp-28, -0x1.cff4a15fa0c3bp-28, 0x1.a0506991a2e6bp-28, -0x1.4986a7e4acfcap-28, 0x1.bb51adddfaedfp-29 },
  { 0x1.ffffffffff11ap-1, -0x1.3eafccbc6e8b7p-56, 0x1.672a547f97ad6p-79, 0x1.370ab8327a8fap-38, -0x1.8e85bc03d59d8p-36, 0x1.4decacbffa015p-34, -0x1.9b3c5459846f0p-33, 0x1.8c78e3f43c783p-32, -0x1.373d256042b39p-31, 0x1.988ade756a874p-31, -0x1.c89a4ce2de129p-31, 0x1.b8aa47a034163p-31, -0x1.7af19c306e7e6p-31, 0x1.15f3ed8c5da27p-31 },
  { 0x1.ffffffffffef8p-1, 0x1.14be6226402c7p-56, 0x1.9ae0668d8aac5p-82, 0x1.68823e52960b2p-42, -0x1.e46f03c633c61p-40, 0x1.aa76120fd3d46p-38, -0x1.146fad67ac71fp-36, 0x1.192d3abc96eeep-35, -0x1.d2eb61f0b9fe1p-35, 0x1.450d832d5cfb3p-34, -0x1.8297ca94b888ap-34, 0x1.8ea7c35cfee3fp-34, -0x1.717b4398454dcp-34, 0x1.247795e2217c8p-34 },
  { 0x1.ffffffffffff0p-1, -0x1.20ef3618f2d54p-56, 0x1.8a0d319cbb9fcp-85, 0x1.70beaf9c7de5bp-46, -0x1.03461380f70f9p-43, 0x1.de74c0de931c9p-42, -0x1.459c7eefa11d5p-40, 0x1.5c5ee327d119fp-39, -0x1.30e4883339215p-38, 0x1.c087eef1f7f30p-38, -0x1.1a8b230f9f059p-37, 0x1.35aa3c2e555dap-37, -0x1.33681a134a77cp-37, 0x1.048b25da92547p-37 },
  { 0x1.fffffffffffffp-1, 0x1.0439397b5f70ap-56, 0x1.3fa6b9a71a68cp-88, 0x1.4cd9c041552bap-50, -0x1.e8dfd276738e3p-48, 0x1.d7c14a00b3fb2p-46, -0x1.504299db54c55p-44, 0x1.796a38877d048p-43, -0x1.5b2398af7b010p-42, 0x1.0ce1b3576d736p-41, -0x1.65765677f3582p-41, 0x1.9e8e630030926p-41, -0x1.b69733165f72ap-41, 0x1.8b93c8d317e6ep-41 },
};

/* (tanh x - x)/x^3 in z = x^2 <= 0.1225, degree 8: rel err 5.6e-17 (FMA tanh) */
static const double C_tanh[9] = { -0x1.5555555555555p-2, 0x1.1111111111061p-3, -0x1.ba1ba1b9f635cp-5, 0x1.664f486a2d859p-6, -0x1.226e2d44d3259p-7, 0x1.d6d0cefc4b33fp-9, -0x1.7d4f0d1ba102ap-10, 0x1.2fe940489bcb7p-11, -0x1.92b6665837f75p-13 };

/* float constants (vmath_f.inc) */
#define SHIFTF 0x1.8p23f
#define LN2F 0x1.62e430p-1f           /* ln2 rounded to float */
#define LN2F_L -0x1.05c610p-29f       /* ln2 - LN2F */
#define LN2F_H 0x1.62e4p-1f           /* 16 bits: k*LN2F_H exact for |k| < 2^8 */
#define LN2F_L16 0x1.7f7d1cp-20f      /* ln2 - LN2F_H */
#define INVLN2F 0x1.715476p+0f
#define INVLN2F_L 0x1.4ae0c0p-26f
#define LOG10EF 0x1.bcb7b2p-2f
#define LOG10EF_L -0x1.5b235ep-27f
/* float minimax fits (gen_coeffs.py, coefficients rounded to float) */
/* (e^r - 1 - r - r^2/2)/r^3 on |r| <= 0.3467, degree 4: rel err 7.9e-8 */
static const float CF_exp[5] = { 0x1.555556p-3f, 0x1.55551ap-5f, 0x1.11112cp-7f, 0x1.6d1106p-10f, 0x1.a0891ap-13f };
/* (log(1+f) - f + f^2/2)/f^3 on [sqrt(1/2)-1, sqrt(2)-1], degree 8: rel err 7.7e-8 */
static const float CF_log[9] = { 0x1.555554p-2f, -0x1.fffff8p-3f, 0x1.999d5ap-3f, -0x1.555ca0p-3f, 0x1.23d37ap-3f, -0x1.fcba7cp-4f, 0x1.de4a4ep-4f, -0x1.d7a492p-4f, 0x1.2044a6p-4f };
/* (tanh x - x)/x^3 in z = x^2 <= 0.1, degree 4: rel err 3.3e-8 */
static const float CF_tanh[5] = { -0x1.555556p-2f, 0x1.11110cp-3f, -0x1.ba1648p-5f, 0x1.6520b0p-6f, -0x1.06d77cp-7f };
/* powf, in double: log2(m) = s L(s^2), s = (m-1)/(m+1), s^2 <= 0.02945, degree 4: rel err 4.2e-12;
 * 2^r on |r| <= 1/2, degree 6: rel err 1.9e-9 */
static const double C_plog2[5] = { 0x1.71547652bee21p+1, 0x1.ec709d1291473p-1, 0x1.2777801a119bfp-1, 0x1.a58d703eddbf6p-2, 0x1.5cea30a8afd81p-2 };
/* sinf, cosf in double: (sin r - r)/r^3 and cos r in z = r^2 <= (pi/4)^2 (+0.2%),
 * degrees 3 and 4: rel err 1.7e-10, 5.6e-11 */
static const double C_fsin[4] = { -0x1.555555545a74cp-3, 0x1.11110de8841a0p-7, -0x1.a013a03b9ea0bp-13, 0x1.6dbc020c81074p-19 };
static const double C_fcos[5] = { 0x1.ffffffff84906p-1, -0x1.ffffffb6522e0p-2, 0x1.555538a01537cp-5, -0x1.6c06e96b58288p-10, 0x1.98e76888c10adp-16 };
/* expf: e^r on |r| <= 0.3467, degree 6: rel err 1.9e-9 */
static const double C_fexp[7] = { 0x1.000000026303ep+0, 0x1.0000009c56bcbp+0, 0x1.fffffaac8c760p-2, 0x1.55540a04a4af1p-3, 0x1.55589b58bfe81p-5, 0x1.126d4c0f50cbbp-7, 0x1.6ab956b5a9fe4p-10 };
static const double C_pexp2[7] = { 0x1.00000002613c7p+0, 0x1.62e430c7e84e6p-1, 0x1.ebfbdadce8662p-3, 0x1.c6aed4b9e752ep-5, 0x1.3b2dbb978da89p-7, 0x1.5f456a665b2a6p-10, 0x1.41d34fcde20bap-13 };
