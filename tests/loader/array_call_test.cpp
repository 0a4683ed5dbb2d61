// Checked calls of array signatures: the C API's descriptors and checker
// (pixie_lookup_kernel, pixie_kernel_check, pixie_kernel_match) and
// pixie.hpp's typed Kernel, on kernels/arrays.c. Every mismatch has its exact
// message, and a rejected call never reaches the kernel (its call counter
// stays put, its outputs untouched), so no out-of-bounds access is reachable
// through a checked call.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pixie/pixie.hpp"

extern "C" int c_matmul(const char *path, int64_t b_rows, float c[4], char *message, size_t size);

namespace {

struct Lib {
  pixie_library lib = nullptr;
  Lib() { REQUIRE(pixie_open_file(PIXIE_ARRAYS_FIXTURE, nullptr, &lib) == nullptr); }
  ~Lib() { pixie_close(lib); }
  pixie_kernel kernel(const char *name) {
    pixie_kernel k = nullptr;
    pixie_error err = pixie_lookup_kernel(lib, name, nullptr, &k);
    INFO((err ? pixie_error_message(err) : ""));
    REQUIRE(err == nullptr);
    return k;
  }
  int64_t calls() {
    void *f = nullptr;
    REQUIRE(pixie_lookup(lib, "calls", nullptr, &f) == nullptr);
    return reinterpret_cast<int64_t (*)()>(f)();
  }
};

// The message of a failed check (and that it failed with invalid_argument),
// or "" when it passed.
std::string message(pixie_error err) {
  if (!err)
    return "";
  std::string m = pixie_error_message(err);
  CHECK(pixie_error_code(err) == PIXIE_ERR_INVALID_ARGUMENT);
  pixie_error_dispose(err);
  return m;
}

std::string check(pixie_kernel k, std::vector<pixie_array> arrays, int64_t *ext = nullptr, size_t next = 8) {
  int64_t scratch[8];
  return message(pixie_kernel_check(k, arrays.data(), arrays.size(), ext ? ext : scratch, next));
}

constexpr const char *kMatmul = "void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)";

} // namespace

TEST_CASE("kernel handles: signature, lowering, parameters", "[c_api][arrays]") {
  Lib l;
  pixie_kernel mm = l.kernel("matmul");
  pixie_kernel again = nullptr;
  REQUIRE(pixie_lookup_kernel(l.lib, "matmul", kMatmul, &again) == nullptr);
  CHECK(again == mm); // one handle per overload
  CHECK(std::string(pixie_kernel_name(mm)) == "matmul");
  CHECK(std::string(pixie_kernel_signature(mm)) == kMatmul);
  CHECK(std::string(pixie_kernel_c_signature(mm)) == "void(const f32* a, const f32* b, f32* c, i64 m, i64 k, i64 n)");
  void *address = nullptr;
  REQUIRE(pixie_lookup(l.lib, "matmul", nullptr, &address) == nullptr);
  CHECK(pixie_kernel_address(mm) == address);
  CHECK(pixie_kernel_param_count(mm) == 6);
  CHECK(pixie_kernel_declared_count(mm) == 3);
  CHECK(pixie_kernel_array_count(mm) == 3);
  REQUIRE(pixie_kernel_extent_count(mm) == 3);
  CHECK(std::string(pixie_kernel_extent_name(mm, 0)) == "m");
  CHECK(std::string(pixie_kernel_extent_name(mm, 2)) == "n");
  CHECK(pixie_kernel_extent_name(mm, 3) == nullptr);
  const pixie_param *b = pixie_kernel_param(mm, 1);
  CHECK(std::string(b->name) == "b");
  CHECK(b->dtype == PIXIE_F32);
  CHECK(b->pointer_depth == 1);
  CHECK(b->is_const == 1);
  CHECK(b->ndim == 2);
  CHECK(b->array == 1);
  CHECK(b->extent == -1);
  const pixie_param *k = pixie_kernel_param(mm, 4);
  CHECK(std::string(k->name) == "k");
  CHECK(k->dtype == PIXIE_I64);
  CHECK(k->ndim == 0);
  CHECK(k->extent == 1);
  CHECK(pixie_kernel_param(mm, 6) == nullptr);
  CHECK(pixie_kernel_result(mm)->dtype == PIXIE_VOID);

  // An integer of the signature carries its extent; nothing is appended.
  pixie_kernel axpy = l.kernel("axpy");
  CHECK(std::string(pixie_kernel_c_signature(axpy)) == "void(i64 n, f64 alpha, const f64* x, f64* y)");
  CHECK(pixie_kernel_param_count(axpy) == 4);
  CHECK(pixie_kernel_param(axpy, 0)->extent == 0);
  CHECK(pixie_kernel_param(axpy, 2)->array == 0);
  // Fixed extents are not passed.
  pixie_kernel mv3 = l.kernel("mv3");
  CHECK(std::string(pixie_kernel_c_signature(mv3)) == "f64(const f64* w, const f64* v, f64* out)");
  CHECK(pixie_kernel_extent_count(mv3) == 0);
  CHECK(pixie_kernel_result(mv3)->dtype == PIXIE_F64);
  // A signature without arrays lowers to itself.
  pixie_kernel calls = l.kernel("calls");
  CHECK(std::string(pixie_kernel_c_signature(calls)) == "i64()");
  CHECK(pixie_kernel_array_count(calls) == 0);
  CHECK(message(pixie_kernel_check(calls, nullptr, 0, nullptr, 0)) == "");

  pixie_kernel none = reinterpret_cast<pixie_kernel>(0x1);
  pixie_error err = pixie_lookup_kernel(l.lib, "nope", nullptr, &none);
  REQUIRE(err);
  CHECK(none == nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_NOT_FOUND);
  pixie_error_dispose(err);
  err = pixie_lookup_kernel(l.lib, "matmul", "void(const f64[m, k] a, const f64[k, n] b, f64[m, n] c)", &none);
  REQUIRE(err);
  CHECK(pixie_error_code(err) == PIXIE_ERR_NOT_FOUND);
  pixie_error_dispose(err);
}

