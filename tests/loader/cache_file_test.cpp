// The cache-file route (the fallback when memfd exec is refused, and the only
// route on macOS/Windows), selected here with LoadRoute::CacheFile.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <catch2/catch.hpp>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;
namespace fs = std::filesystem;

namespace {

LoadOptions cacheRoute(const std::string &dir) {
  LoadOptions o = isolatedOptions(dir);
  o.route = LoadRoute::CacheFile;
  return o;
}

int32_t tierOf(const Module &m) {
  auto f = m.lookup("tier");
  REQUIRE(f);
  return reinterpret_cast<int32_t (*)()>(*f)();
}

std::vector<fs::path> entries(const std::string &dir) {
  std::vector<fs::path> out;
  for (auto &e : fs::directory_iterator(dir))
    out.push_back(e.path());
  return out;
}

unsigned modeOf(const std::string &path) {
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}


} // namespace

TEST_CASE("cache-file route: private directory, content-addressed entry, no temp left", "[cache]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/cache";
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
  REQUIRE(m);
  CHECK((*m)->explanation().route == "cache-file");
  CHECK(modeOf(dir) == 0700);
  CHECK(modeOf(dir + "/variants") == 0700);
  auto files = entries(dir + "/variants");
  REQUIRE(files.size() == 1);
  CHECK(files[0].filename().string().size() == 32 + 3); // 128-bit hex + ".so"
  CHECK(files[0].extension() == ".so");
  CHECK(modeOf(files[0]) == 0600);
  CHECK((*m)->explanation().route_detail == files[0].string());
  CHECK(tierOf(**m) >= 1);

  // A second open reuses the entry as it is.
  struct stat before, after;
  REQUIRE(stat(files[0].c_str(), &before) == 0);
  auto again = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
  REQUIRE(again);
  REQUIRE(stat(files[0].c_str(), &after) == 0);
  CHECK(before.st_ino == after.st_ino);
  CHECK(entries(dir + "/variants").size() == 1);
}

TEST_CASE("cache-file route: a damaged entry is detected and replaced", "[cache]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/cache";
  std::string path;
  {
    auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
    REQUIRE(m);
    path = (*m)->explanation().route_detail;
  }
  for (int damage = 0; damage < 2; ++damage) {
    if (damage == 0) { // same size, one byte changed
      std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(100);
      f.put('\x5a');
    } else { // truncated
      fs::resize_file(path, 10);
    }
    auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
    INFO((m ? "" : m.error().message()));
    REQUIRE(m);
    CHECK(tierOf(**m) >= 1);
    CHECK(fs::file_size(path) > 10);
  }
}

TEST_CASE("cache-file route: a directory others can write is refused", "[cache]") {
  TempDir tmp;
  std::string dir = tmp.path() + "/cache";
  fs::create_directories(dir + "/variants");
  chmod((dir + "/variants").c_str(), 0700);
  chmod(dir.c_str(), 0777);
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
  REQUIRE(!m);
  CHECK(m.error().message().find("refusing cache directory " + dir + ": writable by group or others (mode 0777)") !=
        std::string::npos);
  chmod(dir.c_str(), 0700);
  chmod((dir + "/variants").c_str(), 0770);
  m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
  REQUIRE(!m);
  CHECK(m.error().message().find("writable by group or others (mode 0770)") != std::string::npos);
}

TEST_CASE("cache-file route: a directory or entry owned by someone else is refused", "[cache]") {
  requireRoot();
  TempDir tmp;
  std::string dir = tmp.path() + "/cache";
  fs::create_directories(dir);
  REQUIRE(chown(dir.c_str(), kOtherUid, kOtherUid) == 0);
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(dir));
  REQUIRE(!m);
  CHECK(m.error().message().find("refusing cache directory " + dir + ": owned by uid 65534, not by this user (uid 0)") !=
        std::string::npos);

  // An entry planted by another user in our directory is replaced, not loaded.
  std::string own = tmp.path() + "/own";
  auto first = Module::openFile(PIXIE_FIXTURE, cacheRoute(own));
  REQUIRE(first);
  std::string entry = (*first)->explanation().route_detail;
  first->reset();
  REQUIRE(chown(entry.c_str(), kOtherUid, kOtherUid) == 0);
  auto second = Module::openFile(PIXIE_FIXTURE, cacheRoute(own));
  REQUIRE(second);
  struct stat st;
  REQUIRE(stat(entry.c_str(), &st) == 0);
  CHECK(st.st_uid == 0);
}

