#include "test_support.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "llvm/ADT/SmallString.h"
#include "llvm/BinaryFormat/COFF.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCInstPrinter.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/COFF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/MachO.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

namespace pixie::test {
namespace {

llvm::StringRef bytesOf(const std::vector<uint8_t> &image) {
  return llvm::StringRef(reinterpret_cast<const char *>(image.data()), image.size());
}

std::unique_ptr<llvm::object::ObjectFile> openObject(const std::vector<uint8_t> &image) {
  auto object = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(bytesOf(image), "variant"));
  if (!object)
    FAIL("not an object file: " << llvm::toString(object.takeError()));
  return std::move(*object);
}

void inspectElf(const llvm::object::ELF64LEObjectFile &elf, ImageFacts &facts) {
  facts.format = "elf";
  const auto &file = elf.getELFFile();
  facts.machine = file.getHeader().e_machine == llvm::ELF::EM_X86_64    ? "x86_64"
                  : file.getHeader().e_machine == llvm::ELF::EM_AARCH64 ? "aarch64"
                                                                         : "other";
  facts.shared_library = file.getHeader().e_type == llvm::ELF::ET_DYN;
  for (const llvm::object::ELFSymbolRef &sym : elf.getDynamicSymbolIterators()) {
    llvm::StringRef name = llvm::cantFail(sym.getName());
    if (name.empty())
      continue;
    uint32_t flags = llvm::cantFail(sym.getFlags());
    if (flags & llvm::object::SymbolRef::SF_Undefined)
      facts.imports.insert(name.str());
    else if (flags & llvm::object::SymbolRef::SF_Global)
      facts.exports.insert(name.str());
  }
  auto dynamic = file.dynamicEntries();
  REQUIRE(bool(dynamic));
  for (const auto &entry : *dynamic)
    if (entry.getTag() == llvm::ELF::DT_NEEDED)
      facts.imports.insert("DT_NEEDED");
}

uint32_t bigEndian32(llvm::ArrayRef<uint8_t> bytes, uint64_t offset) {
  REQUIRE(offset + 4 <= bytes.size());
  return llvm::support::endian::read32be(bytes.data() + offset);
}

// Checks an ad-hoc code signature the way the kernel does before running a
// page: the SuperBlob's CodeDirectory holds a SHA-256 per page of the file up
// to codeLimit, and each must match. Returns the directory's identifier, or
// "" when the signature is malformed or a hash differs. (macOS on arm64 runs
// no unsigned or mis-signed code, and no Mac is at hand to ask.)
std::string checkCodeSignature(llvm::ArrayRef<uint8_t> file, uint64_t offset, uint64_t size) {
  REQUIRE(offset + size <= file.size());
  llvm::ArrayRef<uint8_t> blob = file.slice(offset, size);
  if (bigEndian32(blob, 0) != 0xfade0cc0) // CSMAGIC_EMBEDDED_SIGNATURE
    return "";
  uint32_t count = bigEndian32(blob, 8);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t at = bigEndian32(blob, 12 + 8 * i + 4);
    if (bigEndian32(blob, at) != 0xfade0c02) // CSMAGIC_CODEDIRECTORY
      continue;
    llvm::ArrayRef<uint8_t> cd = blob.drop_front(at);
    uint32_t flags = bigEndian32(cd, 12);
    uint32_t hashOffset = bigEndian32(cd, 16), identOffset = bigEndian32(cd, 20);
    uint32_t codeSlots = bigEndian32(cd, 28), codeLimit = bigEndian32(cd, 32);
    uint8_t hashSize = cd[36], hashType = cd[37], pageLog2 = cd[39];
    if (hashType != 2 || hashSize != 32) // SHA-256
      return "";
    // Ad hoc (CS_ADHOC: no certificate, nothing to verify against but the
    // hashes), covering every byte before the signature itself.
    if (!(flags & 0x2) || codeLimit != offset)
      return "";
    uint64_t page = uint64_t(1) << pageLog2;
    if (codeSlots != (codeLimit + page - 1) / page)
      return "";
    for (uint32_t slot = 0; slot < codeSlots; ++slot) {
      uint64_t begin = slot * page, end = std::min<uint64_t>(begin + page, codeLimit);
      auto digest = llvm::SHA256::hash(file.slice(begin, end - begin));
      if (llvm::ArrayRef<uint8_t>(digest) != cd.slice(hashOffset + slot * 32, 32))
        return "";
    }
    return reinterpret_cast<const char *>(cd.data() + identOffset);
  }
  return "";
}

