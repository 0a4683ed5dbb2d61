// The Linux in-memory route: the variant goes into an anonymous memfd (no
// file on disk) and the dynamic loader maps it from /proc/self/fd/N like any
// file. A memfd dlopen costs ~1.5x a dlopen of a file (bench/load_bench).
//
// A variant of up to 1 MiB (nearly all: kernels are KBs) is decompressed into
// memory and written; a larger one straight into the memfd's pages, so it is
// never in memory twice. Mapping costs a small one ~9 us more than writing
// (bench/load_bench, 7 KB): page faults on shared pages, a TLB flush at
// munmap.
//
// Since Linux 6.3, vm.memfd_noexec may make memfds non-executable unless
// created with MFD_EXEC; older kernels reject that flag with EINVAL, so we ask
// for it and retry without. A refusal to create or execute is reported as
// unsupported_host so the caller falls back to the cache-file route; a
// variant whose headers are not a shared library for its platform, or that
// the dynamic loader rejects, is load_failed, and no fallback will help it.
#include "routes.h"

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "dl_image.h"
#include "image_check.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

namespace pixie {

namespace {

int createMemfd(const std::string &name) {
  // The kernel limits names to 249 bytes; the name only labels /proc/*/maps.
  const std::string label = name.substr(0, 200);
  int fd = memfd_create(label.c_str(), MFD_CLOEXEC | MFD_EXEC);
  if (fd < 0 && errno == EINVAL)
    fd = memfd_create(label.c_str(), MFD_CLOEXEC);
  return fd;
}

std::string sysError(const char *what) { return std::string(what) + ": " + std::strerror(errno); }

constexpr uint64_t kWrittenLimit = uint64_t(1) << 20;

Error writeAll(int fd, std::span<const uint8_t> bytes) {
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return Error(Errc::io, sysError("write(memfd)"));
    done += size_t(n);
  }
  return Error::success();
}

// The checked image in the memfd.
Error fill(int fd, const SectionRef &section) {
  if (section.raw_size <= kWrittenLimit) {
    Expected<std::vector<uint8_t>> bytes = section.container->readSection(section.index);
    if (!bytes)
      return bytes.takeError();
    if (Error e = checkImage(*bytes, section.platform))
      return e;
    return writeAll(fd, *bytes);
  }
  if (ftruncate(fd, off_t(section.raw_size)) != 0)
    return Error(Errc::io, sysError("ftruncate(memfd)"));
  void *pages = mmap(nullptr, section.raw_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (pages == MAP_FAILED)
    return Error(Errc::io, sysError("mmap(memfd)"));
  const std::span<uint8_t> bytes(static_cast<uint8_t *>(pages), section.raw_size);
  Error e = section.container->readSectionInto(section.index, bytes);
  if (!e)
    e = checkImage(bytes, section.platform);
  munmap(pages, section.raw_size);
  return e;
}

} // namespace

Expected<Loaded> loadViaMemfd(const SectionRef &section, const std::string &name) {
  int fd = createMemfd(name);
  if (fd < 0)
    return Error(Errc::unsupported_host, sysError("memfd_create"));
  if (Error e = fill(fd, section)) {
    ::close(fd);
    return e;
  }
  Expected<std::unique_ptr<Image>> image = DlImage::open("/proc/self/fd/" + std::to_string(fd), fd);
  if (image)
    return Loaded{std::move(*image), "memfd", "/memfd:" + name};
  // Tell a refusal to execute memfd pages (noexec policy, a sandbox) from a
  // variant the dynamic loader rejects: only the first is worth the cache-file
  // route.
  Error e(Errc::load_failed, image.error().message());
  void *probe = mmap(nullptr, 1, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
  if (probe == MAP_FAILED)
    e = Error(Errc::unsupported_host, "the kernel refuses to execute code from a memfd (" + sysError("mmap") + "); " +
                                          image.error().message());
  else
    munmap(probe, 1);
  ::close(fd);
  return e;
}

} // namespace pixie