TEST_CASE("cache-file route: a cache directory reached through a symlink to another user's directory is refused",
          "[cache]") {
  TempDir tmp;
  OthersDir others(tmp);
  const std::string loading = std::string(PIXIE_FIXTURE) + ": loading linux-64/";

  // The link itself as the cache directory, from the options and from the
  // environment: judged by its target.
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(others.link));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::io);
  CHECK(m.error().message().starts_with(loading));
  CHECK(m.error().message().ends_with(" of 'kernels': refusing cache directory " + others.linkText() +
                                      ": owned by uid 65534, not by this user (uid 0)"));
  LoadOptions from_env = cacheRoute("");
  from_env.cache_dir.reset();
  setenv("PIXIE_CACHE_DIR", others.link.c_str(), 1);
  auto env = Module::openFile(PIXIE_FIXTURE, from_env);
  unsetenv("PIXIE_CACHE_DIR");
  REQUIRE(!env);
  CHECK(env.error().message().ends_with(" of 'kernels': refusing cache directory " + others.linkText() +
                                        ": owned by uid 65534, not by this user (uid 0)"));

  // A cache directory to be created below the link: as root, mkdir would
  // succeed there, so the parent's owner is what refuses it.
  auto below = Module::openFile(PIXIE_FIXTURE, cacheRoute(others.link + "/pixie"));
  REQUIRE(!below);
  CHECK(below.error().message().ends_with(" of 'kernels': refusing to create cache directory " + others.link +
                                          "/pixie: its parent " + others.linkText() +
                                          " is owned by uid 65534, not by this user (uid 0) or root"));

  // Even when the other user's directory is open to everyone.
  REQUIRE(chmod(others.dir.c_str(), 0777) == 0);
  auto open_to_all = Module::openFile(PIXIE_FIXTURE, cacheRoute(others.link));
  REQUIRE(!open_to_all);
  CHECK(open_to_all.error().message().ends_with(": owned by uid 65534, not by this user (uid 0)"));
  CHECK(fs::is_empty(others.dir));
}

TEST_CASE("cache-file route: a symlink to a private directory of our own is followed", "[cache]") {
  TempDir tmp;
  const std::string real = tmp.path() + "/real", link = tmp.path() + "/link";
  fs::create_directory(real);
  REQUIRE(chmod(real.c_str(), 0700) == 0);
  fs::create_directory_symlink(real, link);
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(link));
  INFO((m ? "" : m.error().message()));
  REQUIRE(m);
  CHECK(tierOf(**m) >= 1);
  CHECK(entries(real + "/variants").size() == 1);
}

TEST_CASE("cache-file route: a relative or empty cache directory is an error", "[cache]") {
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute("relative/dir"));
  REQUIRE(!m);
  CHECK(m.error().message().find("no usable cache directory (\"relative/dir\")") != std::string::npos);
}

TEST_CASE("PIXIE_LOAD_ROUTE selects the route from the environment", "[cache]") {
  TempDir tmp;
  LoadOptions o = isolatedOptions(tmp.path() + "/cache");
  o.route.reset();
  setenv("PIXIE_LOAD_ROUTE", "cache-file", 1);
  auto viaFile = Module::openFile(PIXIE_FIXTURE, o);
  setenv("PIXIE_LOAD_ROUTE", "memfd", 1);
  auto viaMemfd = Module::openFile(PIXIE_FIXTURE, o);
  unsetenv("PIXIE_LOAD_ROUTE");
  REQUIRE(viaFile);
  REQUIRE(viaMemfd);
  CHECK((*viaFile)->explanation().route == "cache-file");
  CHECK((*viaMemfd)->explanation().route == "memfd");
}

