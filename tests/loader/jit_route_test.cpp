// The loader's side of the JIT (jit_abi.h): when it is reached, what it is
// told, its cache, and the checks on what it returns, against a stand-in JIT
// library (fake_jit.cpp) that counts its compilations.
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;
namespace fs = std::filesystem;

namespace {

// The environment the fake JIT and the cache read, set for one test.
struct JitEnv {
  TempDir tmp;
  std::string cache = tmp.path() + "/cache";
  std::string log = tmp.path() + "/compiles.log";
  JitEnv() {
    setenv("PIXIE_FAKE_JIT_IMAGE", PIXIE_FAKE_JIT_IMAGE, 1);
    setenv("PIXIE_FAKE_JIT_LOG", log.c_str(), 1);
  }
  ~JitEnv() {
    for (const char *v : {"PIXIE_FAKE_JIT_IMAGE", "PIXIE_FAKE_JIT_LOG", "PIXIE_FAKE_JIT_MODE", "PIXIE_CACHE_DISABLE",
                          "PIXIE_CACHE_MAXSIZE"})
      unsetenv(v);
  }
  LoadOptions options(JitPolicy policy, const char *library = PIXIE_FAKE_JIT) const {
    LoadOptions o = isolatedOptions(cache);
    o.jit = policy;
    o.jit_library = library;
    return o;
  }
  size_t compiles() const { return countLines(readText(log), ""); }
  static std::string readText(const std::string &path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto &e : fs::directory_iterator(cache + "/jit", ec))
      out.push_back(e.path());
    return out;
  }
};

int32_t tierOf(const Module &m) {
  auto f = m.lookup("tier");
  REQUIRE(f);
  return reinterpret_cast<int32_t (*)()>(*f)();
}

} // namespace

TEST_CASE("no variant fits and PIXIE_JIT=never: the error says why", "[jit]") {
  JitEnv env;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Never));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::no_variant);
  CHECK(m.error().message() == std::string(PIXIE_FOREIGN_FIXTURE) + ": no variant of 'foreign' fits this host (" +
                                   "linux-64, cpu " + std::string(hostProfile().cpuName()) +
                                   "): the file has no linux-64 variants; it has variants for linux-aarch64, "
                                   "win-64; PIXIE_JIT=never forbids compiling the bitcode");
  CHECK(env.compiles() == 0);
}

TEST_CASE("no variant fits, PIXIE_JIT=auto, no JIT library: both reasons are given", "[jit]") {
  JitEnv env;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto, "/nonexistent/libjit.so"));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::no_variant);
  const std::string &msg = m.error().message();
  CHECK(msg.find("no variant of 'foreign' fits this host") != std::string::npos);
  CHECK(msg.find("; re-JIT from bitcode failed: the JIT library is not available: dlopen(/nonexistent/libjit.so) "
                 "failed: ") != std::string::npos);
}

TEST_CASE("no variant fits, PIXIE_JIT=auto: compiled once, then a cache hit", "[jit]") {
  JitEnv env;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  INFO((m ? "" : m.error().message()));
  REQUIRE(m);
  const std::string cpu(hostProfile().cpuName());
  REQUIRE((*m)->variant());
  CHECK((*m)->variant()->tier == "jit-" + cpu);
  CHECK((*m)->variant()->specialized);
  CHECK((*m)->explanation().route == "jit");
  CHECK((*m)->explanation().route_detail.find("compiled (fake JIT for " + cpu + " -O3), cached at " + env.cache +
                                              "/jit/") == 0);
  CHECK((*m)->explanation().route_detail.find("; /memfd:pixie:foreign:jit-" + cpu) != std::string::npos);
  CHECK(tierOf(**m) == 77);
  CHECK(env.compiles() == 1);
  REQUIRE(env.entries().size() == 1);

  auto again = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(again);
  CHECK((*again)->explanation().route_detail.find("cache hit " + env.entries()[0].string() + "; ") == 0);
  CHECK(tierOf(**again) == 77);
  CHECK(env.compiles() == 1);
}

TEST_CASE("a damaged JIT cache entry is detected and rebuilt", "[jit]") {
  JitEnv env;
  REQUIRE(Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto)));
  REQUIRE(env.entries().size() == 1);
  const fs::path entry = env.entries()[0];
  fs::resize_file(entry, fs::file_size(entry) - 7);
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(m);
  CHECK((*m)->explanation().route_detail.find("discarded a bad cache entry (") == 0);
  CHECK(tierOf(**m) == 77);
  CHECK(env.compiles() == 2);
  auto healed = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(healed);
  CHECK((*healed)->explanation().route_detail.find("cache hit ") == 0);
}

