// Module::openFile on files that change while it reads them, and on files far
// too big to be a .pixie. Before FileSource the loader mapped files over
// 1 MiB, and a truncation meanwhile killed the process with SIGBUS.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"

using namespace pixie;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("pixie-file-change-test-" + std::to_string(getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string &name) const { return (path / name).string(); }
};

LoadOptions isolated(const TempDir &dir) {
  LoadOptions o;
  o.use_isa = "";
  o.jit = JitPolicy::Never;
  o.route = LoadRoute::Memfd;
  o.cache_dir = dir.file("cache");
  return o;
}

// A 4 MiB .pixie whose loadable variant comes last: 4 MiB of noise as a
// win-64 variant (never selected here), then the baseline x86-64 kernels.
std::vector<uint8_t> bigFile() {
  auto so = readFile(std::string(PIXIE_FIXTURE_DIR) + "/kernels_x86-64.so");
  REQUIRE(so);
  FatBinaryContents c;
  c.meta.library = "kernels";
  c.meta.exports = {{"tier", {{"kernel_tier", "i32()", "null"}}}};
  Variant win;
  win.platform = "win-64";
  win.triple = "x86_64-pc-windows-msvc";
  win.tier = win.cpu = "x86-64";
  win.binary_format = "coff";
  Variant linux = win;
  linux.platform = "linux-64";
  linux.triple = "x86_64-unknown-linux-gnu";
  linux.binary_format = "elf";
  linux.required = {"sse2"};
  c.meta.variants = {win, linux};
  std::vector<uint8_t> noise(4 << 20);
  uint64_t x = 88172645463325252ull;
  for (uint8_t &b : noise) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = uint8_t(x);
  }
  c.variant_images = {std::move(noise), std::move(*so)};
  c.meta.build = {"0.1.0", "19.1.7", {}};
  FatBinaryWriteOptions options;
  options.container.zstd_level = 1; // noise does not compress; level 19 would only cost time
  auto bytes = writeFatBinary(c, options);
  REQUIRE(bytes);
  return *bytes;
}

} // namespace

TEST_CASE("a file truncated and restored while the loader opens it: success or a clean error, never a crash") {
  TempDir dir;
  const std::vector<uint8_t> bytes = bigFile();
  REQUIRE(bytes.size() > (2u << 20));
  const std::string path = dir.file("changing.pixie");
  REQUIRE(!writeFileAtomic(path, bytes));
  const LoadOptions options = isolated(dir);
  REQUIRE(Module::openFile(path, options)); // whole, it loads

  // Another writer cuts the file at varying points (past the header, inside
  // the loaded variant, to nothing) and writes it back in place.
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      return;
    const off_t cuts[] = {0, 4096, off_t(bytes.size() / 2), off_t(bytes.size() - 4096)};
    for (unsigned i = 0; !stop; ++i) {
      if (::ftruncate(fd, cuts[i % 4]) != 0 ||
          ::pwrite(fd, bytes.data(), bytes.size(), 0) != ssize_t(bytes.size()))
        break;
      std::this_thread::sleep_for(std::chrono::microseconds(300)); // whole for a moment: loads can succeed
    }
    ::close(fd);
  });

  size_t loaded = 0, refused = 0, changed = 0;
  std::string unexpected;
  // A second of racing, longer until the race this test is about has
  // happened a few times (it takes a truncation between the open and a read).
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
  while ((elapsed() < std::chrono::seconds(1) || changed < 3 || loaded < 3) && elapsed() < std::chrono::seconds(30)) {
    auto m = Module::openFile(path, options);
    if (m) {
      auto tier = (*m)->lookup("tier");
      if (!tier || reinterpret_cast<int32_t (*)()>(*tier)() != 1)
        unexpected = "loaded, but the code is not the x86-64 kernels";
      ++loaded;
      continue;
    }
    ++refused;
    const Error &e = m.error();
    // What a reader may see: a file that shrank under it (io), a size that
    // disagrees with its header, zeros or a partial rewrite.
    bool expected = e.code() == Errc::io || e.code() == Errc::truncated || e.code() == Errc::out_of_bounds ||
                    e.code() == Errc::checksum_mismatch || e.code() == Errc::bad_magic;
    if (!expected || e.message().find(path) == std::string::npos)
      unexpected = std::string(errcName(e.code())) + ": " + e.message();
    if (e.code() == Errc::io && e.message().find("the file changed while being read") != std::string::npos)
      ++changed;
  }
  stop = true;
  writer.join();
  INFO("loaded " << loaded << ", refused " << refused << " (" << changed << " as changed while being read)");
  CHECK(unexpected == "");
  CHECK(loaded >= 3);
  CHECK(changed >= 3);
}

