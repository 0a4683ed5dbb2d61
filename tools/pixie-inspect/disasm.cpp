// Finding a function in a shared library of any of our formats, then
// decoding it.
//
// Where a symbol's size is not recorded (Mach-O, COFF exports), it extends to
// the next symbol in the same section, or to the section's end, which is how
// objdump bounds functions too. Names are matched with and without the
// leading underscore Mach-O adds.
#include "disasm.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

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
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

namespace pixie::inspect {

namespace {

struct Extent {
  uint64_t start = 0, end = 0;
  llvm::object::SectionRef section;
};

std::string message(llvm::Error e) { return llvm::toString(std::move(e)); }

bool nameMatches(llvm::StringRef have, const std::string &want) {
  return have == want || (have.starts_with("_") && have.drop_front() == want);
}

// Every named address we can see: the static and dynamic symbol tables, and
// for PE the export directory (a DLL often has no symbol table).
std::multimap<uint64_t, std::string> namedAddresses(const llvm::object::ObjectFile &obj) {
  std::multimap<uint64_t, std::string> out;
  auto add = [&](const llvm::object::SymbolRef &sym) {
    auto name = sym.getName();
    auto addr = sym.getAddress();
    auto flags = sym.getFlags();
    if (name && addr && flags && !(*flags & llvm::object::SymbolRef::SF_Undefined) && !name->empty())
      out.emplace(*addr, name->str());
    else {
      if (!name) llvm::consumeError(name.takeError());
      if (!addr) llvm::consumeError(addr.takeError());
      if (!flags) llvm::consumeError(flags.takeError());
    }
  };
  for (const llvm::object::SymbolRef &s : obj.symbols())
    add(s);
  if (auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(&obj))
    for (const llvm::object::SymbolRef &s : elf->getDynamicSymbolIterators())
      add(s);
  if (auto *coff = llvm::dyn_cast<llvm::object::COFFObjectFile>(&obj))
    for (const llvm::object::ExportDirectoryEntryRef &e : coff->export_directories()) {
      llvm::StringRef name;
      uint32_t rva = 0;
      if (!e.getSymbolName(name) && !e.getExportRVA(rva) && !name.empty())
        out.emplace(coff->getImageBase() + rva, name.str());
    }
  return out;
}

Expected<Extent> findExtent(const llvm::object::ObjectFile &obj, const std::string &symbol) {
  auto named = namedAddresses(obj);
  std::optional<uint64_t> start;
  for (const auto &[addr, name] : named)
    if (nameMatches(name, symbol)) {
      start = addr;
      break;
    }
  if (!start)
    return Error(Errc::not_found, "symbol '" + symbol + "' is not in this variant");
  for (const llvm::object::SectionRef &sec : obj.sections()) {
    if (!sec.isText() || *start < sec.getAddress() || *start >= sec.getAddress() + sec.getSize())
      continue;
    Extent e{*start, sec.getAddress() + sec.getSize(), sec};
    // An ELF symbol knows its size; otherwise stop at the next symbol.
    if (auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(&obj)) {
      auto bySize = [&](const llvm::object::SymbolRef &s) {
        llvm::object::ELFSymbolRef es(s);
        auto name = es.getName();
        auto addr = es.getAddress();
        bool hit = name && addr && *addr == *start && nameMatches(*name, symbol) && es.getSize() > 0;
        if (!name) llvm::consumeError(name.takeError());
        if (!addr) llvm::consumeError(addr.takeError());
        if (hit)
          e.end = std::min(e.end, *start + es.getSize());
        return hit;
      };
      for (const llvm::object::SymbolRef &s : elf->getDynamicSymbolIterators())
        if (bySize(s))
          return e;
      for (const llvm::object::SymbolRef &s : obj.symbols())
        if (bySize(s))
          return e;
    }
    auto next = named.upper_bound(*start);
    if (next != named.end())
      e.end = std::min(e.end, next->first);
    return e;
  }
  return Error(Errc::not_found, "symbol '" + symbol + "' does not point into a code section");
}

std::string joinFeatures(const std::vector<std::string> &features) {
  std::string out;
  for (const std::string &f : features)
    out += (out.empty() ? "" : ",") + f;
  return out;
}

} // namespace

Expected<std::string> disassemble(std::span<const uint8_t> image, const Variant &variant, const std::string &symbol) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllDisassemblers();