TEST_CASE("pixie_kernel_check: extents filled in, then the call", "[c_api][arrays]") {
  Lib l;
  pixie_kernel mm = l.kernel("matmul");
  std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1}, c(4, -1);
  int64_t as[] = {2, 3}, bs[] = {3, 2}, cs[] = {2, 2};
  int64_t ext[3] = {};
  REQUIRE(check(mm, {{a.data(), 2, PIXIE_F32, as}, {b.data(), 2, PIXIE_F32, bs}, {c.data(), 2, PIXIE_F32, cs}},
                ext, 3) == "");
  CHECK(ext[0] == 2);
  CHECK(ext[1] == 3);
  CHECK(ext[2] == 2);
  using Fn = void(const float *, const float *, float *, int64_t, int64_t, int64_t);
  reinterpret_cast<Fn *>(pixie_kernel_address(mm))(a.data(), b.data(), c.data(), ext[0], ext[1], ext[2]);
  CHECK(c == std::vector<float>{4, 5, 10, 11});

  // Empty arrays may have no data; their extents still count.
  int64_t e0[] = {0, 3}, e1[] = {3, 0}, e2[] = {0, 0};
  CHECK(check(mm, {{nullptr, 2, PIXIE_F32, e0}, {nullptr, 2, PIXIE_F32, e1}, {nullptr, 2, PIXIE_F32, e2}}, ext, 3) ==
        "");
  CHECK(ext[0] == 0);
  CHECK(ext[1] == 3);
  CHECK(ext[2] == 0);

  // From C, exactly as a C host writes it.
  float out[4] = {};
  char text[512] = {};
  REQUIRE(c_matmul(PIXIE_ARRAYS_FIXTURE, 3, out, text, sizeof text) == 0);
  CHECK(out[0] == 4);
  CHECK(out[3] == 11);
  REQUIRE(c_matmul(PIXIE_ARRAYS_FIXTURE, 4, out, text, sizeof text) == 1);
  CHECK(std::string(text) == "matmul: extent k disagrees: a has shape [2, 3] (k = 3), b has shape [4, 2] (k = 4)");
}

