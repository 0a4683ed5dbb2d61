// A variant's headers, checked before its bytes reach the OS loader.
//
// The metadata says which platform a variant is for; nothing but its bytes
// says what it is. Handing dlopen an aarch64 .so, a Mach-O or a PE image
// yields at best a cryptic message ("invalid ELF header", "wrong ELF class")
// and at worst, for a foreign format the OS loader half-understands, code it
// should never have mapped. So both routes first read the few header fields
// that decide it: format and magic, 32/64-bit, byte order, machine (ELF
// e_machine, Mach-O cputype, PE Machine) and kind (ELF e_type, Mach-O
// filetype, the PE DLL flag). An ELF image is then checked whole, because
// glibc's loader trusts what it maps: every program header, segment, dynamic
// entry, string-table reference, hash table and relocation must be in bounds
// and consistent, as pixie-build links them (spec/loader.md, section 3), so
// that a damaged or truncated library is an error rather than a SIGBUS,
// SIGSEGV or ld.so assertion. Mach-O and PE images get the header check only.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "pixie/error.h"

namespace pixie {

// Success when `image` has the headers of a shared library for `platform`
// (linux-64, linux-aarch64, osx-arm64, win-64). Otherwise load_failed with
// "the variant is <what the headers say>, not <what the platform needs>", e.g.
// "the variant is an ELF shared library (ET_DYN) for aarch64 (e_machine 183),
// not for x86-64 (e_machine 62)", or "the variant is a malformed ELF shared
// library: <what is wrong>".
Error checkImage(std::span<const uint8_t> image, std::string_view platform);

} // namespace pixie
