# pixie's C and C++ headers (compiler/libc/include) compile unmodified,
# warning-free, for every platform triple: the C headers under C99, C11 and
# GNU17, the C++ headers under C++17 and C++20 without exceptions or RTTI,
# and a PolyBench-style hosted program. Each triple also checks the
# per-platform meanings the headers promise (long, wchar_t, errno values,
# clock_t ticks, clock ids, PRI macros), and C++ runs sort and friends at
# compile time. Syntax only: clang-19 directly, no pixie-build, no linking.
repo=$(cd "$(dirname "$0")/../../.." && pwd)
. "$repo/tests/compiler/cli/common.inc"
include=$repo/compiler/libc/include
clang=$(command -v clang-19 || echo /usr/lib/llvm-19/bin/clang)

cat > c_all.c <<'C'
#include <alloca.h>
#include <assert.h>
#include <complex.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#define NDEBUG
#include <assert.h> /* re-included: assert now ignores its argument */

#define CHECK(e) typedef char check_##__LINE__[(e) ? 1 : -1]
typedef char long_size[sizeof(long) == EXPECT_LONG ? 1 : -1];
typedef char wchar_size[sizeof(wchar_t) == EXPECT_WCHAR ? 1 : -1];
typedef char size_t_size[sizeof(size_t) == 8 && sizeof(ssize_t) == 8 ? 1 : -1];
typedef char time_t_size[sizeof(time_t) == 8 && sizeof(off_t) == 8 ? 1 : -1];
typedef char clock_t_size[sizeof(clock_t) == sizeof(long) ? 1 : -1];
typedef char errno_values[EAGAIN == EXPECT_EAGAIN && EOVERFLOW == EXPECT_EOVERFLOW &&
                          EILSEQ == EXPECT_EILSEQ && ENOTSUP == EXPECT_ENOTSUP ? 1 : -1];
typedef char errno_common[EDOM == 33 && ERANGE == 34 && EINVAL == 22 && ENOMEM == 12 && ENOENT == 2 &&
                          EBADF == 9 && EEXIST == 17 && EINTR == 4 && EIO == 5 && EPERM == 1 &&
                          EACCES == 13 && ENOSYS > 34 ? 1 : -1];
typedef char clocks[CLOCKS_PER_SEC == EXPECT_CLOCKS_PER_SEC && CLOCK_MONOTONIC == EXPECT_CLOCK_MONOTONIC &&
                    CLOCK_REALTIME == 0 ? 1 : -1];
typedef char rand_max[RAND_MAX == 0x7fffffff && EOF == -1 && SEEK_END == 2 ? 1 : -1];

