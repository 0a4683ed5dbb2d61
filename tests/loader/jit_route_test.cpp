// The loader's side of the JIT interface (jit_abi.h), against a stand-in JIT
// library: when it is reached, what it is told, and how failures read.
#include <catch2/catch.hpp>

#include "pixie/loader.h"
#include "test_support.h"

using namespace pixie;
using namespace pixie::test;

namespace {

LoadOptions withJit(const std::string &cache, JitPolicy policy, const char *library = PIXIE_FAKE_JIT) {
  LoadOptions o = isolatedOptions(cache);
  o.jit = policy;
  o.jit_library = library;
  return o;
}

} // namespace

TEST_CASE("no variant fits and PIXIE_JIT=never: the error says why", "[jit]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, withJit(cache.path(), JitPolicy::Never));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::no_variant);
  CHECK(m.error().message() == std::string(PIXIE_FOREIGN_FIXTURE) + ": no variant of 'foreign' fits this host (" +
                                   "linux-64, cpu " + std::string(hostProfile().cpuName()) +
                                   "): the file has no linux-64 variants; it has variants for linux-aarch64, "
                                   "win-64; PIXIE_JIT=never forbids compiling the bitcode");
}

TEST_CASE("no variant fits, PIXIE_JIT=auto, no JIT library: both reasons are given", "[jit]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, withJit(cache.path(), JitPolicy::Auto, "/nonexistent/libjit.so"));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::no_variant);
  const std::string &msg = m.error().message();
  CHECK(msg.find("no variant of 'foreign' fits this host") != std::string::npos);
  CHECK(msg.find("; re-JIT from bitcode failed: the JIT library is not available: dlopen(/nonexistent/libjit.so) "
                 "failed: ") != std::string::npos);
}

TEST_CASE("no variant fits, PIXIE_JIT=auto: the JIT library provides the code", "[jit]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FOREIGN_FIXTURE, withJit(cache.path(), JitPolicy::Auto));
  INFO((m ? "" : m.error().message()));
  REQUIRE(m);
  CHECK((*m)->variant() == nullptr);
  CHECK((*m)->explanation().route == "jit");
  CHECK((*m)->explanation().route_detail.find("fake JIT for linux-64/" + std::string(hostProfile().cpuName())) == 0);
  CHECK((*m)->explanation().route_detail.find("cache " + cache.path()) != std::string::npos);
  auto tier = (*m)->lookup("tier");
  REQUIRE(tier);
  CHECK(reinterpret_cast<int32_t (*)()>(*tier)() == 77);
}

TEST_CASE("PIXIE_JIT=always bypasses fitting variants; PIXIE_USE_ISA contradicts it", "[jit]") {
  TempDir cache;
  auto m = Module::openFile(PIXIE_FIXTURE, withJit(cache.path(), JitPolicy::Always));
  REQUIRE(m);
  CHECK((*m)->explanation().decision == "PIXIE_JIT=always: compiled the bitcode for this host");
  CHECK(reinterpret_cast<int32_t (*)()>(*(*m)->lookup("tier"))() == 77);
  auto missing = (*m)->lookup("axpy");
  REQUIRE(!missing);
  CHECK(missing.error().message() == "symbol 'axpy_f64' of export 'axpy' is missing from the JIT code");

  LoadOptions o = withJit(cache.path(), JitPolicy::Always);
  o.use_isa = "x86-64";
  auto both = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!both);
  CHECK(both.error().code() == Errc::invalid_argument);
}

TEST_CASE("a JIT failure keeps the JIT's code and message", "[jit]") {
  TempDir cache;
  HostProfile host = unknownPlatform();
  LoadOptions o = withJit(cache.path(), JitPolicy::Always);
  o.host = &host;
  auto m = Module::openFile(PIXIE_FIXTURE, o);
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::unsupported_host);
  CHECK(m.error().message() ==
        std::string(PIXIE_FIXTURE) + ": JIT: fake JIT: no bitcode can target this platform");
}

TEST_CASE("a library without the entry point is refused", "[jit]") {
  TempDir cache;
  // libc is a shared library without pixie_jit_compile_v1.
  auto m = Module::openFile(PIXIE_FIXTURE, withJit(cache.path(), JitPolicy::Always, "libc.so.6"));
  REQUIRE(!m);
  CHECK(m.error().code() == Errc::jit_failed);
  CHECK(m.error().message().find("libc.so.6 does not export pixie_jit_compile_v1") != std::string::npos);
}
