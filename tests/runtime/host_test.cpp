// The real detector against what the kernel tells user space.
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "pixie/host.h"

using namespace pixie;

namespace {

// /proc/cpuinfo "flags" (the kernel's names) -> LLVM names, for every feature
// the detector reports. The kernel clears a flag when it does not enable the
// state, so the two views must agree on a healthy system.
const std::map<std::string, std::string> kCpuinfoToLlvm = {
    {"sse2", "sse2"},           {"pni", "sse3"},
    {"ssse3", "ssse3"},         {"sse4_1", "sse4.1"},
    {"sse4_2", "sse4.2"},       {"popcnt", "popcnt"},
    {"cx16", "cx16"},           {"lahf_lm", "sahf"},
    {"movbe", "movbe"},         {"xsave", "xsave"},
    {"avx", "avx"},             {"avx2", "avx2"},
    {"bmi1", "bmi"},            {"bmi2", "bmi2"},
    {"f16c", "f16c"},           {"fma", "fma"},
    {"abm", "lzcnt"},           {"avx512f", "avx512f"},
    {"avx512bw", "avx512bw"},   {"avx512cd", "avx512cd"},
    {"avx512dq", "avx512dq"},   {"avx512vl", "avx512vl"},
    {"avx512_vnni", "avx512vnni"}, {"avx512_bf16", "avx512bf16"},
    {"avx512_fp16", "avx512fp16"}, {"avx512vbmi", "avx512vbmi"},
    {"avx512_vbmi2", "avx512vbmi2"}, {"avx512_bitalg", "avx512bitalg"},
    {"avx512_vpopcntdq", "avx512vpopcntdq"}, {"avx512ifma", "avx512ifma"},
    {"avx_vnni", "avxvnni"},    {"gfni", "gfni"},
    {"vaes", "vaes"},           {"vpclmulqdq", "vpclmulqdq"},
    {"pclmulqdq", "pclmul"},    {"aes", "aes"},
    {"sha_ni", "sha"},          {"adx", "adx"},
};

std::set<std::string> cpuinfoFlags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0)
      continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> out;
    for (std::string w; words >> w;)
      out.insert(w);
    return out;
  }
  return {};
}

} // namespace

#if defined(__linux__) && defined(__x86_64__)
TEST_CASE("detected x86 features match /proc/cpuinfo", "[host]") {
  const HostProfile &host = hostProfile();
  REQUIRE(host.platform() == "linux-64");
  std::set<std::string> flags = cpuinfoFlags();
  REQUIRE(!flags.empty());
  std::set<std::string> expected, detected;
  for (const auto &[kernel, llvm] : kCpuinfoToLlvm)
    if (flags.count(kernel))
      expected.insert(llvm);
  for (std::string_view name : featureNames(Arch::X86_64))
    if (host.has(name))
      detected.insert(std::string(name));
  CHECK(detected == expected);
  CHECK(kCpuinfoToLlvm.size() == featureNames(Arch::X86_64).size());
  CHECK(!host.cpuName().empty());
  INFO("cpu " << host.cpuName() << ": " << host.describe());
  CHECK(host.has("sse2")); // x86-64 baseline
}
#endif

TEST_CASE("the profile is detected once and shared across threads", "[host]") {
  std::vector<const HostProfile *> seen(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] { seen[i] = &hostProfile(); });
  for (auto &t : threads)
    t.join();
  for (const HostProfile *p : seen)
    CHECK(p == seen[0]);
  HostProfile again = detectHost();
  CHECK(again.features == seen[0]->features);
  CHECK(again.cpuName() == seen[0]->cpuName());
}