void inspectMachO(const llvm::object::MachOObjectFile &macho, ImageFacts &facts) {
  facts.format = "macho";
  facts.machine = macho.getHeader().cputype == llvm::MachO::CPU_TYPE_ARM64 ? "aarch64" : "other";
  facts.shared_library = macho.getHeader().filetype == llvm::MachO::MH_DYLIB;
  llvm::StringRef data = macho.getData();
  llvm::ArrayRef<uint8_t> file(reinterpret_cast<const uint8_t *>(data.data()), data.size());
  for (const auto &command : macho.load_commands()) {
    if (command.C.cmd == llvm::MachO::LC_BUILD_VERSION) {
      auto version = macho.getBuildVersionLoadCommand(command);
      facts.build_version = version.platform == llvm::MachO::PLATFORM_MACOS &&
                            version.minos == 0x000B0000; // 11.0.0
    }
    if (command.C.cmd == llvm::MachO::LC_CODE_SIGNATURE) {
      auto sig = macho.getLinkeditDataLoadCommand(command);
      facts.signature_identifier = checkCodeSignature(file, sig.dataoff, sig.datasize);
      facts.code_signature = !facts.signature_identifier.empty();
    }
    if (command.C.cmd == llvm::MachO::LC_LOAD_DYLIB)
      facts.imports.insert("LC_LOAD_DYLIB");
  }
  llvm::Error err = llvm::Error::success();
  for (const llvm::object::ExportEntry &entry : macho.exports(err))
    facts.exports.insert(entry.name().drop_front().str()); // C names carry a '_'
  REQUIRE(!err);
  for (const llvm::object::SymbolRef &sym : macho.symbols())
    if (llvm::cantFail(sym.getFlags()) & llvm::object::SymbolRef::SF_Undefined)
      facts.imports.insert(llvm::cantFail(sym.getName()).str());
}

void inspectCoff(const llvm::object::COFFObjectFile &coff, ImageFacts &facts) {
  facts.format = "coff";
  facts.machine = coff.getMachine() == llvm::COFF::IMAGE_FILE_MACHINE_AMD64 ? "x86_64" : "other";
  facts.shared_library = coff.getCharacteristics() & llvm::COFF::IMAGE_FILE_DLL;
  for (const auto &entry : coff.export_directories()) {
    llvm::StringRef name;
    REQUIRE(!entry.getSymbolName(name));
    facts.exports.insert(name.str());
  }
  for (const auto &entry : coff.import_directories()) {
    llvm::StringRef name;
    REQUIRE(!entry.getName(name));
    facts.imports.insert(name.str());
  }
  for (const auto &entry : coff.delay_import_directories()) {
    llvm::StringRef name;
    REQUIRE(!entry.getName(name));
    facts.imports.insert(name.str());
  }
}

} // namespace

std::string writeTemp(const std::string &name, const std::string &text) {
  static struct Dir {
    Dir() { llvm::sys::fs::createUniqueDirectory("pixie-compiler-test", path); }
    ~Dir() { llvm::sys::fs::remove_directories(path); }
    llvm::SmallString<128> path;
  } dir;
  REQUIRE(!dir.path.empty());
  llvm::SmallString<128> path(dir.path);
  llvm::sys::path::append(path, name);
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec);
  REQUIRE(!ec);
  out << text;
  return std::string(path);
}

BuildResult buildOrFail(const BuildOptions &options) {
  auto result = build(options);
  if (!result)
    FAIL("build failed: " << llvm::toString(result.takeError()));
  return std::move(*result);
}

BuildOptions exampleOptions(unsigned jobs) {
  auto manifest = readManifest(PIXIE_EXAMPLES_DIR "/kernels.json");
  if (!manifest)
    FAIL(llvm::toString(manifest.takeError()));
  BuildOptions options;
  options.library = manifest->library;
  options.inputs = manifest->inputs;
  options.exports = manifest->exports;
  options.jobs = jobs;
  return options;
}

