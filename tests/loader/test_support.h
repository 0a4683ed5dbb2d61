// Shared helpers for the loader tests: fixtures, synthetic hosts, and views
// of this process's descriptors and mappings.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pixie/fatbinary.h"
#include "pixie/host.h"
#include "pixie/loader.h"

namespace pixie::test {

std::vector<uint8_t> fixtureBytes(const char *path = PIXIE_FIXTURE);

// A .pixie holding `image` as its one variant, linux-64 tier x86-64 (needing
// only sse2), exporting the test kernels' `tier`.
std::vector<uint8_t> oneVariantFile(const std::string &library, std::vector<uint8_t> image);

// A fresh private directory under $TMPDIR, removed with its content on
// destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

size_t openFdCount();
std::string selfMaps();
size_t countLines(const std::string &text, const std::string &needle);

// Synthetic hosts for selection tests (runtime/ decoders are tested on the
// register values; here only the resulting feature sets matter).
HostProfile zen3();
HostProfile zen4();
HostProfile sapphireRapids();
HostProfile core2();
HostProfile avxWithoutXcr0();
HostProfile graviton2();
HostProfile graviton3();
HostProfile appleM1();
HostProfile appleM2();
HostProfile appleM4();
HostProfile windowsAvx2();
HostProfile unknownPlatform();

// Runs `body` in a forked child and returns its exit status (128 + signal if
// it died), so a test can change process-wide state (a seccomp filter).
int inChild(const std::function<int()> &body);

// Options that never depend on this process's environment.
LoadOptions isolatedOptions(const std::string &cache_dir);

// Another user, for directories that are not ours: nobody (any uid but ours
// would do).
constexpr unsigned kOtherUid = 65534;
// Giving a directory to another user takes root, which `make test` and CI
// have. Without it a test fails, saying why, rather than passing untested.
void requireRoot();

// `<tmp>/others`, a directory of kOtherUid's (0700, like a real cache), and
// `<tmp>/link`, a symlink to it.
struct OthersDir {
  explicit OthersDir(const TempDir &tmp);
  std::string dir, link;
  // How the loader names the link: "<link> (a symlink to <dir>)".
  std::string linkText() const;
};

} // namespace pixie::test