TEST_CASE("pixie_kernel_check: every mismatch, before the kernel runs", "[c_api][arrays]") {
  Lib l;
  pixie_kernel mm = l.kernel("matmul");
  const int64_t before = l.calls();
  std::vector<float> a(6), b(6), c(4, 7.0f);
  std::vector<double> d(6);
  int64_t as[] = {2, 3}, bs[] = {3, 2}, cs[] = {2, 2};
  pixie_array A{a.data(), 2, PIXIE_F32, as}, B{b.data(), 2, PIXIE_F32, bs}, C{c.data(), 2, PIXIE_F32, cs};

  CHECK(check(mm, {A, B}) == "matmul: takes 3 arrays (a, b, c), 2 given");
  CHECK(check(mm, {A, B, C, C}) == "matmul: takes 3 arrays (a, b, c), 4 given");
  CHECK(message(pixie_kernel_check(mm, nullptr, 3, nullptr, 3)) == "matmul: takes 3 arrays (a, b, c), 0 given");
  int64_t two[2];
  CHECK(check(mm, {A, B, C}, two, 2) == "matmul: has 3 extents (m, k, n), room for 2 given");

  CHECK(check(mm, {{d.data(), 2, PIXIE_F64, as}, B, C}) ==
        "matmul: a (const f32[m, k]) is an array of f32, got an array of f64");
  CHECK(check(mm, {A, {b.data(), 2, PIXIE_I32, bs}, C}) ==
        "matmul: b (const f32[k, n]) is an array of f32, got an array of i32");
  CHECK(check(mm, {{a.data(), 2, 99, as}, B, C}) == "matmul: a (const f32[m, k]) is an array of f32, got dtype 99");
  CHECK(check(mm, {{a.data(), 2, PIXIE_VOID, as}, B, C}) ==
        "matmul: a (const f32[m, k]) is an array of f32, got dtype 0");

  int64_t flat[] = {6};
  CHECK(check(mm, {{a.data(), 1, PIXIE_F32, flat}, B, C}) ==
        "matmul: a (const f32[m, k]) has 2 dimensions, got 1 (shape [6])");
  CHECK(check(mm, {{a.data(), 9, PIXIE_F32, as}, B, C}) == "matmul: a (const f32[m, k]) has 2 dimensions, got 9");
  CHECK(check(mm, {{a.data(), -1, PIXIE_F32, as}, B, C}) == "matmul: a (const f32[m, k]) has 2 dimensions, got -1");
  CHECK(check(mm, {{a.data(), 2, PIXIE_F32, nullptr}, B, C}) == "matmul: a (const f32[m, k]): shape is NULL");

  int64_t negative[] = {3, -2};
  CHECK(check(mm, {A, {b.data(), 2, PIXIE_F32, negative}, C}) ==
        "matmul: b (const f32[k, n]) has a negative extent: shape [3, -2]");
  int64_t huge[] = {INT64_MAX / 2, 4};
  CHECK(check(mm, {{a.data(), 2, PIXIE_F32, huge}, B, C}) ==
        "matmul: a (const f32[m, k]): shape [4611686018427387903, 4] is larger than memory");
  int64_t wraps[] = {int64_t(1) << 32, int64_t(1) << 32}; // 2^64 elements: not empty
  CHECK(check(mm, {{a.data(), 2, PIXIE_F32, wraps}, B, C}) ==
        "matmul: a (const f32[m, k]): shape [4294967296, 4294967296] is larger than memory");

  int64_t b4[] = {4, 2};
  CHECK(check(mm, {A, {b.data(), 2, PIXIE_F32, b4}, C}) ==
        "matmul: extent k disagrees: a has shape [2, 3] (k = 3), b has shape [4, 2] (k = 4)");
  int64_t c23[] = {2, 3};
  CHECK(check(mm, {A, B, {c.data(), 2, PIXIE_F32, c23}}) ==
        "matmul: extent n disagrees: b has shape [3, 2] (n = 2), c has shape [2, 3] (n = 3)");
  int64_t c32[] = {3, 2};
  CHECK(check(mm, {A, B, {c.data(), 2, PIXIE_F32, c32}}) ==
        "matmul: extent m disagrees: a has shape [2, 3] (m = 2), c has shape [3, 2] (m = 3)");

  CHECK(check(mm, {A, B, {nullptr, 2, PIXIE_F32, cs}}) == "matmul: c (f32[m, n]) has no data (NULL) for shape [2, 2]");
  void *odd = reinterpret_cast<char *>(a.data()) + 2;
  char addr[32];
  std::snprintf(addr, sizeof addr, "%p", odd);
  CHECK(check(mm, {{odd, 2, PIXIE_F32, as}, B, C}) ==
        std::string("matmul: a (const f32[m, k]): data ") + addr + " is not aligned to its 4-byte f32 elements");

  // Fixed extents.
  pixie_kernel mv3 = l.kernel("mv3");
  std::vector<double> w(12), v(3), out(3);
  int64_t w33[] = {3, 3}, w34[] = {3, 4}, v3[] = {3}, v4[] = {4};
  CHECK(check(mv3, {{w.data(), 2, PIXIE_F64, w34}, {v.data(), 1, PIXIE_F64, v3}, {out.data(), 1, PIXIE_F64, v3}}) ==
        "mv3: w (const f64[3, 3]) needs extent 3 in axis 1, got shape [3, 4]");
  CHECK(check(mv3, {{w.data(), 2, PIXIE_F64, w33}, {v.data(), 1, PIXIE_F64, v3}, {out.data(), 1, PIXIE_F64, v4}}) ==
        "mv3: out (f64[3]) needs extent 3 in axis 0, got shape [4]");

  // An extent too big for the integer that carries it.
  pixie_kernel sum = l.kernel("sum_u8n");
  std::vector<int32_t> x(300);
  int64_t x300[] = {300}, x255[] = {255};
  CHECK(check(sum, {{x.data(), 1, PIXIE_I32, x300}}) ==
        "sum_u8n: extent n = 300 does not fit parameter n (u8), from x with shape [300]");
  CHECK(check(sum, {{x.data(), 1, PIXIE_I32, x255}}) == "");

  // An unnamed parameter is named by its position.
  pixie_kernel pairs = l.kernel("pair_sums");
  std::vector<int32_t> p(6);
  std::vector<int64_t> o(3);
  int64_t p32[] = {3, 2}, o3[] = {3};
  CHECK(check(pairs, {{p.data(), 2, PIXIE_I32, p32}, {o.data(), 1, PIXIE_I64, o3}}) ==
        "pair_sums: parameter 1 (const i16[r, 2]) is an array of i16, got an array of i32");
  CHECK(check(pairs, {{p.data(), 2, PIXIE_I16, p32}, {o.data(), 1, PIXIE_I64, x255}}) ==
        "pair_sums: extent r disagrees: parameter 1 has shape [3, 2] (r = 3), out has shape [255] (r = 255)");

  CHECK(message(pixie_kernel_check(nullptr, nullptr, 0, nullptr, 0)) == "pixie_kernel_check: kernel must not be NULL");
  CHECK(l.calls() == before);
  CHECK(c == std::vector<float>(4, 7.0f));
}