namespace {

// Makes memfd_create fail with EPERM in this process, as a hardened sandbox
// (or a seccomp policy of a container runtime) does.
bool refuseMemfd() {
  struct sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_memfd_create, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}

} // namespace

TEST_CASE("when memfd_create is refused, the cache-file route takes over", "[cache]") {
  TempDir tmp;
  const std::string dir = tmp.path() + "/cache";
  int status = inChild([&] {
    if (!refuseMemfd())
      return 10;
    auto m = Module::openFile(PIXIE_FIXTURE, isolatedOptions(dir));
    if (!m)
      return 11;
    const Explanation &why = (*m)->explanation();
    if (why.route != "cache-file")
      return 12;
    if (why.route_detail.find(" (memfd refused: memfd_create: Operation not permitted)") == std::string::npos)
      return 13;
    auto tier = (*m)->lookup("tier");
    if (!tier || reinterpret_cast<int32_t (*)()>(*tier)() < 1)
      return 14;
    LoadOptions only = isolatedOptions(dir);
    only.route = LoadRoute::Memfd; // forcing the refused route is an error, not a fallback
    auto forced = Module::openFile(PIXIE_FIXTURE, only);
    if (forced || forced.error().code() != Errc::unsupported_host)
      return 15;
    return 0;
  });
  CHECK(status == 0);
  CHECK(entries(dir + "/variants").size() == 1);
}

// ---------------------------------------------------------------------------
// The cache directories against someone who can change the paths leading to
// them (issue 18, item 1): every step after a check must use what was
// checked, the JIT cache's as much as the variants'.

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

namespace {

// Swaps two directory entries atomically (Linux 3.15+).
int swapNames(const std::string &a, const std::string &b) {
  return int(syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE));
}

// The stand-in JIT (fake_jit.cpp): its output's `tier` returns 77.
struct FakeJit {
  explicit FakeJit(const TempDir &tmp) {
    setenv("PIXIE_FAKE_JIT_IMAGE", PIXIE_FAKE_JIT_IMAGE, 1);
    setenv("PIXIE_FAKE_JIT_LOG", (tmp.path() + "/compiles.log").c_str(), 1);
  }
  ~FakeJit() {
    unsetenv("PIXIE_FAKE_JIT_IMAGE");
    unsetenv("PIXIE_FAKE_JIT_LOG");
  }
};

LoadOptions jitRoute(const std::string &dir) {
  LoadOptions o = isolatedOptions(dir);
  o.jit = JitPolicy::Auto; // the foreign fixture has nothing for this host
  o.jit_library = PIXIE_FAKE_JIT;
  return o;
}

// What an attacker plants: a JIT entry that passes every check on its
// content (the original's uuid, one variant this host can run) but holds
// other code: the tier-1 kernels, whose `tier` returns 1, not 77.
std::vector<uint8_t> plantedJitEntry(const std::string &genuine) {
  std::vector<uint8_t> bytes = fixtureBytes(genuine.c_str());
  auto reader = FatBinaryReader::open(bytes);
  REQUIRE(reader);
  FatBinaryContents c;
  c.meta = reader->metadata();
  c.variant_images = {fixtureBytes(PIXIE_X86_64_SO)};
  auto out = writeFatBinary(c);
  REQUIRE(out);
  return std::move(*out);
}

void writeBytes(const std::string &path, const std::vector<uint8_t> &bytes, mode_t mode) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  REQUIRE(chmod(path.c_str(), mode) == 0);
}

void makeDir(const std::string &path, mode_t mode) {
  fs::create_directories(path);
  REQUIRE(chmod(path.c_str(), mode) == 0);
}

// A first JIT load into `cache`: returns the entry's file name and path.
std::pair<std::string, std::string> genuineJitEntry(const std::string &cache) {
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(m);
  REQUIRE(tierOf(**m) == 77);
  auto files = entries(cache + "/jit");
  REQUIRE(files.size() == 1);
  return {files[0].filename().string(), files[0].string()};
}

