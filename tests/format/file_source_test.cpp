// FileSource (file_source.h): a .pixie read from disk on demand, a file that
// changes while it is read, and files too big to be a .pixie or to read whole.
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "bytes.h"
#include "fixtures.h"
#include "pixie/fatbinary.h"

using namespace pixie;
namespace fs = std::filesystem;

namespace {

// Incompressible, so the section is stored raw at its full size.
std::vector<uint8_t> noise(size_t size, uint64_t seed) {
  std::vector<uint8_t> v(size);
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (uint8_t &b : v) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = uint8_t(x >> 24);
  }
  return v;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("pixie-file-source-test-" + std::to_string(getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string &name) const { return (path / name).string(); }
};

// A 7 MiB file: metadata, a small variant, then a 7 MiB one. Made once:
// compressing 7 MiB at level 19 takes seconds.
struct BigFile {
  FatBinaryContents contents = test::sampleContents();
  std::vector<uint8_t> bytes;
  SectionInfo small, big;
  BigFile() {
    contents.meta.variants.resize(2);
    contents.variant_images.resize(2);
    contents.variant_images[1] = noise(7 << 20, 1);
    contents.meta.bitcode.clear();
    contents.bitcode_images.clear();
    bytes = *writeFatBinary(contents);
    auto reader = FatBinaryReader::open(bytes);
    REQUIRE(reader);
    small = reader->container().sections()[reader->metadata().variants[0].section];
    big = reader->container().sections()[reader->metadata().variants[1].section];
    REQUIRE(big.compression == Compression::None);
  }
  void write(const std::string &path) const { REQUIRE(!writeFileAtomic(path, bytes)); }
  static const BigFile &get() {
    static const BigFile file;
    return file;
  }
};

// A byte 1 MiB into the big section that is not zero in the file, so a span
// that still holds zero there has not read it.
uint64_t unreadProbe(const BigFile &f) {
  uint64_t at = f.big.offset + (1 << 20);
  while (f.bytes[at] == 0) ++at;
  return at;
}

} // namespace

TEST_CASE("a large file is read on demand: only the sections asked for") {
  TempDir dir;
  const BigFile &f = BigFile::get();
  std::string path = dir.file("big.pixie");
  f.write(path);
  auto source = FileSource::open(path);
  REQUIRE(source);
  std::span<const uint8_t> span = (*source)->bytes();
  REQUIRE(span.size() == f.bytes.size());
  auto reader = FatBinaryReader::open(span, source->get());
  REQUIRE(reader);
  auto small = reader->readVariant(0);
  REQUIRE(small);
  CHECK(*small == f.contents.variant_images[0]);
  uint64_t probe = unreadProbe(f);
  CHECK(span[probe] == 0); // the big variant was neither needed nor read

  auto big = reader->readVariant(1);
  REQUIRE(big);
  CHECK(*big == f.contents.variant_images[1]);
  CHECK(span[probe] == f.bytes[probe]);
  CHECK(!reader->container().verifyAll());
  REQUIRE(!reader->container().fetchAll());
  CHECK(std::equal(span.begin(), span.end(), f.bytes.begin()));
}

TEST_CASE("a file that shrinks while it is read is an io error, not a crash") {
  TempDir dir;
  const BigFile &f = BigFile::get();
  std::string path = dir.file("shrinking.pixie");
  f.write(path);

  SECTION("after the metadata was read") {
    auto source = FileSource::open(path);
    REQUIRE(source);
    auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
    REQUIRE(reader);
    // Were the file mapped, reading the big variant now would raise SIGBUS.
    const uint64_t cut = (f.big.offset / 4096 + 2) * 4096;
    REQUIRE(::truncate(path.c_str(), off_t(cut)) == 0);
    CHECK(reader->readVariant(0)); // it ends before the cut
    auto big = reader->readVariant(1);
    REQUIRE(!big);
    CHECK(big.error().code() == Errc::io);
    CHECK(big.error().message() ==
          "reading section 2 (variant): the file changed while being read: it had " + std::to_string(f.bytes.size()) +
              " bytes when opened, now it ends before offset " + std::to_string(cut));
  }
  SECTION("before anything was read") {
    auto source = FileSource::open(path);
    REQUIRE(source);
    REQUIRE(::truncate(path.c_str(), 0) == 0);
    auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
    REQUIRE(!reader);
    CHECK(reader.error().code() == Errc::io);
    CHECK(reader.error().message() == "reading the header: the file changed while being read: it had " +
                                          std::to_string(f.bytes.size()) + " bytes when opened, now it ends before offset 0");
  }
}