TEST_CASE("pixie::Kernel: typed calls over ndview and std::span", "[c_api][arrays]") {
  pixie::Status st;
  pixie::Library lib = pixie::Library::open(PIXIE_ARRAYS_FIXTURE, st);
  REQUIRE_FALSE(st);

  using M = pixie::ndview<const float, 2>;
  auto mm = lib.kernel<void(M, M, pixie::ndview<float, 2>)>("matmul", st);
  INFO((st ? st.message() : ""));
  REQUIRE_FALSE(st);
  CHECK(std::string(mm.signature()) == kMatmul);
  const int64_t m = 3, k = 4, n = 5;
  std::vector<float> a(m * k), b(k * n), c(m * n, -1), want(m * n);
  for (size_t i = 0; i < a.size(); ++i)
    a[i] = float(i % 7) - 3;
  for (size_t i = 0; i < b.size(); ++i)
    b[i] = float(i % 5) * 0.5f;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p)
        want[i * n + j] += a[i * k + p] * b[p * n + j];
  mm(pixie::view(a.data(), m, k), pixie::view(b.data(), k, n), pixie::view(c.data(), m, n), st);
  REQUIRE_FALSE(st);
  CHECK(c == want);
  pixie::ndview<float, 2> cv(c.data(), m, n);
  CHECK(cv(2, 4) == want[2 * n + 4]);
  CHECK(cv.size() == m * n);

  // A mismatch: the C API's message, and the kernel does not run.
  auto calls = lib.lookup<int64_t()>("calls", nullptr, st);
  REQUIRE_FALSE(st);
  const int64_t before = calls();
  std::fill(c.begin(), c.end(), 7.0f);
  mm(pixie::view(a.data(), m, k), pixie::view(b.data(), k + 1, n), pixie::view(c.data(), m, n), st);
  REQUIRE(st);
  CHECK(st.code() == PIXIE_ERR_INVALID_ARGUMENT);
  CHECK(std::string(st.message()) ==
        "matmul: extent k disagrees: a has shape [3, 4] (k = 4), b has shape [5, 5] (k = 5)");
  mm(pixie::view(a.data(), m, k), pixie::view(b.data(), k, n), pixie::view(c.data(), m, n + 1), st);
  CHECK(std::string(st.message()) ==
        "matmul: extent n disagrees: b has shape [4, 5] (n = 5), c has shape [3, 6] (n = 6)");
  CHECK(calls() == before);
  CHECK(c == std::vector<float>(m * n, 7.0f));

  // An integer carrying an extent is filled in; a scalar passes through.
  auto axpy = lib.kernel<void(pixie::extent<int64_t>, double, std::span<const double>, std::span<double>)>("axpy", st);
  REQUIRE_FALSE(st);
  std::vector<double> x = {1, 2, 3}, y = {10, 20, 30};
  axpy(2.0, x, y, st);
  REQUIRE_FALSE(st);
  CHECK(y == std::vector<double>{12, 24, 36});
  std::vector<double> short_y = {1, 2};
  axpy(2.0, x, short_y, st);
  CHECK(std::string(st.message()) == "axpy: extent n disagrees: x has shape [3] (n = 3), y has shape [2] (n = 2)");
  CHECK(short_y == std::vector<double>{1, 2});

  // 3-D, against the same stencil computed here.
  auto st3 = lib.kernel<void(pixie::ndview<const double, 3>, pixie::ndview<double, 3>)>("stencil3d", st);
  REQUIRE_FALSE(st);
  const int64_t s = 6;
  std::vector<double> in(s * s * s), res(s * s * s), ref(s * s * s);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = std::sin(double(i));
  pixie::ndview<const double, 3> iv(in.data(), s, s, s);
  pixie::ndview<double, 3> rv(ref.data(), s, s, s);
  for (int64_t i = 0; i < s; ++i)
    for (int64_t j = 0; j < s; ++j)
      for (int64_t q = 0; q < s; ++q)
        rv(i, j, q) = (i == 0 || j == 0 || q == 0 || i == s - 1 || j == s - 1 || q == s - 1)
                          ? iv(i, j, q)
                          : (iv(i, j, q) + iv(i - 1, j, q) + iv(i + 1, j, q) + iv(i, j - 1, q) + iv(i, j + 1, q) +
                             iv(i, j, q - 1) + iv(i, j, q + 1)) /
                                7.0;
  st3(iv, pixie::view(res.data(), s, s, s), st);
  REQUIRE_FALSE(st);
  CHECK(res == ref);
  st3(iv, pixie::view(res.data(), s, s, s - 1), st);
  CHECK(std::string(st.message()) ==
        "stencil3d: extent n disagrees: a has shape [6, 6, 6] (n = 6), b has shape [6, 6, 5] (n = 5)");

  // Fixed extents and a result.
  auto mv3 = lib.kernel<double(pixie::ndview<const double, 2>, std::span<const double>, std::span<double>)>("mv3", st);
  REQUIRE_FALSE(st);
  std::array<double, 9> w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::array<double, 3> v = {1, 0, -1}, out = {};
  CHECK(mv3(pixie::view(w.data(), 3, 3), v, out, st) == 15.0);
  REQUIRE_FALSE(st);
  CHECK(out == std::array<double, 3>{-2, -2, -2});
  CHECK(mv3(pixie::view(w.data(), 1, 9), v, out, st) == 0.0);
  CHECK(std::string(st.message()) == "mv3: w (const f64[3, 3]) needs extent 3 in axis 0, got shape [1, 9]");

  // A narrow carrier, a float scalar before an appended extent, a pointer.
  auto sum = lib.kernel<int32_t(pixie::extent<uint8_t>, std::span<const int32_t>)>("sum_u8n", st);
  REQUIRE_FALSE(st);
  std::vector<int32_t> ints(255, 2);
  CHECK(sum(ints, st) == 510);
  REQUIRE_FALSE(st);
  ints.resize(256);
  CHECK(sum(ints, st) == 0);
  CHECK(std::string(st.message()) == "sum_u8n: extent n = 256 does not fit parameter n (u8), from x with shape [256]");
  auto scaled = lib.kernel<float(std::span<const float>, float)>("scaled_sum", st);
  REQUIRE_FALSE(st);
  std::vector<float> fs = {1, 2, 3, 4};
  CHECK(scaled(fs, 0.5f, st) == 5.0f);
  REQUIRE_FALSE(st);
  auto pairs =
      lib.kernel<void(pixie::ndview<const int16_t, 2>, std::span<int64_t>, const double *)>("pair_sums", st);
  REQUIRE_FALSE(st);
  std::vector<int16_t> pr = {1, 2, 30000, 30000, -5, 5};
  std::vector<int64_t> sums(3);
  pairs(pixie::view(pr.data(), 3, 2), sums, nullptr, st);
  REQUIRE_FALSE(st);
  CHECK(sums == std::vector<int64_t>{3, 60000, 0});
  pairs(pixie::view(pr.data(), 2, 3), sums, nullptr, st);
  CHECK(std::string(st.message()) == "pair_sums: parameter 1 (const i16[r, 2]) needs extent 2 in axis 1, got shape [2, 3]");

  pixie::Kernel<void()> unbound;
  CHECK_FALSE(unbound);
  unbound(st);
  CHECK(std::string(st.message()) == "pixie::Kernel: not bound to a kernel");
}