  llvm::MemoryBufferRef buffer(llvm::StringRef(reinterpret_cast<const char *>(image.data()), image.size()),
                               variant.platform + "/" + variant.tier);
  auto obj = llvm::object::ObjectFile::createObjectFile(buffer);
  if (!obj)
    return Error(Errc::malformed, variant.platform + "/" + variant.tier + " is not an object file LLVM can read: " +
                                      message(obj.takeError()));
  Expected<Extent> extent = findExtent(**obj, symbol);
  if (!extent)
    return extent.takeError();
  auto contents = extent->section.getContents();
  if (!contents)
    return Error(Errc::malformed, message(contents.takeError()));

  llvm::Triple triple(variant.triple);
  std::string lookup_error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple.str(), lookup_error);
  if (!target)
    return Error(Errc::unsupported_host, "no LLVM target for " + triple.str() + ": " + lookup_error);
  // The CPU name LLVM's MC layer knows; codegen-only pseudo CPUs (x86-64-v3)
  // are known too, and the features refine it.
  std::unique_ptr<llvm::MCRegisterInfo> mri(target->createMCRegInfo(triple.str()));
  llvm::MCTargetOptions mc_options;
  std::unique_ptr<llvm::MCAsmInfo> mai(target->createMCAsmInfo(*mri, triple.str(), mc_options));
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple.str(), variant.cpu, joinFeatures(variant.features)));
  std::unique_ptr<llvm::MCInstrInfo> mii(target->createMCInstrInfo());
  if (!mri || !mai || !sti || !mii)
    return Error(Errc::unsupported_host, "LLVM cannot describe " + triple.str());
  llvm::MCContext ctx(triple, mai.get(), mri.get(), sti.get());
  std::unique_ptr<llvm::MCDisassembler> dis(target->createMCDisassembler(*sti, ctx));
  std::unique_ptr<llvm::MCInstPrinter> printer(
      target->createMCInstPrinter(triple, mai->getAssemblerDialect(), *mai, *mii, *mri));
  if (!dis || !printer)
    return Error(Errc::unsupported_host, "LLVM has no disassembler for " + triple.str());

  std::string out;
  llvm::raw_string_ostream os(out);
  os << symbol << " in " << variant.platform << "/" << variant.tier << " (" << triple.str() << ", cpu "
     << variant.cpu << "):\n";
  const uint64_t base = extent->section.getAddress();
  llvm::ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>(contents->data()), contents->size());
  for (uint64_t addr = extent->start; addr < extent->end;) {
    llvm::MCInst inst;
    uint64_t size = 0;
    llvm::ArrayRef<uint8_t> rest = bytes.slice(addr - base, extent->end - addr);
    auto status = dis->getInstruction(inst, size, rest, addr, llvm::nulls());
    if (size == 0)
      size = 1;
    os << llvm::format("%8llx:  ", (unsigned long long)addr);
    std::string hex;
    for (uint64_t i = 0; i < size && i < rest.size(); ++i) {
      char byte[4];
      std::snprintf(byte, sizeof(byte), "%02x ", rest[i]);
      hex += byte;
    }
    os << llvm::left_justify(hex, 24);
    if (status == llvm::MCDisassembler::Success)
      printer->printInst(&inst, addr, "", *sti, os);
    else
      os << "\t<invalid>";
    os << "\n";
    addr += size;
  }
  return out;
}

} // namespace pixie::inspect