static int compare(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int use_everything(int argc, char **argv) {
  char buf[256];
  int64_t i64 = INT64_MIN;
  uint64_t u64 = UINT64_MAX;
  intmax_t im = INTMAX_MAX;
  uintptr_t up = (uintptr_t)buf;
  int_fast16_t f16 = 1;
  uint_least32_t l32 = 2;
  int8_t i8 = -1;
  size_t z = sizeof buf;
  long l = 3;
  long long ll = 4;
  int n = snprintf(buf, sizeof buf, "%" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIdMAX " %" PRIxPTR " %" PRIdFAST16
                   " %" PRIuLEAST32 " %" PRIi8 " %zu %ld %lld %s %c %f %p",
                   i64, u64, u64, im, up, f16, l32, i8, z, l, ll, "s", 'c', 1.0, (void *)buf);
  n += sscanf(buf, "%" SCNd64 " %" SCNu64 " %" SCNd8, &i64, &u64, &i8);
  fprintf(stderr, "%d %s\n", n, strerror(errno));
  printf("%d\n", isalpha(argv[0][0]) + toupper('a') + isspace(' '));
  puts("x"); putchar('y'); fputs("z", stdout); fputc('w', stdout); fflush(stdout);
  FILE *f = fopen("/dev/null", "r");
  if (f) {
    n += (int)fread(buf, 1, sizeof buf, f) + (fgets(buf, 10, f) != NULL) + fscanf(f, "%d", &n);
    n += (int)fwrite(buf, 1, 0, f) + (int)ftell(f) + fseek(f, 0, SEEK_SET) + fclose(f);
  }
  perror("p"); n += remove("/nonexistent") + rename("/a", "/b") + getchar() + scanf("%d", &n);

  double *d = malloc(8 * sizeof *d), *e = calloc(8, sizeof *e);
  d = realloc(d, 16 * sizeof *d);
  void *al = aligned_alloc(64, 64), *pm = NULL;
  n += posix_memalign(&pm, 64, 64);
  char *stack = alloca(32);
  stack[0] = 0;
  int ints[4] = {3, 1, 2, 0};
  qsort(ints, 4, sizeof ints[0], compare);
  int key = 2;
  n += bsearch(&key, ints, 4, sizeof ints[0], compare) != NULL;
  div_t dv = div(7, 2); ldiv_t ldv = ldiv(7L, 2L); lldiv_t lldv = lldiv(7LL, 2LL);
  imaxdiv_t idv = imaxdiv(7, 2);
  n += dv.rem + (int)ldv.quot + (int)lldv.rem + (int)idv.quot + (int)imaxabs(-3) + abs(-1) + (int)labs(-2L) + (int)llabs(-3LL);
  n += atoi("1") + (int)atol("2") + (int)atoll("3") + (int)atof("4") + (int)strtod("5", NULL) + (int)strtof("6", NULL);
  n += (int)strtold("7", NULL) + (int)strtol("8", NULL, 10) + (int)strtoul("9", NULL, 10) + (int)strtoll("1", NULL, 0);
  n += (int)strtoull("2", NULL, 0) + (int)strtoimax("3", NULL, 10) + (int)strtoumax("4", NULL, 10);
  srand(1); n += rand() + (getenv("HOME") != NULL) + atexit(NULL);
  if (argc > 99) { n += system("true"); exit(EXIT_FAILURE); }
  if (argc > 98) abort();
  free(d); free(e); free(al); free(pm);

  char s1[32] = "abc", s2[32];
  memcpy(s2, s1, 4); memmove(s2, s2 + 1, 2); memset(s2, 0, sizeof s2);
  n += memcmp(s1, s2, 1) + (memchr(s1, 'b', 3) != NULL) + strcmp(s1, s2) + strncmp(s1, s2, 2) + strcoll(s1, s2);
  strcpy(s2, s1); strncpy(s2, s1, 3); strcat(s2, s1); strncat(s2, s1, 2);
  n += (int)strlen(s2) + (int)strnlen(s2, 4) + (strchr(s2, 'a') != NULL) + (strrchr(s2, 'a') != NULL);
  n += (int)strspn(s2, "ab") + (int)strcspn(s2, "c") + (strpbrk(s2, "c") != NULL) + (strstr(s2, "bc") != NULL);
  char *save, *dup = strdup(s1), *ndup = strndup(s1, 2);
  n += (strtok(s2, ",") != NULL) + (strtok_r(s2, ",", &save) != NULL) + (memccpy(s2, s1, 'c', 3) != NULL);
  n += (stpcpy(s2, s1) != NULL) + (int)strxfrm(s2, s1, 4);
  free(dup); free(ndup);
  n += strcasecmp("A", "a") + strncasecmp("AB", "ab", 2) + bcmp(s1, s2, 2) + ffs(8);
  bzero(s2, 4);

  time_t t = time(NULL);
  struct tm tm, *g = gmtime(&t), *lt = localtime(&t);
  tm = *g;
  n += (int)strftime(buf, sizeof buf, "%Y", lt) + (int)difftime(t, mktime(&tm)) + (int)clock();
  struct timespec ts = {0, 1000};
  n += clock_gettime(CLOCK_MONOTONIC, &ts) + nanosleep(&ts, NULL) + timespec_get(&ts, TIME_UTC);
  struct timeval tv;
  n += gettimeofday(&tv, NULL) + (int)tv.tv_usec;
  n += (int)write(STDOUT_FILENO, "", 0) + (int)read(STDIN_FILENO, buf, 0) + close(99) + (int)sleep(0);
  n += usleep(1) + (int)getpid() + (int)sysconf(_SC_NPROCESSORS_ONLN) + (int)sysconf(_SC_PAGESIZE);
  n += setlocale(LC_ALL, "C") != NULL;
  n += raise(SIGINT) + (signal(SIGTERM, SIG_IGN) == SIG_ERR);
  n += (int)sqrt(2.0) + (int)expf(1.0f) + isnan(NAN) + (int)cabs(CMPLX(3.0, 4.0)) + (int)M_PI;
  assert(n == -12345); /* compiled away by NDEBUG above */
  return n;
}
C
cat > c11_only.c <<'C'
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
static_assert(sizeof(time_t) == 8, "time_t is 64-bit");
static_assert(sizeof(long) == EXPECT_LONG, "long");
int f(void) { assert(sizeof(int64_t) == 8); return printf("%lld\n", (long long)1); }
C

cat > cxx_all.cpp <<'CXX'
#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cinttypes>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <new>
#include <numeric>
#include <type_traits>
#include <utility>
// C headers without a <c...> counterpart, as C++ includes them
#include <alloca.h>
#include <locale.h>
#include <malloc.h>
#include <signal.h>
#include <strings.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

static_assert(sizeof(long) == EXPECT_LONG && sizeof(wchar_t) == EXPECT_WCHAR);
static_assert(sizeof(std::size_t) == 8 && sizeof(std::time_t) == 8);

// <type_traits>
static_assert(std::is_same_v<std::common_type_t<int, double>, double>);
static_assert(std::is_integral_v<long> && !std::is_integral<float>::value && std::is_floating_point_v<double>);
static_assert(std::is_arithmetic_v<char> && std::is_signed_v<int> && std::is_unsigned_v<unsigned>);
static_assert(std::is_pointer_v<int *> && std::is_reference_v<int &> && std::is_const_v<const int>);
static_assert(std::is_void_v<void> && std::is_trivially_copyable_v<std::array<int, 2>>);
static_assert(std::is_same_v<std::remove_cv_t<const volatile int>, int> && std::is_same_v<std::remove_reference_t<int &&>, int>);
static_assert(std::is_same_v<std::remove_pointer_t<int *>, int> && std::is_same_v<std::remove_extent_t<int[3]>, int>);
static_assert(std::is_same_v<std::decay_t<const int(&)[3]>, const int *> && std::is_same_v<std::decay_t<int(int)>, int (*)(int)>);
static_assert(std::is_same_v<std::conditional_t<true, int, long>, int> && std::is_same_v<std::enable_if_t<true, int>, int>);
static_assert(std::is_same_v<std::add_const_t<int>, const int> && std::is_same_v<std::add_pointer_t<int &>, int *>);
static_assert(std::is_same_v<std::add_lvalue_reference_t<int>, int &> && std::is_same_v<std::add_rvalue_reference_t<int>, int &&>);
struct Base {};
struct Derived : Base {};
enum class Small : short {};
static_assert(std::is_convertible_v<Derived *, Base *> && std::is_base_of_v<Base, Derived> && !std::is_base_of_v<Derived, Base>);
static_assert(std::is_same_v<std::make_signed_t<unsigned long>, long> && std::is_same_v<std::make_unsigned_t<int>, unsigned>);
static_assert(std::is_same_v<std::underlying_type_t<Small>, short> && std::is_same_v<std::void_t<int, long>, void>);
static_assert(std::conjunction_v<std::true_type, std::is_signed<int>> && std::disjunction_v<std::false_type, std::true_type>);
static_assert(std::negation_v<std::false_type> && std::extent_v<int[3][4], 1> == 4);

// <limits>
static_assert(std::numeric_limits<float>::epsilon() == FLT_EPSILON && std::numeric_limits<double>::max() == DBL_MAX);
static_assert(std::numeric_limits<double>::denorm_min() == __DBL_DENORM_MIN__ && std::numeric_limits<double>::digits == 53);
static_assert(std::numeric_limits<float>::infinity() > FLT_MAX && std::numeric_limits<double>::has_quiet_NaN);
static_assert(std::numeric_limits<long double>::digits == LDBL_MANT_DIG && std::numeric_limits<long double>::max() == LDBL_MAX);
static_assert(std::numeric_limits<int>::max() == INT_MAX && std::numeric_limits<int>::min() == INT_MIN);
static_assert(std::numeric_limits<long>::max() == LONG_MAX && std::numeric_limits<unsigned long long>::max() == ULLONG_MAX);
static_assert(std::numeric_limits<char>::is_signed == (CHAR_MIN < 0) && std::numeric_limits<signed char>::min() == SCHAR_MIN);
static_assert(std::numeric_limits<short>::digits10 == 4 && std::numeric_limits<long long>::digits10 == 18);
static_assert(std::numeric_limits<const unsigned>::max() == UINT_MAX && std::numeric_limits<bool>::digits == 1);
static_assert(std::numeric_limits<wchar_t>::max() == WCHAR_MAX && std::numeric_limits<char32_t>::digits == 32);

// <utility>, <array>, <algorithm>, <numeric>, <functional>, <iterator> at compile time
constexpr std::array<double, 8> sorted8() {
  std::array<double, 8> a{5, -3, 8, 1, 9, 2, 7, 4};
  std::sort(a.begin(), a.end());
  return a;
}
constexpr std::array<double, 8> s8 = sorted8();
static_assert(std::is_sorted(s8.begin(), s8.end()) && s8[0] == -3 && s8.at(7) == 9 && s8.size() == 8);
constexpr std::array<int, 40> scrambled() {
  std::array<int, 40> a{};
  for (int i = 0; i < 40; ++i)
    a[i] = (i * 17 + 5) % 40 / 2; // 0..19, each twice, out of order
  return a;
}
constexpr bool sorts_agree() {
  auto a = scrambled(), b = scrambled(), c = scrambled(), d = scrambled();
  std::sort(a.begin(), a.end(), std::greater<>());
  std::stable_sort(b.begin(), b.end(), std::greater<int>());
  std::partial_sort(c.begin(), c.begin() + 10, c.end(), std::greater<>());
  std::nth_element(d.begin(), d.begin() + 25, d.end(), std::greater<>());
  return std::is_sorted(a.begin(), a.end(), std::greater<>()) && a == b && std::equal(c.begin(), c.begin() + 10, a.begin()) &&
         d[25] == a[25] && std::all_of(d.begin(), d.begin() + 25, [&](int x) { return x >= d[25]; });
}
static_assert(sorts_agree());
constexpr bool sequences() {
  std::array<int, 6> a{};
  std::iota(a.begin(), a.end(), 1);
  std::reverse(a.begin(), a.end());
  std::rotate(a.begin(), a.begin() + 2, a.end());
  std::array<int, 6> want{4, 3, 2, 1, 6, 5};
  int b[6] = {};
  std::copy(a.begin(), a.end(), std::begin(b));
  std::replace(std::begin(b), std::end(b), 6, 0);
  int *end = std::remove_if(std::begin(b), std::end(b), [](int x) { return x == 0; });
  std::array<int, 5> sums{};
  std::partial_sum(std::begin(b), end, sums.begin());
  return a == want && end - b == 5 && sums[4] == 15 && std::count(a.begin(), a.end(), 3) == 1 &&
         *std::min_element(a.begin(), a.end()) == 1 && *std::max_element(a.rbegin(), a.rend()) == 6 &&
         std::find(a.begin(), a.end(), 2) - a.begin() == 2 && std::distance(a.begin(), a.end()) == 6 &&
         *std::next(a.begin(), 2) == 2 && *std::prev(a.end()) == 5 && std::size(b) == 6 &&
         std::lower_bound(sums.begin(), sums.end(), 10) - sums.begin() == 3 && std::binary_search(sums.begin(), sums.end(), 15);
}
static_assert(sequences());
constexpr int sum_list(std::initializer_list<int> l) { return std::accumulate(std::begin(l), std::end(l), 0); }
static_assert(sum_list({1, 2, 3, 4}) == 10);
constexpr std::initializer_list<double> il = {1.5, 2.5, 3.0};
static_assert(std::accumulate(il.begin(), il.end(), 0.0) == 7.0 && std::reduce(il.begin(), il.end()) == 7.0);
static_assert(std::inner_product(il.begin(), il.end(), il.begin(), 0.0) == 17.5);
static_assert(std::transform_reduce(il.begin(), il.end(), 0.0, std::plus<>(), std::negate<>()) == -7.0);
static_assert(std::gcd(12, -18) == 6 && std::lcm(4u, 6u) == 12u);
static_assert(std::min(3, 4) == 3 && std::max({3, 9, 4}) == 9 && std::min({2.5, 1.5}, std::greater<>()) == 2.5);
static_assert(std::clamp(7, 0, 5) == 5 && std::minmax(5, 2).first == 2 && std::minmax({4, 1, 9}).second == 9);
constexpr auto pr = std::make_pair(1, 2.5);
static_assert(std::tuple_size_v<decltype(pr)> == 2 && std::get<1>(pr) == 2.5 && std::get<0>(std::array<int, 2>{7, 8}) == 7);
static_assert(std::tuple_size<std::array<int, 3>>::value == 3 && std::is_same_v<std::tuple_element_t<0, decltype(pr)>, const int>);
static_assert(std::is_same_v<std::make_index_sequence<3>, std::index_sequence<0, 1, 2>>);
static_assert(std::equal_to<>()(1, 1.0) && std::less<int>()(1, 2) && std::multiplies<>()(3, 4) == 12 && std::minus<>()(3, 4) == -1);
static_assert(std::to_integer<int>(std::byte{3} | std::byte{4}) == 7 && alignof(std::max_align_t) >= 8);

// <cmath>: the overloads and their types
static_assert(std::is_same_v<decltype(std::exp(1.0f)), float> && std::is_same_v<decltype(std::sqrt(4)), double>);
static_assert(std::is_same_v<decltype(std::pow(2.0f, 3.0f)), float> && std::is_same_v<decltype(std::pow(2.0f, 3)), double>);
static_assert(std::is_same_v<decltype(std::abs(-2L)), long> && std::is_same_v<decltype(std::abs(-2.0f)), float>);
static_assert(std::is_same_v<decltype(std::fabs(2)), double> && std::is_same_v<decltype(std::lround(2.5f)), long>);
static_assert(std::isnan(std::numeric_limits<double>::quiet_NaN()) && std::isinf(HUGE_VALF) && !std::isnan(3));
static_assert(std::isfinite(1.0f) && std::fpclassify(0.0) == FP_ZERO && std::abs(-2.5) == 2.5);

struct Point { double x, y; };
int use(int argc, char **argv) {
  auto [first, second] = std::make_pair(argc, 2.5);
  std::array<double, 8> a{};
  a.fill(1.0);
  std::sort(a.begin(), a.end(), [](double p, double q) { return p > q; });
  std::stable_sort(a.begin(), a.end());
  std::swap(a[0], a[1]);
  double e = std::exchange(a[2], 3.0) + a.at(argc % 8) + std::get<0>(a);
  float fe = std::numeric_limits<float>::epsilon();
  double m = std::sqrt(2) + std::exp(fe) + std::pow(a[0], 2) + std::fma(1.0f, 2, 3.0) + std::sin(0.5f) + std::atan2(1, 2.0);
  bool classify = std::isnan(m) || std::signbit(m) || isnan(m) || std::isless(m, fe);
  Point *p = new Point{1, 2};
  Point *q = new (std::nothrow) Point[4];
  alignas(Point) unsigned char storage[sizeof(Point)];
  Point *r = std::launder(new (storage) Point{3, 4});
  double sum = p->x + r->y + std::accumulate(a.begin(), a.end(), 0.0);
  delete p;
  delete[] q;
  std::int64_t i64 = INT64_MAX;
  std::printf("%s %" PRId64 " %g %d %zu\n", argv[0], i64, first + second + e + m + sum, classify, std::strlen(argv[0]));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d", std::abs(-argc));
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  sum += double(tv.tv_sec) + strcasecmp(buf, "x") + double(sysconf(_SC_PAGESIZE)) + raise(SIGTERM);
  assert(buf[0] != 0);
  return int(std::strtol(buf, nullptr, 10)) + errno + std::toupper('a') + int(std::clock()) + int(std::abs(-1LL));
}
CXX

cat > polybench.c <<'C'
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <math.h>
#include <stdlib.h>
#include <sys/time.h>

#define N 64
#define DATA_TYPE double
#define DATA_PRINTF_MODIFIER "%0.2lf "

static double rtclock(void) {
  struct timeval Tp;
  int stat = gettimeofday(&Tp, NULL);
  if (stat != 0)
    printf("Error return from gettimeofday: %d", stat);
  return (Tp.tv_sec + Tp.tv_usec * 1.0e-6);
}

static void *polybench_alloc_data(unsigned long long n, int elt_size) {
  void *ret = NULL;
  if (posix_memalign(&ret, 4096, n * elt_size) || !ret) {
    fprintf(stderr, "[PolyBench] posix_memalign: cannot allocate memory");
    exit(1);
  }
  return ret;
}

static void init_array(int n, DATA_TYPE A[N][N], DATA_TYPE x[N]) {
  for (int i = 0; i < n; i++) {
    x[i] = 1.0 / n;
    for (int j = 0; j < n; j++)
      A[i][j] = (DATA_TYPE)((i * j + 1) % n) / n;
  }
}

static void print_array(int n, DATA_TYPE y[N]) {
  fprintf(stderr, "==BEGIN DUMP_ARRAYS==\n");
  fprintf(stderr, "begin dump: %s", "y");
  for (int i = 0; i < n; i++) {
    if (i % 20 == 0)
      fprintf(stderr, "\n");
    fprintf(stderr, DATA_PRINTF_MODIFIER, y[i]);
  }
  fprintf(stderr, "\nend   dump: %s\n", "y");
  fprintf(stderr, "==END   DUMP_ARRAYS==\n");
}

static void kernel_mvt(int n, DATA_TYPE A[N][N], DATA_TYPE x[N], DATA_TYPE y[N]) {
  for (int i = 0; i < n; i++) {
    y[i] = 0;
    for (int j = 0; j < n; j++)
      y[i] += A[i][j] * x[j];
    y[i] = sqrt(fabs(y[i])) + exp(-y[i]);
  }
}

int main(int argc, char **argv) {
  DATA_TYPE(*A)[N][N] = (DATA_TYPE(*)[N][N])polybench_alloc_data(N * N, sizeof(DATA_TYPE));
  DATA_TYPE(*x)[N] = (DATA_TYPE(*)[N])polybench_alloc_data(N, sizeof(DATA_TYPE));
  DATA_TYPE(*y)[N] = (DATA_TYPE(*)[N])polybench_alloc_data(N, sizeof(DATA_TYPE));
  init_array(N, *A, *x);
  double t_start = rtclock();
  kernel_mvt(N, *A, *x, *y);
  double t_end = rtclock();
  printf("%0.6f\n", t_end - t_start);
  if (argc > 42 && !strcmp(argv[0], ""))
    print_array(N, *y);
  free(A);
  free(x);
  free(y);
  return 0;
}
C

# clang's own intrinsic headers now find pixie's stdlib.h (mm_malloc.h
# includes it, and malloc.h on Windows).
cat > intrinsics.c <<'C'
#include <stdlib.h>
#include <string.h>
#ifdef __x86_64__
#include <immintrin.h>
float *make(size_t n) {
  float *p = (float *)_mm_malloc(n * sizeof(float), 32);
  memset(p, 0, n * sizeof(float));
  return p;
}
void drop(float *p) { _mm_free(p); }
#else
#include <arm_neon.h>
float32x4_t twice(float32x4_t v) { return vaddq_f32(v, v); }
#endif
C

for triple in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu arm64-apple-macosx11.0 x86_64-pc-windows-msvc; do
  case $triple in
  *linux*) expect=(-DEXPECT_LONG=8 -DEXPECT_WCHAR=4 -DEXPECT_EAGAIN=11 -DEXPECT_EOVERFLOW=75 -DEXPECT_EILSEQ=84
                   -DEXPECT_ENOTSUP=95 -DEXPECT_CLOCKS_PER_SEC=1000000 -DEXPECT_CLOCK_MONOTONIC=1) ;;
  *apple*) expect=(-DEXPECT_LONG=8 -DEXPECT_WCHAR=4 -DEXPECT_EAGAIN=35 -DEXPECT_EOVERFLOW=84 -DEXPECT_EILSEQ=92
                   -DEXPECT_ENOTSUP=45 -DEXPECT_CLOCKS_PER_SEC=1000000 -DEXPECT_CLOCK_MONOTONIC=6) ;;
  *windows*) expect=(-DEXPECT_LONG=4 -DEXPECT_WCHAR=2 -DEXPECT_EAGAIN=11 -DEXPECT_EOVERFLOW=132 -DEXPECT_EILSEQ=42
                     -DEXPECT_ENOTSUP=129 -DEXPECT_CLOCKS_PER_SEC=1000 -DEXPECT_CLOCK_MONOTONIC=1) ;;
  esac
  # -isystem as pixie-build passes it; -I as well, so that a warning inside
  # a header (which -isystem would hide) fails the test too.
  for how in -isystem -I; do
    flags=(--target="$triple" -fsyntax-only -Wall -Wextra -pedantic -Werror -nostdlibinc "$how" "$include" "${expect[@]}")
    for std in c99 c11 gnu17; do
      "$clang" "${flags[@]}" -std=$std c_all.c || fail "C headers, $triple, -std=$std, $how"
    done
    "$clang" "${flags[@]}" -std=c11 c11_only.c || fail "C11 static_assert, $triple, $how"
    for std in c++17 c++20; do
      "$clang" "${flags[@]}" -std=$std -fno-exceptions -fno-rtti cxx_all.cpp || fail "C++ headers, $triple, -std=$std, $how"
    done
    "$clang" "${flags[@]}" polybench.c || fail "PolyBench-style program, $triple, $how"
    "$clang" "${flags[@]}" -x c intrinsics.c || fail "C intrinsics, $triple, $how"
    "$clang" "${flags[@]}" -x c++ -fno-exceptions intrinsics.c || fail "C++ intrinsics, $triple, $how"
  done
done

# The format checks have teeth: a PRI macro for the wrong width is caught.
cat > wrong_format.c <<'C'
#include <inttypes.h>
#include <stdio.h>
int f(int32_t x) { return printf("%" PRId64 "\n", x); }
C
! "$clang" --target=x86_64-pc-windows-msvc -fsyntax-only -Werror -nostdlibinc -isystem "$include" \
  wrong_format.c 2>stderr.txt || fail "printf did not check PRId64 against an int32_t"
grep -q "format specifies type 'long long' but the argument has type 'int32_t'" stderr.txt ||
  { cat stderr.txt >&2; fail "wrong_format.c failed for another reason"; }
echo ok