TEST_CASE("pixie::Kernel: the C++ type is checked against the signature at lookup", "[c_api][arrays]") {
  pixie::Status st;
  pixie::Library lib = pixie::Library::open(PIXIE_ARRAYS_FIXTURE, st);
  REQUIRE_FALSE(st);
  const std::string mm = std::string("matmul is ") + kMatmul + ": ";
  using CF2 = pixie::ndview<const float, 2>;
  using F2 = pixie::ndview<float, 2>;

  auto k1 = lib.kernel<void(CF2, CF2)>("matmul", st);
  CHECK_FALSE(k1);
  CHECK(std::string(st.message()) == mm + "it has 3 parameters, the host's type 2");
  lib.kernel<void(pixie::ndview<const double, 2>, CF2, F2)>("matmul", st);
  CHECK(std::string(st.message()) == mm + "a (const f32[m, k]) does not take the host's 2-D array of const f64");
  lib.kernel<void(pixie::ndview<const float, 1>, CF2, F2)>("matmul", st);
  CHECK(std::string(st.message()) == mm + "a (const f32[m, k]) does not take the host's 1-D array of const f32");
  lib.kernel<void(CF2, CF2, CF2)>("matmul", st);
  CHECK(std::string(st.message()) == mm + "c (f32[m, n]) does not take the host's 2-D array of const f32");
  lib.kernel<void(CF2, CF2, float *)>("matmul", st);
  CHECK(std::string(st.message()) == mm + "c (f32[m, n]) does not take the host's f32*");
  lib.kernel<int64_t(CF2, CF2, F2)>("matmul", st);
  CHECK(std::string(st.message()) == mm + "it returns void, the host's type i64");
  // A mutable array may stand for a const one.
  lib.kernel<void(F2, F2, F2)>("matmul", st);
  CHECK_FALSE(st);

  lib.kernel<void(int64_t, double, std::span<const double>, std::span<double>)>("axpy", st);
  CHECK(std::string(st.message()) ==
        "axpy is void(i64 n, f64 alpha, const f64[n] x, f64[n] y): n (i64) does not take the host's i64 "
        "(it carries extent n: the host fills it in from the arrays)");
  lib.kernel<void(pixie::extent<int64_t>, float, std::span<const double>, std::span<double>)>("axpy", st);
  CHECK(std::string(st.message()) ==
        "axpy is void(i64 n, f64 alpha, const f64[n] x, f64[n] y): alpha (f64) does not take the host's f32");
  lib.kernel<void(pixie::extent<int64_t>, pixie::extent<int64_t>, std::span<const double>, std::span<double>)>(
      "axpy", st);
  CHECK(std::string(st.message()) == "axpy is void(i64 n, f64 alpha, const f64[n] x, f64[n] y): alpha (f64) does "
                                     "not take the host's i64 filled in from the arrays");
  lib.kernel<int32_t(pixie::extent<int64_t>, std::span<const int32_t>)>("sum_u8n", st);
  CHECK(std::string(st.message()) ==
        "sum_u8n is i32(u8 n, const i32[n] x): n (u8) does not take the host's i64 filled in from the arrays");
  lib.kernel<float(pixie::ndview<const double, 2>, std::span<const double>, std::span<double>)>("mv3", st);
  CHECK(std::string(st.message()) ==
        "mv3 is f64(const f64[3, 3] w, const f64[3] v, f64[3] out): it returns f64, the host's type f32");
  lib.kernel<void(CF2, CF2, F2)>("nope", st);
  CHECK(st.code() == PIXIE_ERR_NOT_FOUND);
}
