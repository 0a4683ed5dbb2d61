// Linking variants with lld, in-process.
//
// lld is called through lld::lldMain, the entry point that resets lld's global
// state after each link; calling a driver's link() directly a second time in
// one process fails with duplicate symbols. That global state is also why
// links are serialised behind one mutex: they take a few milliseconds, next to
// tens for optimisation and codegen, which stay parallel.
//
// lld reads and writes files, so each link gets a private temporary directory.
// The output keeps a fixed name (lib<library>.<ext>) because Mach-O's ad-hoc
// code signature records it: a random name would make builds differ.
//
// Every undefined symbol was checked before the link (libc.cpp): what is
// left is one of the platform's documented imports (libc.h), such as malloc.
// Flags, per format:
//   ELF    -shared: the imports stay undefined and bind to the process's C
//          library at load time, with no DT_NEEDED (the C library's soname
//          differs between glibc and musl systems).
//   Mach-O -dylib for arm64, macOS 11 (LC_BUILD_VERSION; lld signs ad hoc),
//          linked against a text stub of libSystem listing the imports.
//   COFF   /dll /noentry /nodefaultlib: no CRT; import libraries for the UCRT
//          API sets, written here, of which lld keeps only what is used;
//          /Brepro replaces the timestamp with a content hash.
#include "link.h"

#include <algorithm>
#include <mutex>

#include "libc.h"

#include "lld/Common/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Object/COFFImportFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

LLD_HAS_DRIVER(elf)
LLD_HAS_DRIVER(macho)
LLD_HAS_DRIVER(coff)

namespace pixie {
namespace {

std::mutex lldMutex;
bool lldUsable = true; // false once lld reports its state is corrupt

// Removed, with whatever lld left in it, when the link is over.
struct TempDir {
  ~TempDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
  llvm::SmallString<128> path;
};

llvm::Error writeFile(llvm::StringRef path, llvm::ArrayRef<char> bytes) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  if (ec)
    return llvm::createStringError(ec, "cannot write %s: %s", path.str().c_str(),
                                   ec.message().c_str());
  out.write(bytes.data(), bytes.size());
  out.close();
  if (out.has_error())
    return llvm::createStringError(out.error(), "cannot write %s", path.str().c_str());
  return llvm::Error::success();
}

const char *libraryExtension(BinaryFormat format) {
  switch (format) {
  case BinaryFormat::Elf:
    return ".so";
  case BinaryFormat::MachO:
    return ".dylib";
  case BinaryFormat::Coff:
    return ".dll";
  }
  return "";
}

// The libraries that the imports `objects` use come from, as files lld
// reads, each listing only what is used: a variant that imports nothing
// links against nothing.
llvm::Expected<std::vector<std::string>> importLibraries(const Platform &platform,
                                                         llvm::ArrayRef<std::vector<char>> objects,
                                                         llvm::StringRef dir) {
  auto used = usedImports(platform, objects);
  if (!used)
    return used.takeError();
  std::vector<std::string> files;
  std::vector<std::string> libraries;
  for (const Import &i : *used)
    if (*i.library && std::find(libraries.begin(), libraries.end(), i.library) == libraries.end())
      libraries.push_back(i.library);
  for (const std::string &library : libraries) {
    std::vector<std::string> symbols;
    for (const Import &i : *used)
      if (library == i.library)
        symbols.push_back(i.symbol);
    llvm::SmallString<128> path(dir);
    if (platform.format == BinaryFormat::MachO) {
      llvm::sys::path::append(path, "libSystem.tbd");
      std::string text = "--- !tapi-tbd\ntbd-version: 4\ntargets: [ arm64-macos ]\n"
                         "install-name: '" + library + "'\nexports:\n"
                         "  - targets: [ arm64-macos ]\n    symbols: [ ";
      for (const std::string &symbol : symbols)
        text += "_" + symbol + ", ";
      // dyld's lazy binder, which every dylib with imports refers to.
      text += "dyld_stub_binder ]\n...\n";
      if (llvm::Error e = writeFile(path, llvm::ArrayRef<char>(text.data(), text.size())))
        return e;
    } else {
      llvm::sys::path::append(path, llvm::sys::path::stem(library) + ".lib");
      std::vector<llvm::object::COFFShortExport> exports;
      for (const std::string &symbol : symbols) {
        llvm::object::COFFShortExport e;
        e.Name = symbol;
        exports.push_back(e);
      }
      if (llvm::Error e = llvm::object::writeImportLibrary(
              library, path, exports, llvm::COFF::IMAGE_FILE_MACHINE_AMD64, false))
        return e;
    }
    files.push_back(std::string(path));
  }
  return files;
}

} // namespace