TEST_CASE("bytes read once are kept: a later rewrite of the file does not reach them") {
  TempDir dir;
  const BigFile &f = BigFile::get();
  std::string path = dir.file("rewritten.pixie");
  f.write(path);
  auto source = FileSource::open(path);
  REQUIRE(source);
  auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
  REQUIRE(reader);
  REQUIRE(reader->readVariant(1));
  // Scribble over the big section in place: read again, it would fail its checksum.
  int fd = ::open(path.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  std::vector<uint8_t> junk(f.big.stored_size, 0xA5);
  REQUIRE(::pwrite(fd, junk.data(), junk.size(), off_t(f.big.offset)) == ssize_t(junk.size()));
  ::close(fd);
  auto again = reader->readVariant(1);
  REQUIRE(again);
  CHECK(*again == f.contents.variant_images[1]);
}

TEST_CASE("a small file is read whole at open, so later changes do not matter") {
  TempDir dir;
  std::string path = dir.file("small.pixie");
  auto bytes = test::sampleFile();
  REQUIRE(bytes.size() < (128 << 10)); // FileSource reads files up to 192 KiB whole
  REQUIRE(!writeFileAtomic(path, bytes));
  auto source = FileSource::open(path);
  REQUIRE(source);
  REQUIRE(::truncate(path.c_str(), 0) == 0);
  auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
  REQUIRE(reader);
  CHECK(!reader->container().verifyAll());
  CHECK(std::equal(bytes.begin(), bytes.end(), (*source)->bytes().begin()));
}

TEST_CASE("threads reading one file on demand share each read") {
  TempDir dir;
  const BigFile &f = BigFile::get();
  std::string path = dir.file("shared.pixie");
  f.write(path);
  for (int round = 0; round < 20; ++round) {
    auto source = FileSource::open(path);
    REQUIRE(source);
    auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
    REQUIRE(reader);
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        auto v = reader->readVariant(size_t(t % 2));
        if (v && *v == f.contents.variant_images[size_t(t % 2)]) ++good;
      });
    for (auto &t : threads) t.join();
    CHECK(good == 4);
  }
}

TEST_CASE("files too large to be a .pixie or to read whole are refused before allocating") {
  TempDir dir;
  constexpr uint64_t k50GiB = uint64_t(50) << 30;

  SECTION("50 GiB of zeros: not a .pixie, and too big to read whole") {
    std::string path = dir.file("zeros");
    REQUIRE(::close(::open(path.c_str(), O_CREAT | O_WRONLY, 0600)) == 0);
    REQUIRE(::truncate(path.c_str(), off_t(k50GiB)) == 0);
    auto source = FileSource::open(path);
    REQUIRE(source);
    auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
    REQUIRE(!reader);
    CHECK(reader.error().code() == Errc::bad_magic);
    auto whole = readFile(path);
    REQUIRE(!whole);
    CHECK(whole.error().code() == Errc::limit_exceeded);
    CHECK(whole.error().message() == "cannot read '" + path + "' whole: it is " + std::to_string(k50GiB) +
                                         " bytes, over the 2147483648-byte limit of a section's content");
  }
  SECTION("a valid file grown to 50 GiB: its header says otherwise") {
    std::string path = dir.file("grown.pixie");
    auto bytes = test::sampleFile();
    REQUIRE(!writeFileAtomic(path, bytes));
    REQUIRE(::truncate(path.c_str(), off_t(k50GiB)) == 0);
    auto source = FileSource::open(path);
    REQUIRE(source);
    auto reader = FatBinaryReader::open((*source)->bytes(), source->get());
    REQUIRE(!reader);
    CHECK(reader.error().code() == Errc::out_of_bounds);
    CHECK(reader.error().message() == "header (offset 32) says the file is " + std::to_string(bytes.size()) +
                                          " bytes but it is " + std::to_string(k50GiB));
  }
  SECTION("over 16 TiB: larger than any .pixie (on tmpfs, which allows such a sparse file)") {
    std::string path = "/dev/shm/pixie-file-source-test-" + std::to_string(getpid());
    int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    bool made = fd >= 0 && ::ftruncate(fd, off_t(kMaxFileSize + 1)) == 0;
    if (fd >= 0) ::close(fd);
    if (!made) {
      ::unlink(path.c_str());
      WARN("no tmpfs at /dev/shm that holds a sparse file of 2^44 + 1 bytes; not tested");
      return;
    }
    auto source = FileSource::open(path);
    ::unlink(path.c_str());
    REQUIRE(!source);
    CHECK(source.error().code() == Errc::limit_exceeded);
    CHECK(source.error().message() == "'" + path + "' is 17592186044417 bytes; no .pixie file is larger than " +
                                          "17592186044416 (spec/format.md, \"Limits\")");
  }
}

