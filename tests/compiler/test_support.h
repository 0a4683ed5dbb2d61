// Helpers shared by the compiler tests: building, opening and disassembling
// variants, and running the ones this host can run.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "pixie/compiler.h"

namespace pixie::test {

// Writes `text` to a file in a per-process temporary directory; returns its path.
std::string writeTemp(const std::string &name, const std::string &text);

// pixie::build, failing the test with the error message when it fails.
BuildResult buildOrFail(const BuildOptions &options);

// The bundled examples (examples/kernels/kernels.json), all 16 variants.
BuildOptions exampleOptions(unsigned jobs = 2);

// What LLVM's Object library sees in a variant image.
struct ImageFacts {
  std::string format;             // "elf", "macho", "coff"
  std::string machine;            // "x86_64", "aarch64"
  bool shared_library = false;    // ET_DYN / MH_DYLIB / IMAGE_FILE_DLL
  std::set<std::string> exports;  // exported symbol names, without Mach-O's '_'
  std::set<std::string> imports;  // undefined symbols and needed libraries
  bool build_version = false;     // Mach-O LC_BUILD_VERSION for macOS 11.0
  bool code_signature = false;    // Mach-O LC_CODE_SIGNATURE whose page hashes match
  std::string signature_identifier; // the code directory's identifier
};
ImageFacts inspectImage(const std::vector<uint8_t> &image);

// Every instruction in the image's text sections, one per line, as LLVM MC
// prints them; the disassembler gets `cpu` so it decodes every extension.
std::string disassemble(const std::vector<uint8_t> &image, const std::string &triple,
                        const std::string &cpu, const std::string &features = "");

// Can this process execute the variant (linux-64, host has `required`)?
bool hostCanRun(const Variant &variant);

// A linux-64 variant loaded from memory (memfd + dlopen), as the loader does.
class LoadedImage {
public:
  explicit LoadedImage(const std::vector<uint8_t> &image);
  ~LoadedImage();
  LoadedImage(const LoadedImage &) = delete;
  LoadedImage &operator=(const LoadedImage &) = delete;
  void *symbol(const char *name) const;

private:
  int fd_ = -1;
  void *handle_ = nullptr;
};

} // namespace pixie::test