llvm::Expected<std::vector<uint8_t>> linkSharedLibrary(const Platform &platform,
                                                       const std::string &library,
                                                       llvm::ArrayRef<std::vector<char>> objects) {
  TempDir dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("pixie-link", dir.path))
    return llvm::createStringError(ec, "cannot create a temporary directory: %s",
                                   ec.message().c_str());

  std::vector<std::string> inputs;
  for (size_t i = 0; i < objects.size(); ++i) {
    llvm::SmallString<128> path(dir.path);
    llvm::sys::path::append(path, "input" + std::to_string(i) + ".o");
    if (llvm::Error e = writeFile(path, objects[i]))
      return e;
    inputs.push_back(std::string(path));
  }
  std::string name = "lib" + library + libraryExtension(platform.format);
  llvm::SmallString<128> output(dir.path);
  llvm::sys::path::append(output, name);

  std::vector<std::string> args;
  switch (platform.format) {
  case BinaryFormat::Elf:
    args = {"ld.lld", "-shared", "-z", "noexecstack", "--eh-frame-hdr",
            "--gc-sections", "--threads=1", "-o", std::string(output)};
    break;
  case BinaryFormat::MachO:
    args = {"ld64.lld", "-arch", "arm64", "-platform_version", "macos", "11.0", "11.0",
            "-dylib", "-install_name", "@rpath/" + name, "-dead_strip", "--threads=1",
            "-o", std::string(output)};
    break;
  case BinaryFormat::Coff:
    args = {"lld-link", "/dll", "/noentry", "/machine:x64", "/nodefaultlib", "/noimplib",
            "/Brepro", "/threads:1", "/out:" + std::string(output)};
    break;
  }
  args.insert(args.end(), inputs.begin(), inputs.end());
  auto imports = importLibraries(platform, objects, dir.path);
  if (!imports)
    return imports.takeError();
  args.insert(args.end(), imports->begin(), imports->end());
  std::vector<const char *> argv;
  for (const std::string &a : args)
    argv.push_back(a.c_str());

  std::string messages;
  llvm::raw_string_ostream diag(messages);
  {
    std::lock_guard<std::mutex> lock(lldMutex);
    if (!lldUsable)
      return llvm::createStringError("lld cannot run again in this process");
    lld::Result result = lld::lldMain(argv, diag, diag,
                                      {{lld::Gnu, &lld::elf::link},
                                       {lld::Darwin, &lld::macho::link},
                                       {lld::WinLink, &lld::coff::link}});
    lldUsable = result.canRunAgain;
    if (result.retCode != 0) {
      // Drop the temporary directory from lld's messages: users can do
      // nothing with it, and tests compare messages exactly.
      std::string text = diag.str();
      std::string prefix = std::string(dir.path) + "/";
      for (size_t at; (at = text.find(prefix)) != std::string::npos;)
        text.erase(at, prefix.size());
      while (!text.empty() && text.back() == '\n')
        text.pop_back();
      return llvm::createStringError("lld failed to link %s:\n%s", name.c_str(),
                                     text.c_str());
    }
  }

  auto image = llvm::MemoryBuffer::getFile(output, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  if (!image)
    return llvm::createStringError(image.getError(), "cannot read the linked %s", name.c_str());
  llvm::StringRef bytes = (*image)->getBuffer();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

} // namespace pixie
