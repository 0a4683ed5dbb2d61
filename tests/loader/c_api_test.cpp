// The C ABI and its RAII wrapper, linked against libpixie.so exactly as a
// user's program is.
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "pixie/pixie.hpp"

TEST_CASE("C ABI: open, look up, call, explain, close", "[c_api]") {
  pixie_library lib = nullptr;
  pixie_error err = pixie_open_file(PIXIE_FIXTURE, nullptr, &lib);
  REQUIRE(err == nullptr);
  REQUIRE(lib != nullptr);
  CHECK(std::string(pixie_selected_platform(lib)) == "linux-64");
  std::string tier = pixie_selected_tier(lib);
  CHECK(tier.rfind("x86-64", 0) == 0);

  void *address = nullptr;
  REQUIRE(pixie_lookup(lib, "dot", "double(const double*, const double*, int64_t)", &address) == nullptr);
  auto dot = reinterpret_cast<double (*)(const double *, const double *, int64_t)>(address);
  double a[3] = {1, 2, 3}, b[3] = {4, 5, 6};
  CHECK(dot(a, b, 3) == 32.0);

  std::string why = pixie_explanation(lib);
  CHECK(why.find("  * linux-64/" + tier + " ") != std::string::npos);
  CHECK(std::string(pixie_explanation_json(lib)).find("\"route\":\"memfd\"") != std::string::npos);
  CHECK(std::string(pixie_metadata_json(lib)).find("\"library\":\"kernels\"") != std::string::npos);
  pixie_close(lib);
}

TEST_CASE("C ABI: errors are handles with a stable code and a message", "[c_api]") {
  pixie_library lib = reinterpret_cast<pixie_library>(0x1);
  pixie_error err = pixie_open_file("/nonexistent.pixie", nullptr, &lib);
  REQUIRE(err != nullptr);
  CHECK(lib == nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_IO);
  CHECK(std::string(pixie_error_code_name(pixie_error_code(err))) == "io");
  CHECK(std::string(pixie_error_message(err)).find("/nonexistent.pixie") != std::string::npos);
  pixie_error_dispose(err);

  pixie_options o;
  pixie_options_init(&o);
  o.use_isa = "x86-64-v99";
  err = pixie_open_file(PIXIE_FIXTURE, &o, &lib);
  REQUIRE(err != nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_NOT_FOUND);
  pixie_error_dispose(err);

  o.use_isa = nullptr;
  o.jit = "whenever";
  err = pixie_open_file(PIXIE_FIXTURE, &o, &lib);
  REQUIRE(err != nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_INVALID_ARGUMENT);
  pixie_error_dispose(err);

  pixie_options old{};
  old.struct_size = 4;
  err = pixie_open_file(PIXIE_FIXTURE, &old, &lib);
  REQUIRE(err != nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_INVALID_ARGUMENT);
  pixie_error_dispose(err);

  err = pixie_open_file(nullptr, nullptr, &lib);
  CHECK(pixie_error_code(err) == PIXIE_ERR_INVALID_ARGUMENT);
  pixie_error_dispose(err);
}

TEST_CASE("C ABI: open from memory, forced tier, missing export", "[c_api]") {
  std::ifstream in(PIXIE_FIXTURE, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  pixie_options o;
  pixie_options_init(&o);
  o.use_isa = "x86-64-v2";
  pixie_library lib = nullptr;
  REQUIRE(pixie_open_memory(bytes.data(), bytes.size(), &o, &lib) == nullptr);
  CHECK(std::string(pixie_selected_tier(lib)) == "x86-64-v2");
  void *address = reinterpret_cast<void *>(0x1);
  pixie_error err = pixie_lookup(lib, "missing", nullptr, &address);
  REQUIRE(err != nullptr);
  CHECK(address == nullptr);
  CHECK(pixie_error_code(err) == PIXIE_ERR_NOT_FOUND);
  pixie_error_dispose(err);
  REQUIRE(pixie_lookup(lib, "tier", nullptr, &address) == nullptr);
  CHECK(reinterpret_cast<int32_t (*)()>(address)() == 2);
  pixie_close(lib);
  pixie_close(nullptr);
}

TEST_CASE("C++ wrapper: RAII handles and typed lookups", "[c_api]") {
  pixie::Status st;
  pixie::Library lib = pixie::Library::open(PIXIE_FIXTURE, st);
  REQUIRE_FALSE(st);
  REQUIRE(lib);
  auto *axpy = lib.lookup<void(double, const double *, double *, int64_t)>("axpy", nullptr, st);
  REQUIRE_FALSE(st);
  double x[2] = {1, 2}, y[2] = {10, 20};
  axpy(3.0, x, y, 2);
  CHECK(y[0] == 13.0);
  CHECK(y[1] == 26.0);

  lib.lookup<void()>("dot", nullptr, st);
  REQUIRE(st);
  CHECK(st.code() == PIXIE_ERR_INVALID_ARGUMENT);
  CHECK(std::string(st.codeName()) == "invalid_argument");

  pixie::Library moved = std::move(lib);
  CHECK_FALSE(lib);
  CHECK(moved);
  CHECK(std::string(moved.platform()) == "linux-64");

  pixie::Library bad = pixie::Library::open("/nonexistent.pixie", st);
  CHECK(st);
  CHECK_FALSE(bad);
  CHECK(std::strlen(pixie_version()) > 0);
}
