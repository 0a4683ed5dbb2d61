// The JIT cache with the real libpixie_jit, in separate processes
// (jit_helper.cpp): processes racing on a cold cache, and a cache that
// cannot be written because its disk is full or read-only. Mounting the
// small filesystems these need takes root, as `make test` and CI have.
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <regex>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;
namespace fs = std::filesystem;

namespace {

std::string readText(const std::string &path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    out.push_back(text.substr(pos, end - pos));
    pos = end == std::string::npos ? text.size() : end + 1;
  }
  return out;
}

// One run of jit_helper: PIXIE_JIT=always with the real JIT, on the example
// kernels, with `cache` as the cache directory; its stdout and stderr go to
// <dir>/<name>.out and .err; stdin is `stdin_fd` (-1: none).
struct Helper {
  std::string out, err;
  pid_t pid = -1;

  Helper(const std::string &dir, const std::string &name, const std::string &cache, int loads, int stdin_fd = -1)
      : out(dir + "/" + name + ".out"), err(dir + "/" + name + ".err") {
    const std::string count = std::to_string(loads);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid != 0)
      return;
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 || (stdin_fd >= 0 && dup2(stdin_fd, 0) < 0))
      _exit(120);
    for (const char *v : {"PIXIE_USE_ISA", "PIXIE_LOAD_ROUTE", "PIXIE_CACHE_DISABLE", "PIXIE_CACHE_MAXSIZE"})
      unsetenv(v);
    setenv("PIXIE_JIT", "always", 1);
    setenv("PIXIE_JIT_LIBRARY", PIXIE_REAL_JIT, 1);
    setenv("PIXIE_CACHE_DIR", cache.c_str(), 1);
    if (stdin_fd >= 0)
      execl(PIXIE_JIT_HELPER, PIXIE_JIT_HELPER, "--wait", PIXIE_EXAMPLES, count.c_str(), nullptr);
    else
      execl(PIXIE_JIT_HELPER, PIXIE_JIT_HELPER, PIXIE_EXAMPLES, count.c_str(), nullptr);
    _exit(121);
  }

  // The exit status (128 + signal if it died).
  int wait() const {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid)
      return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
};

std::string regexQuote(const std::string &text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}

std::vector<fs::path> entries(const std::string &dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto &e : fs::directory_iterator(dir, ec))
    out.push_back(e.path());
  return out;
}

} // namespace

TEST_CASE("4 processes racing on a cold JIT cache with the real JIT: all right, one good entry", "[jit][real]") {
  TempDir tmp;
  const std::string cache = tmp.path() + "/cache";
  int hold[2];
  REQUIRE(pipe2(hold, O_CLOEXEC) == 0); // the start line: released by closing it
  std::vector<Helper> racers;
  racers.reserve(4);
  for (int i = 0; i < 4; ++i)
    racers.emplace_back(tmp.path(), "racer" + std::to_string(i), cache, 1, hold[0]);
  close(hold[0]);
  close(hold[1]);

  size_t compiled = 0;
  for (const Helper &h : racers) {
    const int status = h.wait();
    const std::string out = readText(h.out);
    INFO(h.out << ": " << out);
    CHECK(status == 0);
    CHECK(readText(h.err).empty()); // no warning: every one could write the cache
    REQUIRE(lines(out).size() == 1);
    CHECK(out.starts_with("jit "));
    if (out.starts_with("jit compiled ("))
      ++compiled;
    else
      CHECK(out.starts_with("jit cache hit " + cache + "/jit/"));
  }
  CHECK(compiled >= 1); // the cache was cold

  // Each racer that compiled renamed a complete entry into the same name:
  // one entry, no temporaries left.
  const auto left = entries(cache + "/jit");
  REQUIRE(left.size() == 1);
  CHECK(std::regex_match(left[0].filename().string(), std::regex("[0-9a-f]{32}\\.pixie")));
  auto bytes = readFile(left[0].string());
  REQUIRE(bytes);
  auto entry = FatBinaryReader::open(*bytes);
  REQUIRE(entry);
  auto original = FatBinaryReader::open(fixtureBytes(PIXIE_EXAMPLES));
  REQUIRE(original);
  CHECK(entry->metadata().uuid == original->metadata().uuid);
  REQUIRE(entry->metadata().variants.size() == 1);
  CHECK(entry->metadata().variants[0].specialized);
  CHECK(entry->metadata().bitcode.empty());

  Helper after(tmp.path(), "after", cache, 1);
  CHECK(after.wait() == 0);
  CHECK(readText(after.out).starts_with("jit cache hit " + left[0].string() + "; "));
  CHECK(entries(cache + "/jit").size() == 1);
}

