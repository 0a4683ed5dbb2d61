// Real loads of the fixture on this host: every tier the CPU can run, forced
// through PIXIE_USE_ISA, computes the right answer from the right variant.
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <catch2/catch.hpp>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

using DotF64 = double(const double *, const double *, int64_t);
using DotF32 = float(const float *, const float *, int64_t);
using Axpy = void(double, const double *, double *, int64_t);
using TierFn = int32_t();
using BumpFn = int64_t();

const std::vector<std::string> kTiers = {"x86-64", "x86-64-v2", "x86-64-v3", "x86-64-v4"};

template <class Fn> Fn *get(const Module &m, const char *name, const char *sig = "") {
  auto a = m.lookup(name, sig);
  INFO(name << ": " << (a ? "" : a.error().message()));
  REQUIRE(a);
  return reinterpret_cast<Fn *>(*a);
}

void checkKernels(const Module &m) {
  std::vector<double> a(1003), b(1003), y(1003, 1.0);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = double(i % 17);
    b[i] = double(int(i % 5) - 2);
  }
  double expect = 0;
  for (size_t i = 0; i < a.size(); ++i)
    expect += a[i] * b[i];
  CHECK(get<DotF64>(m, "dot", "f64(const f64*, const f64*, i64)")(a.data(), b.data(), int64_t(a.size())) == expect);
  // The same overload through C spellings.
  CHECK(get<DotF64>(m, "dot", "double(const double *, const double *, int64_t)")(a.data(), b.data(), 3) ==
        a[0] * b[0] + a[1] * b[1] + a[2] * b[2]);
  std::vector<float> fa(a.begin(), a.end()), fb(b.begin(), b.end());
  CHECK(get<DotF32>(m, "dot", "f32(const f32*, const f32*, i64)")(fa.data(), fb.data(), int64_t(fa.size())) ==
        float(expect));
  get<Axpy>(m, "axpy")(2.0, a.data(), y.data(), int64_t(y.size()));
  for (size_t i = 0; i < y.size(); ++i)
    REQUIRE(y[i] == 1.0 + 2.0 * a[i]);
}

bool hostRuns(const Variant &v) {
  for (const std::string &f : v.required)
    if (!hostProfile().has(f))
      return false;
  return true;
}

} // namespace

TEST_CASE("the best tier for this host is selected, loaded and correct", "[module]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  REQUIRE(m);
  const Module &mod = **m;
  REQUIRE(mod.variant());
  CHECK(mod.variant()->platform == "linux-64");
  // The best tier is the highest one whose requirements the host meets.
  std::string best;
  for (const Variant &v : mod.metadata().variants)
    if (v.platform == "linux-64" && hostRuns(v))
      best = v.tier;
  INFO(explanationText(mod.explanation(), mod.metadata()));
  CHECK(mod.variant()->tier == best);
  CHECK(get<TierFn>(mod, "tier")() == int32_t(std::find(kTiers.begin(), kTiers.end(), best) - kTiers.begin() + 1));
  CHECK(mod.explanation().route == "memfd");
  checkKernels(mod);
}

TEST_CASE("every tier this CPU can run loads when forced; the others are refused clearly", "[module]") {
  TempDir cache;
  std::vector<uint8_t> file = fixtureBytes();
  auto reader = FatBinaryReader::open(file);
  REQUIRE(reader);
  for (size_t i = 0; i < kTiers.size(); ++i) {
    LoadOptions o = isolatedOptions(cache.path());
    o.use_isa = kTiers[i];
    auto m = Module::openFile(PIXIE_FIXTURE, o);
    const Variant *v = nullptr;
    for (const Variant &c : reader->metadata().variants)
      if (c.platform == "linux-64" && c.tier == kTiers[i])
        v = &c;
    REQUIRE(v);
    {
      INFO("tier " << kTiers[i]);
      if (hostRuns(*v)) {
        INFO((m ? "" : m.error().message()));
        REQUIRE(m);
        CHECK((*m)->variant()->tier == kTiers[i]);
        CHECK(get<TierFn>(**m, "tier")() == int32_t(i + 1));
        checkKernels(**m);
      } else {
        REQUIRE(!m);
        CHECK(m.error().code() == Errc::unsupported_host);
        CHECK(m.error().message().find("PIXIE_USE_ISA=" + kTiers[i] + ": this host (linux-64, cpu " +
                                       std::string(hostProfile().cpuName()) + ") lacks ") != std::string::npos);
      }
    }
  }
}