namespace {

// A span of `size` bytes of which only the first page is memory: the reader
// must refuse from the header and table alone, touching nothing else.
struct HugeSpan {
  uint8_t *p = nullptr;
  size_t size;
  explicit HugeSpan(uint64_t n) : size(size_t(n)) {
    void *m = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return;
    p = static_cast<uint8_t *>(m);
    REQUIRE(mprotect(p, 4096, PROT_READ | PROT_WRITE) == 0);
  }
  ~HugeSpan() {
    if (p) munmap(p, size);
  }
  // A header and one metadata entry, index sealed.
  void write(uint64_t storedSize) {
    std::vector<uint8_t> f = test::sampleFile();
    f.resize(64 + 48);
    test::put32(f, 20, 1);
    test::put64(f, 32, size);
    test::put64(f, test::entry(0) + 8, 112);
    test::put64(f, test::entry(0) + 16, storedSize);
    test::put64(f, test::entry(0) + 24, 100);
    test::resealIndex(f);
    std::memcpy(p, f.data(), f.size());
  }
};

} // namespace

TEST_CASE("the file size and stored size limits are checked on the header and the table") {
  SECTION("stored size over 2^31") {
    HugeSpan span(kMaxSectionStoredSize + 8192);
    REQUIRE(span.p);
    span.write(kMaxSectionStoredSize + 1);
    auto r = ContainerReader::open({span.p, span.size});
    REQUIRE(!r);
    CHECK(r.error().code() == Errc::limit_exceeded);
    CHECK(r.error().message() == "section table entry 0 (offset 64): stored size 2147483649 is over the limit 2147483648");
  }
  SECTION("file size over 2^44") {
    HugeSpan span(kMaxFileSize + 4096);
    if (!span.p) {
      WARN("no room for a 16 TiB span of address space here (a sanitizer's layout); not tested");
      return;
    }
    span.write(100);
    auto r = ContainerReader::open({span.p, span.size});
    REQUIRE(!r);
    CHECK(r.error().code() == Errc::limit_exceeded);
    CHECK(r.error().message() == "file size (offset 32) is 17592186048512; the limit is 17592186044416");
  }
}

// A FIFO given as input (issue 18): a plain open() waits for a writer that
// never comes, so the loader and pixie-inspect hung. It must be refused at
// once as not a regular file. Each open runs in a thread; if one still waits
// after 10 s, a writer is opened to set it free and the case fails.
TEST_CASE("a FIFO is refused without waiting for a writer") {
  TempDir dir;
  std::string fifo = dir.file("input.pixie");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  auto refusedQuickly = [&](auto open) {
    std::atomic<bool> done{false};
    std::string message;
    std::thread t([&] {
      message = open();
      done = true;
    });
    for (int i = 0; i < 1000 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    bool hung = !done;
    if (hung) {
      int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (w >= 0) ::close(w);
    }
    t.join();
    CHECK_FALSE(hung);
    return message;
  };
  std::string expected = "cannot read '" + fifo + "': not a regular file";
  CHECK(refusedQuickly([&] {
          auto s = FileSource::open(fifo);
          return s ? std::string("opened") : s.error().message();
        }) == expected);
  CHECK(refusedQuickly([&] {
          auto s = readFile(fifo);
          return s ? std::string("read") : s.error().message();
        }) == expected);
}
