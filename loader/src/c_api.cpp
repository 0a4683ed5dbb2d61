// The C ABI over Module. Handles own the Module and the strings handed out,
// so a returned const char* lives exactly as long as its handle.
#include <cstring>
#include <mutex>
#include <new>

#include "pixie/loader.h"
#include "pixie/pixie.h"

static_assert(PIXIE_ERR_MALFORMED == uint32_t(pixie::Errc::malformed), "C codes mirror pixie::Errc");
static_assert(PIXIE_ERR_NO_VARIANT == uint32_t(pixie::Errc::no_variant), "C codes mirror pixie::Errc");

struct pixie_error_impl {
  uint32_t code;
  std::string message;
};

// The rendered documents are built on first request (rendering the metadata
// and explanation costs more than the rest of an open), once, even when
// several threads ask at the same time.
struct LazyText {
  std::once_flag once;
  std::string text;
  template <class F> const char *get(F &&render) {
    std::call_once(once, [&] { text = render(); });
    return text.c_str();
  }
};

struct pixie_library_impl {
  std::unique_ptr<pixie::Module> module;
  std::string platform, tier;
  LazyText explanation, explanation_json, metadata_json;
};

namespace {

// Returned when allocating an error fails, so a failure never reads as NULL
// (success). Never freed.
pixie_error_impl kOutOfMemory{uint32_t(pixie::Errc::io), "out of memory"};

pixie_error makeError(const pixie::Error &e) {
  pixie_error error = new (std::nothrow) pixie_error_impl{uint32_t(e.code()), e.message()};
  return error ? error : &kOutOfMemory;
}

pixie_error makeError(pixie::Errc code, std::string message) {
  return makeError(pixie::Error(code, std::move(message)));
}

pixie::Expected<pixie::LoadOptions> toOptions(const pixie_options *o) {
  pixie::LoadOptions out;
  if (!o)
    return out;
  if (o->struct_size < sizeof(pixie_options))
    return pixie::Error(pixie::Errc::invalid_argument, "pixie_options.struct_size is " +
                                                           std::to_string(o->struct_size) + ", expected " +
                                                           std::to_string(sizeof(pixie_options)));
  if (o->use_isa)
    out.use_isa = o->use_isa;
  if (o->jit) {
    auto p = pixie::parseJitPolicy(o->jit);
    if (!p)
      return p.takeError();
    out.jit = *p;
  }
  if (o->load_route) {
    auto p = pixie::parseLoadRoute(o->load_route);
    if (!p)
      return p.takeError();
    out.route = *p;
  }
  if (o->cache_dir)
    out.cache_dir = o->cache_dir;
  if (o->jit_library)
    out.jit_library = o->jit_library;
  return out;
}

pixie_error finishOpen(pixie::Expected<std::unique_ptr<pixie::Module>> m, pixie_library *out) {
  if (!m)
    return makeError(m.error());
  auto *lib = new (std::nothrow) pixie_library_impl;
  if (!lib)
    return &kOutOfMemory;
  lib->module = std::move(*m);
  const pixie::Variant &v = *lib->module->variant(); // every open Module has one
  lib->platform = v.platform;
  lib->tier = v.tier;
  *out = lib;
  return nullptr;
}

} // namespace

extern "C" {

void pixie_options_init(pixie_options *options) {
  std::memset(options, 0, sizeof(*options));
  options->struct_size = sizeof(*options);
}

pixie_error pixie_open_file(const char *path, const pixie_options *options, pixie_library *out) {
  if (!path || !out)
    return makeError(pixie::Errc::invalid_argument, "pixie_open_file: path and out must not be NULL");
  *out = nullptr;
  auto o = toOptions(options);
  if (!o)
    return makeError(o.error());
  return finishOpen(pixie::Module::openFile(path, *o), out);
}

pixie_error pixie_open_memory(const void *data, size_t size, const pixie_options *options, pixie_library *out) {
  if (!data || !out)
    return makeError(pixie::Errc::invalid_argument, "pixie_open_memory: data and out must not be NULL");
  *out = nullptr;
  auto o = toOptions(options);
  if (!o)
    return makeError(o.error());
  return finishOpen(
      pixie::Module::openMemory(std::span<const uint8_t>(static_cast<const uint8_t *>(data), size), *o), out);
}

void pixie_close(pixie_library library) { delete library; }

pixie_error pixie_lookup(pixie_library library, const char *name, const char *signature, void **address) {
  if (!library || !name || !address)
    return makeError(pixie::Errc::invalid_argument, "pixie_lookup: library, name and address must not be NULL");
  *address = nullptr;
  auto a = library->module->lookup(name, signature ? signature : "");
  if (!a)
    return makeError(a.error());
  *address = *a;
  return nullptr;
}

const char *pixie_selected_platform(pixie_library library) { return library ? library->platform.c_str() : ""; }
const char *pixie_selected_tier(pixie_library library) { return library ? library->tier.c_str() : ""; }
const char *pixie_explanation(pixie_library library) {
  if (!library)
    return "";
  const pixie::Module &m = *library->module;
  return library->explanation.get([&] { return pixie::explanationText(m.explanation(), m.metadata()); });
}
const char *pixie_explanation_json(pixie_library library) {
  if (!library)
    return "";
  const pixie::Module &m = *library->module;
  return library->explanation_json.get([&] { return pixie::explanationJson(m.explanation(), m.metadata()); });
}
const char *pixie_metadata_json(pixie_library library) {
  if (!library)
    return "";
  return library->metadata_json.get([&] { return pixie::serializeMetadata(library->module->metadata()); });
}

uint32_t pixie_error_code(pixie_error error) { return error ? error->code : uint32_t(PIXIE_OK); }
const char *pixie_error_message(pixie_error error) { return error ? error->message.c_str() : ""; }
void pixie_error_dispose(pixie_error error) {
  if (error != &kOutOfMemory)
    delete error;
}
const char *pixie_error_code_name(uint32_t code) { return pixie::errcName(pixie::Errc(code)); }

const char *pixie_version(void) { return PIXIE_VERSION; }

} // extern "C"