TEST_CASE("a 50 GiB file is refused with a clear error, without reading or allocating it") {
  TempDir dir;
  const LoadOptions options = isolated(dir);
  constexpr off_t k50GiB = off_t(50) << 30;

  SECTION("zeros") {
    std::string path = dir.file("zeros.pixie");
    REQUIRE(::close(::open(path.c_str(), O_CREAT | O_WRONLY, 0600)) == 0);
    REQUIRE(::truncate(path.c_str(), k50GiB) == 0);
    auto m = Module::openFile(path, options);
    REQUIRE(!m);
    CHECK(m.error().code() == Errc::bad_magic);
    CHECK(m.error().message() ==
          path + ": not a .pixie file: bytes 0-7 are not the magic 89 50 49 58 49 45 0d 0a");
  }
  SECTION("a valid file grown to 50 GiB") {
    std::string path = dir.file("grown.pixie");
    auto small = readFile(PIXIE_FIXTURE);
    REQUIRE(small);
    REQUIRE(!writeFileAtomic(path, *small));
    REQUIRE(::truncate(path.c_str(), k50GiB) == 0);
    auto m = Module::openFile(path, options);
    REQUIRE(!m);
    CHECK(m.error().code() == Errc::out_of_bounds);
    CHECK(m.error().message() == path + ": header (offset 32) says the file is " + std::to_string(small->size()) +
                                     " bytes but it is " + std::to_string(k50GiB));
  }
}

#ifdef PIXIE_REAL_JIT
TEST_CASE("the JIT gets the whole of a large file, though the loader reads it on demand") {
  TempDir dir;
  auto examples = readFile(PIXIE_EXAMPLES);
  REQUIRE(examples);
  auto reader = FatBinaryReader::open(*examples);
  REQUIRE(reader);
  FatBinaryContents c;
  c.meta = reader->metadata();
  for (size_t i = 0; i < c.meta.variants.size(); ++i)
    c.variant_images.push_back(*reader->readVariant(i));
  for (size_t i = 0; i < c.meta.bitcode.size(); ++i)
    c.bitcode_images.push_back(*reader->readBitcode(i));
  // 1 MiB of noise as the last (foreign) variant puts the bitcode, stored
  // after the variants, far past what the loader itself reads.
  REQUIRE(c.meta.variants.back().platform != "linux-64");
  c.variant_images.back() = std::vector<uint8_t>(1 << 20);
  uint64_t x = 88172645463325252ull;
  for (uint8_t &b : c.variant_images.back()) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = uint8_t(x);
  }
  auto bytes = writeFatBinary(c);
  REQUIRE(bytes);
  const std::string path = dir.file("large-with-bitcode.pixie");
  REQUIRE(!writeFileAtomic(path, *bytes));

  LoadOptions options = isolated(dir);
  options.jit = JitPolicy::Always;
  options.jit_library = PIXIE_REAL_JIT;
  auto m = Module::openFile(path, options);
  REQUIRE(m);
  CHECK((*m)->explanation().route == "jit");
  auto dot = (*m)->lookup("dot");
  REQUIRE(dot);
  double a[3] = {1, 2, 3}, b[3] = {4, 5, 6};
  CHECK(reinterpret_cast<double (*)(const double *, const double *, int64_t)>(*dot)(a, b, 3) == 32);
}
#endif
