// Module: the open pipeline of loader.h (read, select, load or JIT, look up).
#include "pixie/fatbinary.h"
#include "pixie/loader.h"

#include <algorithm>

#include "routes.h"

namespace pixie {

namespace {

// `source`: see FatBinaryReader::open.
Expected<std::unique_ptr<Module>> openBytes(std::span<const uint8_t> bytes, const LoadOptions &options,
                                            const ByteSource *source = nullptr) {
  Expected<Resolved> r = resolveOptions(options);
  if (!r)
    return r.takeError();
  Expected<FatBinaryReader> reader = FatBinaryReader::open(bytes, source);
  if (!reader)
    return reader.takeError();
  const Metadata &meta = reader->metadata();

  Explanation why;
  why.jit = r->jit;
  Expected<size_t> chosen = selectVariant(meta, *r->host, r->use_isa, why);

  const bool jit = r->jit == JitPolicy::Always ||
                   (!chosen && r->jit == JitPolicy::Auto && chosen.error().code() == Errc::no_variant);
  if (jit) {
    // The JIT takes the file whole: its cache key hashes it, it re-reads it.
    if (Error e = reader->container().fetchAll())
      return e;
    Expected<JitLoaded> loaded = loadViaJit(bytes, meta, *r);
    if (!loaded) {
      if (r->jit == JitPolicy::Always)
        return loaded.takeError();
      return Error(Errc::no_variant, chosen.error().message() + "; re-JIT from bitcode failed: " +
                                         loaded.error().message());
    }
    why.chosen.reset();
    why.decision = r->jit == JitPolicy::Always
                       ? "PIXIE_JIT=always: the bitcode compiled for this host"
                       : why.decision + "; the bitcode compiled for this host instead (PIXIE_JIT=auto)";
    why.route = "jit";
    why.route_detail = loaded->loaded.detail;
    return std::make_unique<Module>(std::move(*reader).takeMetadata(), std::move(why),
                                    std::move(loaded->loaded.image), std::move(loaded->variant));
  }
  if (!chosen) {
    if (chosen.error().code() == Errc::no_variant && r->jit == JitPolicy::Never)
      return Error(Errc::no_variant, chosen.error().message() + "; PIXIE_JIT=never forbids compiling the bitcode");
    return chosen.takeError();
  }

  Expected<Loaded> loaded = loadVariant(*reader, *chosen, *r);
  if (!loaded) {
    const Variant &v = meta.variants[*chosen];
    return Error(loaded.error().code(),
                 "loading " + v.platform + "/" + v.tier + " of '" + meta.library + "': " + loaded.error().message());
  }
  why.route = loaded->route;
  why.route_detail = loaded->detail;
  return std::make_unique<Module>(std::move(*reader).takeMetadata(), std::move(why), std::move(loaded->image));
}

std::string overloadList(const Export &e) {
  std::string out;
  for (const Overload &o : e.overloads)
    out += (out.empty() ? "" : ", ") + o.signature;
  return out;
}

} // namespace

Module::Module(Metadata meta, Explanation why, std::unique_ptr<Image> image, std::optional<Variant> jit_variant)
    : meta_(std::move(meta)), why_(std::move(why)), image_(std::move(image)), jit_variant_(std::move(jit_variant)) {
  by_name_.resize(meta_.exports.size());
  for (uint32_t i = 0; i < by_name_.size(); ++i)
    by_name_[i] = i;
  std::sort(by_name_.begin(), by_name_.end(),
            [&](uint32_t a, uint32_t b) { return meta_.exports[a].name < meta_.exports[b].name; });
}

// Through a FileSource: only the metadata and the chosen variant are read, and
// a file truncated meanwhile is an error (a mapped file would raise SIGBUS).
Expected<std::unique_ptr<Module>> Module::openFile(const std::string &path, const LoadOptions &options) {
  Expected<std::unique_ptr<FileSource>> file = FileSource::open(path);
  if (!file)
    return file.takeError();
  Expected<std::unique_ptr<Module>> m = openBytes((*file)->bytes(), options, file->get());
  if (!m)
    return Error(m.error().code(), path + ": " + m.error().message());
  return m;
}

Expected<std::unique_ptr<Module>> Module::openMemory(std::span<const uint8_t> bytes, const LoadOptions &options) {
  return openBytes(bytes, options);
}

const Variant *Module::variant() const {
  if (jit_variant_)
    return &*jit_variant_;
  return why_.chosen ? &meta_.variants[*why_.chosen] : nullptr;
}

Expected<const Overload *> Module::findOverload(std::string_view name, std::string_view signature) const {
  auto at = std::lower_bound(by_name_.begin(), by_name_.end(), name,
                             [&](uint32_t i, std::string_view n) { return meta_.exports[i].name < n; });
  const Export *found = at != by_name_.end() && meta_.exports[*at].name == name ? &meta_.exports[*at] : nullptr;
  if (!found) {
    std::string names;
    for (const Export &e : meta_.exports)
      names += (names.empty() ? "" : ", ") + e.name;
    return Error(Errc::not_found, "'" + meta_.library + "' has no export '" + std::string(name) +
                                      "'; its exports are: " + (names.empty() ? "none" : names));
  }
  if (signature.empty()) {
    if (found->overloads.size() == 1)
      return &found->overloads[0];
    return Error(Errc::invalid_argument, "export '" + found->name + "' has " +
                                             std::to_string(found->overloads.size()) +
                                             " overloads; pass a signature: " + overloadList(*found));
  }
  Expected<Signature> want = parseSignature(signature);
  if (!want)
    return want.takeError();
  for (const Overload &o : found->overloads) {
    Expected<Signature> have = parseSignature(o.signature);
    if (have && *have == *want)
      return &o;
  }
  return Error(Errc::not_found, "export '" + found->name + "' has no overload " + toString(*want) +
                                    "; its overloads are: " + overloadList(*found));
}

Expected<void *> Module::lookup(std::string_view name, std::string_view signature) const {
  Expected<const Overload *> o = findOverload(name, signature);
  if (!o)
    return o.takeError();
  void *address = image_->symbol((*o)->symbol.c_str());
  if (!address) {
    const Variant *v = variant();
    return Error(Errc::not_found, "symbol '" + (*o)->symbol + "' of export '" + std::string(name) +
                                      "' is missing from " + (jit_variant_ ? std::string("the JIT's variant ") : "variant ") +
                                      v->platform + "/" + v->tier);
  }
  return address;
}

} // namespace pixie