struct RaceCount {
  int loads = 0, planted = 0, failed = 0;
  std::string failure; // the first failure's message
  void fail(const std::string &why) {
    if (failed++ == 0)
      failure = why;
  }
};

// `n` JIT loads of the foreign fixture with `cache` as the cache.
RaceCount jitLoads(const std::string &cache, int n) {
  RaceCount count;
  for (int i = 0; i < n; ++i, ++count.loads) {
    auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
    if (!m) {
      count.fail(m.error().message());
      continue;
    }
    auto tier = (*m)->lookup("tier");
    const int32_t t = tier ? reinterpret_cast<int32_t (*)()>(*tier)() : -1;
    if (t == 1)
      ++count.planted;
    else if (t != 77)
      count.fail("tier " + std::to_string(t));
  }
  return count;
}

// `n` cache-file loads of the fixture; before each, the entry is removed from
// the real variants directory (held open by the test as `real_fd`), so every
// load has to write it.
RaceCount variantLoads(const std::string &cache, int real_fd, const std::string &name, int n) {
  RaceCount count;
  for (int i = 0; i < n; ++i, ++count.loads) {
    unlinkat(real_fd, name.c_str(), 0);
    auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(cache));
    if (!m)
      count.fail(m.error().message());
  }
  return count;
}

// The files in `dir` owned by `uid`.
size_t filesOwnedBy(const std::string &dir, uid_t uid) {
  size_t n = 0;
  std::error_code ec;
  for (auto &e : fs::directory_iterator(dir, ec)) {
    struct stat st;
    if (lstat(e.path().c_str(), &st) == 0 && st.st_uid == uid)
      ++n;
  }
  return n;
}

// A thread swapping two directories until stopped.
class Swapper {
public:
  Swapper(std::string a, std::string b) : a_(std::move(a)), b_(std::move(b)) {
    thread_ = std::thread([this] {
      while (!stop_.load(std::memory_order_relaxed))
        if (swapNames(a_, b_) == 0)
          ++swaps_;
    });
  }
  ~Swapper() { stop(); }
  // Stops, leaving both names as they were at the start.
  long stop() {
    if (thread_.joinable()) {
      stop_ = true;
      thread_.join();
      if (swaps_ % 2)
        swapNames(a_, b_);
    }
    return swaps_;
  }

private:
  std::string a_, b_;
  std::atomic<bool> stop_{false};
  long swaps_ = 0;
  std::thread thread_;
};

// Against a check by path and an open by path, a few loads in a thousand run
// the planted code (measured: 2 to 5 per 1000 with either swapper); 2000
// loads make missing it unlikely (e^-4 or less) at ~2 s per test. Under a
// sanitizer every load costs more, and TSan keeps memory for each library it
// has seen loaded, so fewer there: the plain build is the regression test.
#if defined(PIXIE_SANITIZED)
constexpr int kRaceLoads = 200;
#else
constexpr int kRaceLoads = 2000;
#endif

} // namespace