TEST_CASE("x86-64-v4 is refused on an AVX2-only host (Zen 3 profile)", "[module]") {
  TempDir cache;
  HostProfile host = zen3();
  LoadOptions o = isolatedOptions(cache.path());
  o.host = &host;
  o.use_isa = "x86-64-v4";
  auto m = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::unsupported_host);
  CHECK(m.error().message() ==
        std::string(PIXIE_FIXTURE) +
            ": PIXIE_USE_ISA=x86-64-v4: this host (linux-64, cpu znver3) lacks avx512f, avx512bw, avx512cd, "
            "avx512dq, avx512vl; tiers of 'kernels' it can run: x86-64, x86-64-v2, x86-64-v3");
  o.use_isa = "";
  auto best = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(best);
  CHECK((*best)->variant()->tier == "x86-64-v3");
  if (hostProfile().has("avx2"))
    CHECK(get<TierFn>(**best, "tier")() == 3);
}

TEST_CASE("PIXIE_USE_ISA is read from the environment", "[module]") {
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  o.use_isa.reset();
  setenv("PIXIE_USE_ISA", "x86-64-v2", 1);
  auto m = Module::openFile(PIXIE_FIXTURE, o);
  setenv("PIXIE_USE_ISA", "x86-64-v7", 1);
  auto bad = Module::openFile(PIXIE_FIXTURE, o);
  unsetenv("PIXIE_USE_ISA");
  REQUIRE(m);
  CHECK(get<TierFn>(**m, "tier")() == 2);
  REQUIRE(!bad);
  CHECK(bad.error().code() == Errc::not_found);

  setenv("PIXIE_JIT", "sometimes", 1);
  o.jit.reset();
  auto badJit = Module::openFile(PIXIE_FIXTURE, o);
  unsetenv("PIXIE_JIT");
  REQUIRE(!badJit);
  CHECK(badJit.error().message() == std::string(PIXIE_FIXTURE) + ": PIXIE_JIT=sometimes: expected never, auto or always");
}

TEST_CASE("the Linux route writes no file and maps a memfd", "[module]") {
  TempDir cache;
  std::string dir = cache.path() + "/never-created";
  auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(dir));
  REQUIRE(m);
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK((*m)->explanation().route == "memfd");
  std::string name = "/memfd:pixie:kernels:" + (*m)->variant()->tier + " (deleted)";
  CHECK(countLines(selfMaps(), name) > 0);
  m->reset();
  CHECK(countLines(selfMaps(), name) == 0);
}

TEST_CASE("the memfd route loads a variant over 1 MiB whole", "[module]") {
  // Small variants are written to the memfd, large ones decompressed into its
  // pages (memfd_linux.cpp); this is the second path.
  std::vector<uint8_t> image = fixtureBytes(PIXIE_BIG_SO);
  REQUIRE(image.size() > (size_t(1) << 20));
  std::vector<uint8_t> file = oneVariantFile("big", image);
  TempDir cache;
  LoadOptions o = isolatedOptions(cache.path());
  o.route = LoadRoute::Memfd;
  auto m = Module::openMemory(file, o);
  REQUIRE(m);
  CHECK((*m)->explanation().route == "memfd");
  auto tier = (*m)->lookup("tier", "i32()");
  REQUIRE(tier);
  CHECK(reinterpret_cast<int32_t (*)()>(*tier)() == 107);
}

TEST_CASE("opening from memory gives the same result, and the buffer may go away", "[module]") {
  TempDir cache;
  std::unique_ptr<Module> m;
  {
    std::vector<uint8_t> bytes = fixtureBytes();
    auto r = Module::openMemory(bytes, isolatedOptions(cache.path()));
    REQUIRE(r);
    m = std::move(*r);
    std::fill(bytes.begin(), bytes.end(), 0);
  }
  checkKernels(*m);
}

TEST_CASE("each open is its own instance (RTLD_LOCAL, separate state)", "[module]") {
  TempDir cache;
  auto a = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  auto b = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  REQUIRE(a);
  REQUIRE(b);
  BumpFn *bumpA = get<BumpFn>(**a, "bump"), *bumpB = get<BumpFn>(**b, "bump");
  CHECK(bumpA != bumpB);
  CHECK(bumpA() == 1);
  CHECK(bumpA() == 2);
  CHECK(bumpB() == 1);
}

