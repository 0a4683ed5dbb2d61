// The C ABI over Module. Handles own the Module and the strings handed out,
// so a returned const char* lives exactly as long as its handle.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <new>

#include "pixie/loader.h"
#include "pixie/pixie.h"
#include "pixie/signature.h"

static_assert(PIXIE_ERR_MALFORMED == uint32_t(pixie::Errc::malformed), "C codes mirror pixie::Errc");
static_assert(PIXIE_ERR_NO_VARIANT == uint32_t(pixie::Errc::no_variant), "C codes mirror pixie::Errc");
static_assert(PIXIE_F64 == uint32_t(pixie::ScalarKind::F64) && PIXIE_U8 == uint32_t(pixie::ScalarKind::U8) &&
                  PIXIE_VOID == uint32_t(pixie::ScalarKind::Void),
              "C dtypes mirror pixie::ScalarKind");

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

// One overload, parsed and lowered once; what pixie_kernel_check needs is
// laid out so a check allocates nothing unless it fails.
struct pixie_kernel_impl {
  std::string name, signature, c_signature;
  void *address = nullptr;
  pixie::Signature sig;
  pixie::Lowering low;
  std::vector<pixie_param> params; // lowered; names point into low.c.params
  pixie_param result{};
  std::vector<size_t> arrays;      // the declared index of each array parameter
  // For array i, dimension j: dim_extent[dim_start[i] + j] is the index of
  // its named extent, or -1 when the extent is fixed.
  std::vector<size_t> dim_start;
  std::vector<int32_t> dim_extent;
};