TEST_CASE("cache race: a cache directory swapped with another during loads is never used past its check",
          "[cache][race]") {
  // <s>/cache is the real cache; <s>/decoy is a directory anyone may write
  // (mode 0777) holding a planted JIT entry for the same key, and a variants/
  // directory. A thread swaps the two names as fast as it can while this
  // thread loads through the JIT cache and the variants cache. A check by
  // path followed by an open by path reaches the decoy's entry; a walk on
  // descriptors either opens the real cache or refuses the decoy.
  TempDir tmp;
  FakeJit jit(tmp);
  const std::string s = tmp.path() + "/s", cache = s + "/cache", decoy = s + "/decoy";
  makeDir(s, 0700);
  const auto [key, genuine] = genuineJitEntry(cache);
  std::string variant;
  {
    auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(cache));
    REQUIRE(m);
    variant = fs::path((*m)->explanation().route_detail).filename().string();
  }
  makeDir(decoy + "/jit", 0700);
  makeDir(decoy + "/variants", 0700);
  REQUIRE(chmod(decoy.c_str(), 0777) == 0);
  writeBytes(decoy + "/jit/" + key, plantedJitEntry(genuine), 0600);
  int real_variants = open((cache + "/variants").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(real_variants >= 0);

  Swapper swapper(cache, decoy);
  RaceCount jit_count = jitLoads(cache, kRaceLoads);
  RaceCount variant_count = variantLoads(cache, real_variants, variant, kRaceLoads);
  const long swaps = swapper.stop();
  close(real_variants);

  INFO("swaps " << swaps << "; JIT: " << jit_count.planted << " of " << jit_count.loads
                << " loads ran the planted entry, " << jit_count.failed << " failed (" << jit_count.failure
                << "); variants: " << variant_count.failed << " of " << variant_count.loads << " refused ("
                << variant_count.failure << ")");
  CHECK(swaps > 100);
  CHECK(jit_count.planted == 0);
  CHECK(jit_count.failed == 0); // the JIT route never fails: an unusable cache costs only the caching
  // Nothing was written into the decoy: the one entry there is the planted one.
  CHECK(entries(decoy + "/variants").empty());
  CHECK(entries(decoy + "/jit").size() == 1);
  // A variants load either used the real cache or refused the decoy.
  if (variant_count.failed)
    CHECK(variant_count.failure.find("refusing cache directory " + cache + ": writable by group or others (mode 0777)") !=
          std::string::npos);
  CHECK(variant_count.failed < variant_count.loads);
}

TEST_CASE("cache race: another user swapping a directory above the cache cannot make us load their code",
          "[cache][race]") {
  // The attack as reported: a second user owns the directory the cache sits
  // in and swaps the cache with a directory of theirs (renameat2
  // RENAME_EXCHANGE, from a process of their own) while we load. The cache
  // must be refused outright: whoever owns a directory above it can rename
  // what is in it.
  requireRoot();
  TempDir tmp;
  FakeJit jit(tmp);
  REQUIRE(chmod(tmp.path().c_str(), 0711) == 0); // the attacker can reach <shared>
  const auto [key, genuine] = genuineJitEntry(tmp.path() + "/probe"); // the key is computable by anyone
  std::string variant;
  {
    auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(tmp.path() + "/probe"));
    REQUIRE(m);
    variant = fs::path((*m)->explanation().route_detail).filename().string();
  }
  const std::string shared = tmp.path() + "/shared", cache = shared + "/cache", evil = shared + "/evil";
  makeDir(shared, 0755);
  makeDir(cache + "/jit", 0700);
  makeDir(cache + "/variants", 0700);
  REQUIRE(chmod(cache.c_str(), 0700) == 0);
  makeDir(evil + "/jit", 0755);
  makeDir(evil + "/variants", 0755);
  REQUIRE(chmod(evil.c_str(), 0755) == 0);
  writeBytes(evil + "/jit/" + key, plantedJitEntry(genuine), 0644);
  for (const std::string &p : {shared, evil, evil + "/jit", evil + "/variants", evil + "/jit/" + key})
    REQUIRE(chown(p.c_str(), kOtherUid, kOtherUid) == 0);
  int real_variants = open((cache + "/variants").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  REQUIRE(real_variants >= 0);

  pid_t attacker = fork();
  REQUIRE(attacker >= 0);
  if (attacker == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(kOtherUid) != 0 || setuid(kOtherUid) != 0)
      _exit(2);
    for (;;)
      swapNames(cache, evil);
  }
  RaceCount jit_count = jitLoads(cache, kRaceLoads);
  RaceCount variant_count = variantLoads(cache, real_variants, variant, kRaceLoads);
  kill(attacker, SIGKILL);
  int status = 0;
  REQUIRE(waitpid(attacker, &status, 0) == attacker);
  close(real_variants);

  INFO("JIT: " << jit_count.planted << " of " << jit_count.loads << " loads ran the attacker's entry, "
               << jit_count.failed << " failed (" << jit_count.failure << "); variants: " << variant_count.failed
               << " of " << variant_count.loads << " refused (" << variant_count.failure << ")");
  CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)); // it ran until stopped
  CHECK(jit_count.planted == 0);
  CHECK(jit_count.failed == 0);
  // Nothing of ours was written into the attacker's directories.
  CHECK(filesOwnedBy(evil + "/jit", 0) == 0);
  CHECK(filesOwnedBy(evil + "/variants", 0) == 0);
  CHECK(filesOwnedBy(cache + "/jit", 0) + filesOwnedBy(evil + "/jit", 0) == 0);
  // Every variants load was refused, naming the directory that makes the
  // cache unsafe, whichever way round the names were.
  CHECK(variant_count.failed == variant_count.loads);
  CHECK(variant_count.failure.ends_with("refusing cache directory " + cache + ": " + shared +
                                        " is owned by uid 65534, not by this user (uid 0) or root"));
}