ImageFacts inspectImage(const std::vector<uint8_t> &image) {
  auto object = openObject(image);
  ImageFacts facts;
  if (auto *elf = llvm::dyn_cast<llvm::object::ELF64LEObjectFile>(object.get()))
    inspectElf(*elf, facts);
  else if (auto *macho = llvm::dyn_cast<llvm::object::MachOObjectFile>(object.get()))
    inspectMachO(*macho, facts);
  else if (auto *coff = llvm::dyn_cast<llvm::object::COFFObjectFile>(object.get()))
    inspectCoff(*coff, facts);
  else
    FAIL("unexpected object kind");
  return facts;
}

std::string disassemble(const std::vector<uint8_t> &image, const std::string &tripleName,
                        const std::string &cpu, const std::string &features) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllDisassemblers();
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(tripleName, err);
  REQUIRE(target);
  llvm::Triple triple(tripleName);
  std::unique_ptr<llvm::MCRegisterInfo> mri(target->createMCRegInfo(tripleName));
  llvm::MCTargetOptions mcOptions;
  std::unique_ptr<llvm::MCAsmInfo> mai(target->createMCAsmInfo(*mri, tripleName, mcOptions));
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(tripleName, cpu, features));
  std::unique_ptr<llvm::MCInstrInfo> mii(target->createMCInstrInfo());
  llvm::MCContext context(triple, mai.get(), mri.get(), sti.get());
  std::unique_ptr<llvm::MCDisassembler> disassembler(target->createMCDisassembler(*sti, context));
  std::unique_ptr<llvm::MCInstPrinter> printer(target->createMCInstPrinter(
      triple, mai->getAssemblerDialect(), *mai, *mii, *mri));
  REQUIRE(disassembler);
  REQUIRE(printer);
  printer->setPrintImmHex(true); // as llvm-objdump prints them

  // Fixed-width Arm instructions resync at 4 bytes; x86 at the next byte.
  uint64_t skip = triple.isX86() ? 1 : 4;
  auto object = openObject(image);
  std::string text;
  llvm::raw_string_ostream out(text);
  for (const llvm::object::SectionRef &section : object->sections()) {
    if (!section.isText())
      continue;
    llvm::StringRef contents = llvm::cantFail(section.getContents());
    llvm::ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>(contents.data()),
                                  contents.size());
    uint64_t address = section.getAddress();
    for (uint64_t offset = 0; offset < bytes.size();) {
      llvm::MCInst inst;
      uint64_t size = 0;
      if (disassembler->getInstruction(inst, size, bytes.slice(offset), address + offset,
                                       llvm::nulls()) == llvm::MCDisassembler::Success) {
        printer->printInst(&inst, address + offset, "", *sti, out);
        out << "\n";
        offset += size ? size : skip;
      } else {
        offset += skip;
      }
    }
  }
  return text;
}

bool hostCanRun(const Variant &variant) {
  if (variant.platform != "linux-64")
    return false;
  auto host = llvm::sys::getHostCPUFeatures();
  for (const std::string &feature : variant.required)
    if (!host.lookup(feature))
      return false;
  return true;
}

LoadedImage::LoadedImage(const std::vector<uint8_t> &image) {
  fd_ = memfd_create("pixie-variant", MFD_CLOEXEC);
  REQUIRE(fd_ >= 0);
  REQUIRE(write(fd_, image.data(), image.size()) == ssize_t(image.size()));
  std::string path = "/proc/self/fd/" + std::to_string(fd_);
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_)
    FAIL("dlopen: " << dlerror());
}

LoadedImage::~LoadedImage() {
  // glibc caches libraries by path: close the memfd only after dlclose, or a
  // later image given the same fd number would resolve to this one.
  if (handle_)
    dlclose(handle_);
  if (fd_ >= 0)
    close(fd_);
}

void *LoadedImage::symbol(const char *name) const {
  void *address = dlsym(handle_, name);
  REQUIRE(address);
  return address;
}

} // namespace pixie::test