struct pixie_library_impl {
  std::unique_ptr<pixie::Module> module;
  std::string platform, tier;
  LazyText explanation, explanation_json, metadata_json;
  std::mutex kernels_mutex;
  std::map<const pixie::Overload *, std::unique_ptr<pixie_kernel_impl>> kernels;
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

pixie_param describe(const pixie::SigType &t) {
  pixie_param p{};
  p.name = t.name.c_str();
  p.dtype = uint32_t(t.scalar);
  p.pointer_depth = t.isArray() ? 1 : t.pointer_depth;
  p.is_const = t.is_const;
  p.ndim = int32_t(t.extents.size());
  p.array = -1;
  p.extent = -1;
  return p;
}

std::unique_ptr<pixie_kernel_impl> makeKernel(const std::string &name, const pixie::Overload &o, void *address) {
  auto k = std::make_unique<pixie_kernel_impl>();
  auto sig = pixie::parseSignature(o.signature);
  if (!sig) // the reader parsed it already; a failure here is not expected
    return nullptr;
  k->name = name;
  k->signature = o.signature;
  k->address = address;
  k->sig = std::move(*sig);
  k->low = pixie::lower(k->sig);
  k->c_signature = pixie::toString(k->low.c);
  k->result = describe(k->sig.ret);
  for (size_t i = 0; i < k->low.c.params.size(); ++i) {
    // Declared parameters keep their array shape; the rest are extents.
    const pixie::SigType &t = i < k->low.declared ? k->sig.params[i] : k->low.c.params[i];
    pixie_param p = describe(t);
    if (t.isArray()) {
      p.array = int32_t(k->arrays.size());
      k->arrays.push_back(i);
      k->dim_start.push_back(k->dim_extent.size());
      for (const pixie::Extent &e : t.extents) {
        int32_t index = -1;
        for (size_t j = 0; j < k->low.extents.size(); ++j)
          if (!e.name.empty() && k->low.extents[j] == e.name)
            index = int32_t(j);
        k->dim_extent.push_back(index);
      }
    }
    k->params.push_back(p);
  }
  for (size_t j = 0; j < k->low.extent_params.size(); ++j)
    k->params[k->low.extent_params[j]].extent = int32_t(j);
  return k;
}

// "a (const f32[m, k])", or "parameter 2 (const f32[m, k])" when unnamed.
std::string paramText(const pixie_kernel_impl &k, size_t declared) {
  const pixie::SigType &t = k.sig.params[declared];
  pixie::SigType bare = t;
  bare.name.clear();
  std::string who = t.name.empty() ? "parameter " + std::to_string(declared + 1) : t.name;
  return who + " (" + pixie::toString(bare) + ")";
}

std::string paramName(const pixie_kernel_impl &k, size_t declared) {
  const std::string &n = k.sig.params[declared].name;
  return n.empty() ? "parameter " + std::to_string(declared + 1) : n;
}

std::string shapeText(const pixie_array &a) {
  if (a.ndim < 0 || a.ndim > int32_t(pixie::kMaxArrayRank) || (a.ndim > 0 && !a.shape))
    return "(unreadable)";
  std::string s = "[";
  for (int32_t i = 0; i < a.ndim; ++i)
    s += (i ? ", " : "") + std::to_string(a.shape[i]);
  return s + "]";
}

const char *dtypeName(uint32_t dtype) {
  return dtype <= uint32_t(pixie::ScalarKind::F64) ? pixie::scalarName(pixie::ScalarKind(dtype)) : nullptr;
}

size_t dtypeSize(pixie::ScalarKind kind) {
  pixie::SigType t;
  t.scalar = kind;
  return t.bitWidth() / 8;
}

// Whether `value` fits the integer type `t`.
bool fits(int64_t value, const pixie::SigType &t) {
  unsigned bits = t.bitWidth();
  if (bits >= 64)
    return true; // extents are never negative, so u64 and i64 hold them
  int64_t max = t.isSigned() ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  return value <= max;
}

pixie_error checkFailed(const pixie_kernel_impl &k, const std::string &what) {
  return makeError(pixie::Errc::invalid_argument, k.name + ": " + what);
}

std::string hostText(const pixie_param &p) {
  const char *name = dtypeName(p.dtype);
  std::string scalar = name ? name : "dtype " + std::to_string(p.dtype);
  std::string c = p.is_const ? "const " : "";
  if (p.ndim > 0)
    return std::to_string(p.ndim) + "-D array of " + c + scalar;
  if (p.pointer_depth > 0)
    return c + scalar + std::string(p.pointer_depth, '*');
  if (p.extent >= 0)
    return scalar + " filled in from the arrays";
  return scalar;
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

pixie_error pixie_lookup_kernel(pixie_library library, const char *name, const char *signature,
                                pixie_kernel *kernel) {
  if (!library || !name || !kernel)
    return makeError(pixie::Errc::invalid_argument,
                     "pixie_lookup_kernel: library, name and kernel must not be NULL");
  *kernel = nullptr;
  const pixie::Module &m = *library->module;
  auto o = m.findOverload(name, signature ? signature : "");
  if (!o)
    return makeError(o.error());
  std::lock_guard<std::mutex> lock(library->kernels_mutex);
  auto &slot = library->kernels[*o];
  if (!slot) {
    auto address = m.lookup(name, (*o)->signature);
    if (!address)
      return makeError(address.error());
    slot = makeKernel(name, **o, *address);
    if (!slot)
      return makeError(pixie::Errc::bad_signature, "export '" + std::string(name) + "': cannot parse its signature " +
                                                       (*o)->signature);
  }
  *kernel = slot.get();
  return nullptr;
}

void *pixie_kernel_address(pixie_kernel k) { return k ? k->address : nullptr; }
const char *pixie_kernel_name(pixie_kernel k) { return k ? k->name.c_str() : ""; }
const char *pixie_kernel_signature(pixie_kernel k) { return k ? k->signature.c_str() : ""; }
const char *pixie_kernel_c_signature(pixie_kernel k) { return k ? k->c_signature.c_str() : ""; }
size_t pixie_kernel_param_count(pixie_kernel k) { return k ? k->params.size() : 0; }
size_t pixie_kernel_declared_count(pixie_kernel k) { return k ? k->low.declared : 0; }
const pixie_param *pixie_kernel_param(pixie_kernel k, size_t index) {
  return k && index < k->params.size() ? &k->params[index] : nullptr;
}
const pixie_param *pixie_kernel_result(pixie_kernel k) { return k ? &k->result : nullptr; }
size_t pixie_kernel_array_count(pixie_kernel k) { return k ? k->arrays.size() : 0; }
size_t pixie_kernel_extent_count(pixie_kernel k) { return k ? k->low.extents.size() : 0; }
const char *pixie_kernel_extent_name(pixie_kernel k, size_t index) {
  return k && index < k->low.extents.size() ? k->low.extents[index].c_str() : nullptr;
}

pixie_error pixie_kernel_check(pixie_kernel k, const pixie_array *arrays, size_t narrays, int64_t *extents,
                               size_t nextents) {
  if (!k)
    return makeError(pixie::Errc::invalid_argument, "pixie_kernel_check: kernel must not be NULL");
  const size_t n_extents = k->low.extents.size();
  if (narrays != k->arrays.size() || (narrays && !arrays)) {
    std::string names;
    for (size_t d : k->arrays)
      names += (names.empty() ? "" : ", ") + paramName(*k, d);
    return checkFailed(*k, "takes " + std::to_string(k->arrays.size()) + " array" +
                               (k->arrays.size() == 1 ? "" : "s") + (names.empty() ? "" : " (" + names + ")") +
                               ", " + std::to_string(arrays || !narrays ? narrays : 0) + " given");
  }
  if (nextents < n_extents || (n_extents && !extents)) {
    std::string names;
    for (const std::string &e : k->low.extents)
      names += (names.empty() ? "" : ", ") + e;
    return checkFailed(*k, "has " + std::to_string(n_extents) + " extents (" + names + "), room for " +
                               std::to_string(extents ? nextents : 0) + " given");
  }
  // Which array (and dimension) set each extent first; `extents` holds the values.
  constexpr size_t kStack = 64;
  uint32_t stack_source[kStack];
  std::vector<uint32_t> heap_source;
  uint32_t *source = stack_source;
  if (n_extents > kStack) {
    heap_source.resize(n_extents);
    source = heap_source.data();
  }
  for (size_t e = 0; e < n_extents; ++e)
    source[e] = UINT32_MAX;

  for (size_t i = 0; i < narrays; ++i) {
    const pixie_array &a = arrays[i];
    const size_t d = k->arrays[i];
    const pixie::SigType &t = k->sig.params[d];
    const int32_t rank = int32_t(t.extents.size());
    if (a.dtype != uint32_t(t.scalar)) {
      const char *got = dtypeName(a.dtype);
      return checkFailed(*k, paramText(*k, d) + " is an array of " + pixie::scalarName(t.scalar) + ", got " +
                                 (got && a.dtype ? std::string("an array of ") + got
                                                 : "dtype " + std::to_string(a.dtype)));
    }
    if (a.ndim != rank)
      return checkFailed(*k, paramText(*k, d) + " has " + std::to_string(rank) + " dimension" +
                                 (rank == 1 ? "" : "s") + ", got " + std::to_string(a.ndim) +
                                 (a.ndim >= 0 && a.ndim <= int32_t(pixie::kMaxArrayRank) && a.shape
                                      ? " (shape " + shapeText(a) + ")"
                                      : ""));
    if (!a.shape)
      return checkFailed(*k, paramText(*k, d) + ": shape is NULL");
    // Elements and bytes, refusing sizes no memory holds.
    const size_t elem = dtypeSize(t.scalar);
    uint64_t count = 1;
    bool too_big = false, empty = false;
    for (int32_t j = 0; j < rank; ++j) {
      if (a.shape[j] < 0)
        return checkFailed(*k, paramText(*k, d) + " has a negative extent: shape " + shapeText(a));
      if (a.shape[j] == 0)
        empty = true;
      else if (!too_big && uint64_t(a.shape[j]) > (uint64_t(INT64_MAX) / elem) / count)
        too_big = true;
      else if (!too_big)
        count *= uint64_t(a.shape[j]);
    }
    if (empty)
      count = 0;
    if (too_big && !empty)
      return checkFailed(*k, paramText(*k, d) + ": shape " + shapeText(a) + " is larger than memory");
    for (int32_t j = 0; j < rank; ++j) {
      const pixie::Extent &want = t.extents[j];
      int32_t e = k->dim_extent[k->dim_start[i] + j];
      if (e < 0) {
        if (a.shape[j] != want.size)
          return checkFailed(*k, paramText(*k, d) + " needs extent " + std::to_string(want.size) + " in axis " +
                                     std::to_string(j) + ", got shape " + shapeText(a));
        continue;
      }
      if (source[e] == UINT32_MAX) {
        source[e] = uint32_t(i) << 8 | uint32_t(j);
        extents[e] = a.shape[j];
      } else if (extents[e] != a.shape[j]) {
        const uint32_t first = source[e] >> 8;
        const size_t fd = k->arrays[first];
        return checkFailed(*k, "extent " + want.name + " disagrees: " + paramName(*k, fd) + " has shape " +
                                   shapeText(arrays[first]) + " (" + want.name + " = " + std::to_string(extents[e]) +
                                   "), " + paramName(*k, d) + " has shape " + shapeText(a) + " (" + want.name +
                                   " = " + std::to_string(a.shape[j]) + ")");
      }
    }
    if (count != 0 && !a.data)
      return checkFailed(*k, paramText(*k, d) + " has no data (NULL) for shape " + shapeText(a));
    if (reinterpret_cast<uintptr_t>(a.data) % elem) {
      char addr[32];
      std::snprintf(addr, sizeof addr, "%p", a.data);
      return checkFailed(*k, paramText(*k, d) + ": data " + addr + " is not aligned to its " +
                                 std::to_string(elem) + "-byte " + pixie::scalarName(t.scalar) + " elements");
    }
  }
  // An extent carried by a narrower integer must fit it.
  for (size_t e = 0; e < n_extents; ++e) {
    const size_t p = k->low.extent_params[e];
    const pixie::SigType &t = k->low.c.params[p];
    if (!fits(extents[e], t))
      return checkFailed(*k, "extent " + k->low.extents[e] + " = " + std::to_string(extents[e]) +
                                 " does not fit parameter " + t.name + " (" + pixie::scalarName(t.scalar) +
                                 "), from " + paramName(*k, k->arrays[source[e] >> 8]) + " with shape " +
                                 shapeText(arrays[source[e] >> 8]));
  }
  return nullptr;
}

pixie_error pixie_kernel_match(pixie_kernel k, const pixie_param *params, size_t nparams, const pixie_param *result) {
  if (!k || (nparams && !params))
    return makeError(pixie::Errc::invalid_argument, "pixie_kernel_match: kernel and params must not be NULL");
  const std::string where = k->name + " is " + k->signature;
  if (nparams != k->low.declared)
    return makeError(pixie::Errc::invalid_argument, where + ": it has " + std::to_string(k->low.declared) +
                                                        " parameter" + (k->low.declared == 1 ? "" : "s") +
                                                        ", the host's type " + std::to_string(nparams));
  // A mutable host value may stand for a const one, not the reverse.
  auto constOk = [](bool sig_const, const pixie_param &host) { return sig_const || !host.is_const; };
  for (size_t i = 0; i < nparams; ++i) {
    const pixie::SigType &t = k->sig.params[i];
    const pixie_param &h = params[i];
    const bool carrier = k->params[i].extent >= 0;
    bool ok;
    if (t.isArray())
      ok = h.ndim == int32_t(t.extents.size()) && h.extent < 0 && h.dtype == uint32_t(t.scalar) &&
           constOk(t.is_const, h);
    else if (t.pointer_depth > 0)
      ok = h.ndim == 0 && h.extent < 0 && h.pointer_depth == t.pointer_depth && h.dtype == uint32_t(t.scalar) &&
           constOk(t.is_const, h);
    else
      ok = h.ndim == 0 && h.pointer_depth == 0 && h.dtype == uint32_t(t.scalar) && (h.extent >= 0) == carrier;
    if (!ok) {
      std::string why;
      if (!t.isArray() && !t.pointer_depth && carrier && h.extent < 0 && h.ndim == 0 && !h.pointer_depth &&
          h.dtype == uint32_t(t.scalar))
        why = " (it carries extent " + t.name + ": the host fills it in from the arrays)";
      return makeError(pixie::Errc::invalid_argument, where + ": " + paramText(*k, i) +
                                                          " does not take the host's " + hostText(h) + why);
    }
  }
  if (result) {
    const pixie::SigType &t = k->sig.ret;
    bool ok = result->ndim == 0 && result->extent < 0 && result->dtype == uint32_t(t.scalar) &&
              result->pointer_depth == t.pointer_depth && (!t.is_const || result->is_const || !t.pointer_depth);
    if (!ok)
      return makeError(pixie::Errc::invalid_argument, where + ": it returns " + pixie::toString(t) +
                                                          ", the host's type " + hostText(*result));
  }
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
pixie_error pixie_error_create(uint32_t code, const char *message) {
  return makeError(pixie::Errc(code), message ? message : "");
}
const char *pixie_error_code_name(uint32_t code) { return pixie::errcName(pixie::Errc(code)); }

const char *pixie_version(void) { return PIXIE_VERSION; }

} // extern "C"