TEST_CASE("lookups check names and signatures", "[module]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  REQUIRE(m);
  auto none = (*m)->lookup("nope");
  REQUIRE(!none);
  CHECK(none.error().code() == Errc::not_found);
  CHECK(none.error().message() == "'kernels' has no export 'nope'; its exports are: tier, dot, axpy, bump, ghost");
  auto ambiguous = (*m)->lookup("dot");
  REQUIRE(!ambiguous);
  CHECK(ambiguous.error().code() == Errc::invalid_argument);
  CHECK(ambiguous.error().message() == "export 'dot' has 2 overloads; pass a signature: f64(const f64*, const f64*, "
                                       "i64), f32(const f32*, const f32*, i64)");
  auto wrong = (*m)->lookup("dot", "f64(f64*, f64*, i64)");
  REQUIRE(!wrong);
  CHECK(wrong.error().message() == "export 'dot' has no overload f64(f64*, f64*, i64); its overloads are: "
                                   "f64(const f64*, const f64*, i64), f32(const f32*, const f32*, i64)");
  auto unparsable = (*m)->lookup("dot", "f64(long)");
  REQUIRE(!unparsable);
  CHECK(unparsable.error().code() == Errc::bad_signature);
  auto ghost = (*m)->lookup("ghost");
  REQUIRE(!ghost);
  CHECK(ghost.error().message() == "symbol 'not_in_any_variant' of export 'ghost' is missing from variant linux-64/" +
                                       (*m)->variant()->tier);
}

TEST_CASE("the loader never maps libLLVM", "[module]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(cache.path()));
  REQUIRE(m);
  checkKernels(**m);
  CHECK(countLines(selfMaps(), "libLLVM") == 0);
}

#if defined(__x86_64__) // the filter names x86-64 system calls
namespace {

// Forbids, in this process, every system call that creates, writes, renames
// or removes a file-system entry (EPERM), as a read-only sandbox would.
// Opening for reading and memfd_create stay allowed.
bool forbidFileSystemWrites() {
  constexpr uint32_t kWriteFlags = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;
  const uint32_t deny = SECCOMP_RET_ERRNO | EPERM;
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 4),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, kWriteFlags, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, deny),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      // Not openat: deny the calls that can only create or change entries.
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 0, 3),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, kWriteFlags, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, deny),
  };
  std::vector<sock_filter> prog(std::begin(filter), std::end(filter));
  // `open` without write flags was not denied above: allow it.
  prog.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
  prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 0, 1));
  prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  for (long nr : {__NR_creat, __NR_openat2, __NR_mkdir, __NR_mkdirat, __NR_rename, __NR_renameat, __NR_renameat2,
                  __NR_unlink, __NR_unlinkat, __NR_link, __NR_linkat, __NR_symlink, __NR_symlinkat, __NR_truncate}) {
    prog.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, uint32_t(nr), 0, 1));
    prog.push_back(BPF_STMT(BPF_RET | BPF_K, nr == __NR_openat2 ? (SECCOMP_RET_ERRNO | ENOSYS) : deny));
  }
  prog.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  struct sock_fprog fprog = {uint16_t(prog.size()), prog.data()};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) == 0;
}

} // namespace

TEST_CASE("the Linux route works where no file may be written at all", "[module]") {
  TempDir cache;
  const std::string dir = cache.path() + "/cache";
  int status = inChild([&] {
    if (!forbidFileSystemWrites())
      return 10;
    // The filter works: no file can be created, the cache-file route fails.
    if (::open((dir + "-probe").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600) >= 0 || errno != EPERM)
      return 14;
    LoadOptions file = isolatedOptions(dir);
    file.route = LoadRoute::CacheFile;
    if (Module::openFile(PIXIE_FIXTURE, file))
      return 11;
    auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(dir));
    if (!m || (*m)->explanation().route != "memfd")
      return 12;
    auto dot = (*m)->lookup("dot", "f64(const f64*, const f64*, i64)");
    double a[2] = {1, 2}, b[2] = {3, 4};
    if (!dot || reinterpret_cast<DotF64 *>(*dot)(a, b, 2) != 11.0)
      return 13;
    return 0;
  });
  CHECK(status == 0);
  CHECK_FALSE(std::filesystem::exists(dir));
}
#endif