TEST_CASE("cache: a JIT entry owned by another user, or writable by others, is discarded and rebuilt", "[cache]") {
  TempDir tmp;
  FakeJit jit(tmp);
  const std::string cache = tmp.path() + "/cache";
  const auto [key, path] = genuineJitEntry(cache);

  REQUIRE(chmod(path.c_str(), 0666) == 0);
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(m);
  CHECK(tierOf(**m) == 77);
  CHECK((*m)->explanation().route_detail.starts_with(
      "discarded a bad cache entry (writable by group or others (mode 0666)); compiled ("));
  CHECK(modeOf(path) == 0600);

  requireRoot();
  REQUIRE(chown(path.c_str(), kOtherUid, kOtherUid) == 0);
  auto again = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(again);
  CHECK(tierOf(**again) == 77);
  CHECK((*again)->explanation().route_detail.starts_with(
      "discarded a bad cache entry (owned by uid 65534, not by this user (uid 0)); compiled ("));
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  CHECK(st.st_uid == 0);
  auto hit = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(hit);
  CHECK((*hit)->explanation().route_detail.starts_with("cache hit " + path + "; "));
}

TEST_CASE("cache: an entry that is a symlink is never followed, and is replaced", "[cache]") {
  TempDir tmp;
  FakeJit jit(tmp);
  const std::string cache = tmp.path() + "/cache";
  // JIT: a link to a copy of the genuine entry, even our own, is not read.
  const auto [key, path] = genuineJitEntry(cache);
  const std::string copy = tmp.path() + "/copy.pixie";
  fs::copy_file(path, copy);
  fs::remove(path);
  fs::create_symlink(copy, path);
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(m);
  CHECK(tierOf(**m) == 77);
  CHECK((*m)->explanation().route_detail.starts_with("discarded a bad cache entry (a symlink); compiled ("));
  CHECK(fs::is_regular_file(fs::symlink_status(path)));

  // Variants: the same, and the link's target is left alone.
  std::string entry;
  {
    auto first = Module::openFile(PIXIE_FIXTURE, cacheRoute(cache));
    REQUIRE(first);
    entry = (*first)->explanation().route_detail;
  }
  const std::string target = tmp.path() + "/target.so";
  fs::copy_file(entry, target);
  fs::remove(entry);
  fs::create_symlink(target, entry);
  auto second = Module::openFile(PIXIE_FIXTURE, cacheRoute(cache));
  INFO((second ? "" : second.error().message()));
  REQUIRE(second);
  CHECK(tierOf(**second) >= 1);
  CHECK(fs::is_regular_file(fs::symlink_status(entry)));
  CHECK(fs::is_regular_file(fs::symlink_status(target)));
}

