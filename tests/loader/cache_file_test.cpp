// The cache-file route (the fallback when memfd exec is refused, and the only
// route on macOS/Windows), selected here with LoadRoute::CacheFile.
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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