TEST_CASE("an unusable or disabled cache still gives working code", "[jit]") {
  JitEnv env;
  setenv("PIXIE_CACHE_DISABLE", "1", 1);
  auto off = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(off);
  CHECK((*off)->explanation().route_detail.find("not cached: the cache is disabled (PIXIE_CACHE_DISABLE)") !=
        std::string::npos);
  CHECK(env.entries().empty());
  unsetenv("PIXIE_CACHE_DISABLE");

  // A cache "directory" that is a file: nothing can be stored, the code works.
  std::ofstream(env.cache) << "not a directory";
  auto blocked = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(blocked);
  CHECK((*blocked)->explanation().route_detail.find("not cached: ") != std::string::npos);
  CHECK(tierOf(**blocked) == 77);
}

TEST_CASE("a JIT cache that is not private is left unwritten, and the code still works", "[jit]") {
  JitEnv env;
  OthersDir others(env.tmp);
  struct Case {
    std::string cache, problem;
  };
  const std::vector<Case> cases = {
      {others.link, "refusing cache directory " + others.linkText() + ": owned by uid 65534, not by this user (uid 0)"},
      {others.link + "/pixie", "refusing to create cache directory " + others.link + "/pixie: its parent " +
                                   others.linkText() + " is owned by uid 65534, not by this user (uid 0) or root"},
      {env.cache, "refusing cache directory " + env.cache + "/jit: writable by group or others (mode 0777)"},
      {env.cache, "refusing cache directory " + env.cache + "/jit: owned by uid 65534, not by this user (uid 0)"},
  };
  fs::create_directories(env.cache + "/jit");
  REQUIRE(chmod(env.cache.c_str(), 0700) == 0);
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].problem);
    const std::string jit_dir = env.cache + "/jit";
    REQUIRE(chmod(jit_dir.c_str(), i == 2 ? 0777 : 0700) == 0);
    REQUIRE(chown(jit_dir.c_str(), i == 3 ? kOtherUid : geteuid(), getegid()) == 0);
    LoadOptions o = env.options(JitPolicy::Auto);
    o.cache_dir = cases[i].cache;
    auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, o);
    REQUIRE(m);
    CHECK(tierOf(**m) == 77);
    CHECK((*m)->explanation().route_detail.find("not cached: " + cases[i].problem + "; /memfd:pixie:foreign:") !=
          std::string::npos);
  }
  CHECK(fs::is_empty(others.dir));
  CHECK(env.entries().empty());
  CHECK(env.compiles() == cases.size());
}

TEST_CASE("PIXIE_CACHE_MAXSIZE evicts the least recently used entries", "[jit]") {
  JitEnv env;
  HostProfile a = zen3(), b = sapphireRapids(); // two hosts, two keys
  LoadOptions oa = env.options(JitPolicy::Always), ob = env.options(JitPolicy::Always);
  oa.host = &a;
  ob.host = &b;
  REQUIRE(Module::openFile(PIXIE_FIXTURE, oa));
  REQUIRE(env.entries().size() == 1);
  const uintmax_t one = fs::file_size(env.entries()[0]);
  setenv("PIXIE_CACHE_MAXSIZE", std::to_string(one + one / 2).c_str(), 1);
  REQUIRE(Module::openFile(PIXIE_FIXTURE, ob));
  auto left = env.entries();
  REQUIRE(left.size() == 1);
  auto hit = Module::openFile(PIXIE_FIXTURE, ob);
  REQUIRE(hit);
  CHECK((*hit)->explanation().route_detail.find("cache hit " + left[0].string()) == 0);
  CHECK(env.compiles() == 2);

  setenv("PIXIE_CACHE_MAXSIZE", "12Q", 1);
  auto bad = Module::openFile(PIXIE_FIXTURE, ob);
  REQUIRE(!bad);
  CHECK(bad.error().message().find("PIXIE_CACHE_MAXSIZE=12Q: expected a byte count with an optional K, M or G") !=
        std::string::npos);
}

TEST_CASE("4 processes racing on a cold JIT cache all succeed and leave one entry", "[jit]") {
  JitEnv env;
  std::vector<pid_t> children;
  for (int i = 0; i < 4; ++i) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
      _exit(m && tierOf(**m) == 77 ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  auto left = env.entries();
  REQUIRE(left.size() == 1); // no temporaries left behind either
  CHECK(left[0].extension() == ".pixie");
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(m);
  CHECK((*m)->explanation().route_detail.find("cache hit ") == 0);
}

TEST_CASE("JIT output that is not for this file or host is rejected", "[jit]") {
  JitEnv env;
  setenv("PIXIE_FAKE_JIT_MODE", "wrong-uuid", 1);
  auto wrong = Module::openFile(PIXIE_FIXTURE, env.options(JitPolicy::Always));
  REQUIRE(!wrong);
  CHECK(wrong.error().code() == Errc::jit_failed);
  CHECK(wrong.error().message().find("JIT output rejected: the JIT output belongs to another file") !=
        std::string::npos);

  HostProfile host = zen3(); // no avx512fp16
  LoadOptions o = env.options(JitPolicy::Always);
  o.host = &host;
  setenv("PIXIE_FAKE_JIT_MODE", "unrunnable", 1);
  auto unrunnable = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!unrunnable);
  CHECK(unrunnable.error().message().find("the JIT built code this host cannot run: it lacks avx512fp16") !=
        std::string::npos);
  CHECK(env.entries().empty());
}