TEST_CASE("cache: a directory above the cache that others can write is refused unless sticky", "[cache]") {
  TempDir tmp;
  const std::string open_dir = tmp.path() + "/open", sticky = tmp.path() + "/sticky";
  makeDir(open_dir, 0777);
  auto m = Module::openFile(PIXIE_FIXTURE, cacheRoute(open_dir + "/cache"));
  REQUIRE(!m);
  CHECK(m.error().message().ends_with(": refusing to create cache directory " + open_dir + "/cache: its parent " +
                                      open_dir + " is writable by group or others (mode 0777) and not sticky"));
  makeDir(open_dir + "/cache", 0700); // made by someone else in the meantime: refused all the same
  m = Module::openFile(PIXIE_FIXTURE, cacheRoute(open_dir + "/cache/deeper"));
  REQUIRE(!m);
  CHECK(m.error().message().ends_with(": refusing cache directory " + open_dir + "/cache/deeper: " + open_dir +
                                      " is writable by group or others (mode 0777) and not sticky"));
  CHECK(!fs::exists(open_dir + "/cache/deeper"));

  makeDir(sticky, 01777); // like /tmp: others may add entries, not rename ours
  auto ok = Module::openFile(PIXIE_FIXTURE, cacheRoute(sticky + "/cache"));
  INFO((ok ? "" : ok.error().message()));
  REQUIRE(ok);
  CHECK(modeOf(sticky + "/cache") == 0700);
}

TEST_CASE("cache: a cache directory swapped for a symlink is judged by the link's owner and its target",
          "[cache]") {
  TempDir tmp;
  FakeJit jit(tmp);
  OthersDir others(tmp); // needs root
  const std::string cache = tmp.path() + "/cache";
  genuineJitEntry(cache);

  // <cache>/jit replaced by a link to another user's directory: not used,
  // and the code still runs from memory.
  fs::rename(cache + "/jit", tmp.path() + "/jit.moved");
  fs::create_directory_symlink(others.dir, cache + "/jit");
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, jitRoute(cache));
  REQUIRE(m);
  CHECK(tierOf(**m) == 77);
  CHECK((*m)->explanation().route_detail.find("not cached: refusing cache directory " + cache + "/jit (a symlink to " +
                                              fs::canonical(others.dir).string() +
                                              "): owned by uid 65534, not by this user (uid 0); ") !=
        std::string::npos);
  CHECK(fs::is_empty(others.dir));

  // <cache>/variants replaced by a link another user owns, even to a private
  // directory of ours: refused (they could point it elsewhere at any time).
  const std::string ours = tmp.path() + "/ours";
  makeDir(ours, 0700);
  fs::remove_all(cache + "/variants");
  fs::create_directory_symlink(ours, cache + "/variants");
  REQUIRE(lchown((cache + "/variants").c_str(), kOtherUid, kOtherUid) == 0);
  auto v = Module::openFile(PIXIE_FIXTURE, cacheRoute(cache));
  REQUIRE(!v);
  CHECK(v.error().message().ends_with(": refusing cache directory " + cache +
                                      "/variants: a symlink owned by uid 65534, not by this user (uid 0) or root"));
  CHECK(fs::is_empty(ours));

  // <cache> itself a link another user left in a sticky directory (as in /tmp
  // where fs.protected_symlinks=0): refused; ours is followed.
  const std::string sticky = tmp.path() + "/sticky";
  makeDir(sticky, 01777);
  fs::create_directory_symlink(ours, sticky + "/cache");
  REQUIRE(lchown((sticky + "/cache").c_str(), kOtherUid, kOtherUid) == 0);
  auto link = Module::openFile(PIXIE_FIXTURE, cacheRoute(sticky + "/cache"));
  REQUIRE(!link);
  CHECK(link.error().message().ends_with(": refusing cache directory " + sticky +
                                         "/cache: a symlink owned by uid 65534, not by this user (uid 0) or root"));
  REQUIRE(lchown((sticky + "/cache").c_str(), 0, 0) == 0);
  auto followed = Module::openFile(PIXIE_FIXTURE, cacheRoute(sticky + "/cache"));
  INFO((followed ? "" : followed.error().message()));
  REQUIRE(followed);
  CHECK(entries(ours + "/variants").size() == 1);
}
