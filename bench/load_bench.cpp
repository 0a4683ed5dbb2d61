// How much does a fat binary cost to load, against the plain shared library
// it carries? Measured side by side, interleaved, in one process:
//
//   plain   dlopen(variant.so on disk) + dlsym + dlclose    (the floor)
//   pixie   Module::openFile(.pixie): read + validate + select + decompress
//           into a memfd + dlopen + lookup + close          (the memfd route)
//   cache   the same through a warm cache-file entry        (the fallback route)
//   c-abi   pixie_open_file + pixie_lookup + pixie_close
//
// and, to show where the pixie time goes, the format library's two steps on
// their own (validating the container + metadata, decompressing the selected
// variant into memory) and the memfd route's floor: the variant's bytes,
// already in memory, written to a memfd and dlopened from /proc/self/fd/N.
//
// Each round runs every case once, so drift (frequency, page cache) hits all
// of them alike; the report gives medians and the ratio to plain.
//
// Then the same two loads as a user's process start sees them: this binary
// re-executed to do one plain load or one pixie load and exit, timed from
// fork to exit, so process creation, libpixie's own loading and the first
// host detection are included.
//
//   load_bench FILE.pixie [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <dlfcn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pixie/fatbinary.h"
#include "pixie/loader.h"
#include "pixie/pixie.h"

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F> double timeUs(F &&f) {
  auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "load_bench: %s\n", message.c_str());
  std::exit(1);
}

bool mapsLlvm() {
  std::ifstream in("/proc/self/maps");
  std::string line;
  while (std::getline(in, line))
    if (line.find("libLLVM") != std::string::npos)
      return true;
  return false;
}

} // namespace

// One load in a fresh process (the re-executed child).
int child(const char *mode, const char *path) {
  if (std::string(mode) == "--child-plain") {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    return h && dlsym(h, "dot_f64") ? 0 : 1;
  }
  auto m = pixie::Module::openFile(path);
  return m && (*m)->lookup("dot", "f64(const f64*, const f64*, i64)") ? 0 : 1;
}