TEST_CASE("PIXIE_JIT=always bypasses fitting variants; PIXIE_USE_ISA contradicts it", "[jit]") {
  JitEnv env;
  auto m = Module::openFile(PIXIE_FIXTURE, env.options(JitPolicy::Always));
  REQUIRE(m);
  CHECK((*m)->explanation().decision == "PIXIE_JIT=always: the bitcode compiled for this host");
  CHECK(tierOf(**m) == 77);
  auto ghost = (*m)->lookup("ghost");
  REQUIRE(!ghost);
  CHECK(ghost.error().message() == "symbol 'not_in_any_variant' of export 'ghost' is missing from the JIT's variant "
                                   "linux-64/jit-" +
                                       std::string(hostProfile().cpuName()));

  LoadOptions o = env.options(JitPolicy::Always);
  o.use_isa = "x86-64";
  auto both = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!both);
  CHECK(both.error().code() == Errc::invalid_argument);
}

TEST_CASE("a JIT failure keeps the JIT's code and message", "[jit]") {
  JitEnv env;
  HostProfile host = unknownPlatform();
  LoadOptions o = env.options(JitPolicy::Always);
  o.host = &host;
  auto m = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::unsupported_host);
  CHECK(m.error().message() == std::string(PIXIE_FIXTURE) + ": JIT: fake JIT: no bitcode can target this platform");
}

TEST_CASE("a library without the entry point is refused", "[jit]") {
  JitEnv env;
  auto m = Module::openFile(PIXIE_FIXTURE, env.options(JitPolicy::Always, "libc.so.6"));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::jit_failed);
  CHECK(m.error().message().find("libc.so.6 does not export pixie_jit_compile_v1") != std::string::npos);
}

// spec/loader.md section 4: PIXIE_CACHE_DISABLE takes 1 and PIXIE_CACHE_DIR
// an absolute directory; anything else is an invalid_argument error naming
// the variable (issue 18: `true` was silently ignored, so the cache stayed
// on, and a relative directory made the JIT write below the current one).
TEST_CASE("a cache variable with a value the spec does not allow is an error", "[jit]") {
  JitEnv env;
  for (const char *value : {"true", "yes", "0", "on"}) {
    setenv("PIXIE_CACHE_DISABLE", value, 1);
    auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
    REQUIRE_FALSE(m);
    CHECK(m.error().code() == Errc::invalid_argument);
    CHECK(m.error().message() ==
          std::string(PIXIE_FOREIGN_FIXTURE) + ": PIXIE_CACHE_DISABLE=" + value + ": expected 1 (or unset)");
  }
  unsetenv("PIXIE_CACHE_DISABLE");
  CHECK(env.compiles() == 0);

  // A relative PIXIE_CACHE_DIR, run from a scratch directory: refused, and
  // nothing is written below the current directory.
  LoadOptions o = env.options(JitPolicy::Auto);
  o.cache_dir.reset(); // the variable is consulted only when the option is unset
  std::string here = env.tmp.path() + "/cwd";
  fs::create_directories(here);
  fs::path before = fs::current_path();
  fs::current_path(here);
  for (const char *value : {"cache", "./cache", "../cache"}) {
    setenv("PIXIE_CACHE_DIR", value, 1);
    auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, o);
    REQUIRE_FALSE(m);
    CHECK(m.error().code() == Errc::invalid_argument);
    CHECK(m.error().message() ==
          std::string(PIXIE_FOREIGN_FIXTURE) + ": PIXIE_CACHE_DIR=" + value + ": expected an absolute directory");
  }
  unsetenv("PIXIE_CACHE_DIR");
  fs::current_path(before);
  CHECK(fs::is_empty(here));
  CHECK_FALSE(fs::exists(env.tmp.path() + "/cache"));
  CHECK(env.compiles() == 0);

  // The allowed values still work: 1, and an absolute directory.
  setenv("PIXIE_CACHE_DISABLE", "1", 1);
  auto off = Module::openFile(PIXIE_FOREIGN_FIXTURE, env.options(JitPolicy::Auto));
  REQUIRE(off);
  unsetenv("PIXIE_CACHE_DISABLE");
  setenv("PIXIE_CACHE_DIR", env.cache.c_str(), 1);
  auto on = Module::openFile(PIXIE_FOREIGN_FIXTURE, o);
  unsetenv("PIXIE_CACHE_DIR");
  REQUIRE(on);
  CHECK(env.entries().size() == 1);
}