namespace {

// Runs jit_helper (2 loads) in a mount namespace of its own, where `cache` is
// a 16 KiB tmpfs holding jit/, made unwritable by `spoil` (which returns
// false if it could not). Returns the helper's exit status, or a code >= 100
// saying which step failed; afterwards jit/ must hold nothing.
int withCacheMount(const std::string &cache, const std::string &dir, const std::function<bool()> &spoil) {
  return inChild([&] {
    if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return 100;
    if (mount("tmpfs", cache.c_str(), "tmpfs", 0, "size=16k,mode=0700") != 0)
      return 101;
    if (mkdir((cache + "/jit").c_str(), 0700) != 0 || !spoil())
      return 102;
    Helper h(dir, "helper", cache, 2);
    std::ofstream(dir + "/helper.pid") << h.pid;
    const int status = h.wait();
    if (status != 0)
      return status;
    return fs::is_empty(cache + "/jit") ? 0 : 103; // no temporary left behind
  });
}

std::string stepFailed(int status) {
  switch (status) {
  case 100:
    return "unshare(CLONE_NEWNS) failed: this test needs root (CAP_SYS_ADMIN) to mount a tmpfs";
  case 101:
    return "mounting a tmpfs failed: this test needs root (CAP_SYS_ADMIN)";
  case 102:
    return "could not make the cache unwritable";
  case 103:
    return "the failed write left a file in the cache's jit directory";
  default:
    return "jit_helper exited with " + std::to_string(status);
  }
}

// Both loads worked from memory and said why nothing was cached; the loader
// printed the reason once, and nothing else, on stderr.
void checkNotCached(const std::string &dir, const std::string &cache, const std::string &verb,
                    const std::string &reason) {
  const std::string pid = readText(dir + "/helper.pid");
  const std::vector<std::string> out = lines(readText(dir + "/helper.out"));
  INFO(readText(dir + "/helper.out"));
  REQUIRE(out.size() == 2);
  const std::regex detail("jit compiled \\(.*\\), not cached: (cannot " + verb + " '" + regexQuote(cache) +
                          "/jit/[0-9a-f]{32}\\.pixie\\.tmp\\." + pid + "\\.([01])': " + reason +
                          "); /memfd:pixie:kernels:.*");
  std::smatch first, second;
  REQUIRE(std::regex_match(out[0], first, detail));
  REQUIRE(std::regex_match(out[1], second, detail));
  CHECK(first[2] == "0");
  CHECK(second[2] == "1");
  CHECK(readText(dir + "/helper.err") == "pixie: JIT code is not cached: " + first[1].str() + "\n");
}

} // namespace

TEST_CASE("a full disk under the JIT cache: the code is used from memory, one warning", "[jit][real]") {
  TempDir tmp;
  const std::string cache = tmp.path() + "/cache";
  fs::create_directory(cache);
  const int status = withCacheMount(cache, tmp.path(), [&] {
    // Fill the filesystem: the entry's first write then gets ENOSPC.
    int fd = ::open((cache + "/filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return false;
    char block[4096] = {};
    while (::write(fd, block, sizeof(block)) > 0) {
    }
    const bool full = errno == ENOSPC;
    ::close(fd);
    return full;
  });
  INFO(stepFailed(status));
  REQUIRE(status == 0);
  checkNotCached(tmp.path(), cache, "write", "No space left on device");
}

TEST_CASE("a read-only filesystem under the JIT cache: the code is used from memory, one warning", "[jit][real]") {
  TempDir tmp;
  const std::string cache = tmp.path() + "/cache";
  fs::create_directory(cache);
  // Read-only refuses root too, unlike permission bits.
  const int status = withCacheMount(cache, tmp.path(), [&] {
    return mount(nullptr, cache.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  });
  INFO(stepFailed(status));
  REQUIRE(status == 0);
  checkNotCached(tmp.path(), cache, "create", "Read-only file system");
}