double spawnUs(const char *self, const char *mode, const std::string &path) {
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execl(self, self, mode, path.c_str(), static_cast<char *>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die(std::string("child ") + mode + " failed");
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]).rfind("--child-", 0) == 0)
    return child(argv[1], argv[2]);
  if (argc < 2)
    die("usage: load_bench FILE.pixie [ROUNDS]");
  const std::string path = argv[1];
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 2000;

  // Which variant this host loads, and its symbol for `dot`, extracted to disk
  // for the plain-dlopen baseline.
  auto probe = pixie::Module::openFile(path);
  if (!probe)
    die(probe.error().message());
  const pixie::Variant variant = *(*probe)->variant();
  auto overload = (*probe)->findOverload("dot", "f64(const f64*, const f64*, i64)");
  if (!overload)
    die(overload.error().message());
  const std::string symbol = (*overload)->symbol;
  probe->reset();

  auto bytes = pixie::readFile(path);
  auto reader = pixie::FatBinaryReader::open(*bytes);
  size_t index = 0;
  while (reader->metadata().variants[index].tier != variant.tier ||
         reader->metadata().variants[index].platform != variant.platform)
    ++index;
  auto image = reader->readVariant(index);
  char dir[] = "/tmp/pixie-bench-XXXXXX";
  if (!mkdtemp(dir))
    die("mkdtemp failed");
  const std::string so = std::string(dir) + "/variant.so";
  if (pixie::Error e = pixie::writeFileAtomic(so, *image))
    die(e.message());

  pixie::LoadOptions memfd;
  memfd.route = pixie::LoadRoute::Memfd;
  pixie::LoadOptions cache;
  cache.route = pixie::LoadRoute::CacheFile;
  cache.cache_dir = std::string(dir) + "/cache";

  std::vector<double> plain, viaMemfd, viaCache, viaC, formatOpen, formatRead, memfdFloor;
  std::vector<uint8_t> scratch(image->size());
  auto runPlain = [&] {
    void *h = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h || !dlsym(h, symbol.c_str()))
      die(std::string("dlopen: ") + dlerror());
    dlclose(h);
  };
  auto runMemfdFloor = [&] {
    int fd = memfd_create("floor", MFD_CLOEXEC);
    if (fd < 0 || write(fd, image->data(), image->size()) != ssize_t(image->size()))
      die("memfd");
    void *h = dlopen(("/proc/self/fd/" + std::to_string(fd)).c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h || !dlsym(h, symbol.c_str()))
      die(std::string("dlopen(memfd): ") + dlerror());
    dlclose(h);
    close(fd);
  };
  auto runModule = [&](const pixie::LoadOptions &o) {
    auto m = pixie::Module::openFile(path, o);
    if (!m || !(*m)->lookup("dot", "f64(const f64*, const f64*, i64)"))
      die(m ? "lookup failed" : m.error().message());
  };
  auto runC = [&] {
    pixie_library lib;
    void *address;
    if (pixie_open_file(path.c_str(), nullptr, &lib) ||
        pixie_lookup(lib, "dot", "f64(const f64*, const f64*, i64)", &address))
      die("C ABI failed");
    pixie_close(lib);
  };
  for (int i = 0; i < 50; ++i) { // warm-up: page cache, first-use allocations, the cache entry
    runPlain();
    runModule(memfd);
    runModule(cache);
    runC();
  }
  for (int i = 0; i < rounds; ++i) {
    plain.push_back(timeUs(runPlain));
    viaMemfd.push_back(timeUs([&] { runModule(memfd); }));
    viaCache.push_back(timeUs([&] { runModule(cache); }));
    viaC.push_back(timeUs(runC));
    memfdFloor.push_back(timeUs(runMemfdFloor));
    formatOpen.push_back(timeUs([&] {
      if (!pixie::FatBinaryReader::open(*bytes))
        die("reader");
    }));
    formatRead.push_back(timeUs([&] {
      if (reader->container().readSectionInto(reader->metadata().variants[index].section, scratch))
        die("read");
    }));
  }

  const double base = median(plain);
  std::printf("load_bench: %s, variant %s/%s (%zu bytes, file %zu bytes), %d rounds, medians\n", path.c_str(),
              variant.platform.c_str(), variant.tier.c_str(), image->size(), bytes->size(), rounds);
  std::printf("  %-48s %8.1f us  1.00x\n", "plain dlopen+dlsym+dlclose of the extracted .so", base);
  std::printf("  %-48s %8.1f us  %.2fx\n", "pixie open+select+load+lookup+close (memfd)", median(viaMemfd),
              median(viaMemfd) / base);
  std::printf("  %-48s %8.1f us  %.2fx\n", "pixie, cache-file route (warm entry)", median(viaCache),
              median(viaCache) / base);
  std::printf("  %-48s %8.1f us  %.2fx\n", "C ABI pixie_open_file+lookup+close", median(viaC), median(viaC) / base);
  std::printf("  where pixie's time goes:\n");
  std::printf("    %-46s %8.1f us\n", "format: FatBinaryReader::open (table+metadata)", median(formatOpen));
  std::printf("    %-46s %8.1f us\n", "format: decompress the variant", median(formatRead));
  std::printf("    %-46s %8.1f us  %.2fx\n", "memfd write + dlopen + dlclose (route's floor)", median(memfdFloor),
              median(memfdFloor) / base);
  std::printf("    %-46s %8.1f us\n", "loader: the rest (file, selection, lookup)",
              median(viaMemfd) - median(formatOpen) - median(formatRead) - median(memfdFloor));

  std::vector<double> startPlain, startPixie;
  for (int i = 0; i < std::max(rounds / 10, 5); ++i) {
    startPlain.push_back(spawnUs("/proc/self/exe", "--child-plain", so));
    startPixie.push_back(spawnUs("/proc/self/exe", "--child-pixie", path));
  }
  std::printf("  process start to first lookup (fork+exec+load+exit), %zu runs each:\n", startPlain.size());
  std::printf("    %-46s %8.1f us  1.00x\n", "plain dlopen+dlsym", median(startPlain));
  std::printf("    %-46s %8.1f us  %.2fx\n", "pixie open+select+load+lookup", median(startPixie),
              median(startPixie) / median(startPlain));
  std::printf("  libLLVM mapped in this process: %s\n", mapsLlvm() ? "YES" : "no");

  std::string cleanup = "rm -rf '" + std::string(dir) + "'";
  return std::system(cleanup.c_str()) == 0 && !mapsLlvm() ? 0 : 1;
}
