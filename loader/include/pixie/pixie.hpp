// A thin RAII layer over the C ABI (pixie.h), header-only so C++ users get
// ownership and typed lookups without depending on pixie's C++ ABI. No
// exceptions: failures come back as a Status, as in the C ABI.
//
//   pixie::Status st;
//   pixie::Library lib = pixie::Library::open("kernels.pixie", st);
//   if (st) { std::cerr << st.message() << "\n"; return 1; }
//   auto *dot = lib.lookup<double(const double *, const double *, int64_t)>(
//       "dot", "f64(const f64*, const f64*, i64)", st);
//
// C++20 adds checked, typed calls of array signatures (pixie::Kernel below):
//
//   // matmul: void(const f32[m, k] a, const f32[k, n] b, f32[m, n] c)
//   auto mm = lib.kernel<void(pixie::ndview<const float, 2>, pixie::ndview<const float, 2>,
//                             pixie::ndview<float, 2>)>("matmul", st);   // types checked here
//   mm(pixie::view(a.data(), M, K), pixie::view(b.data(), K, N),
//      pixie::view(c.data(), M, N), st);                                 // extents checked here
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "pixie/pixie.h"

#if __cplusplus >= 202002L && __has_include(<span>)
#define PIXIE_HPP_TYPED_CALLS 1
#include <array>
#include <concepts>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#endif

namespace pixie {

// Owns a pixie_error. True when it holds a failure.
class Status {
public:
  Status() = default;
  explicit Status(pixie_error e) : e_(e) {}
  Status(Status &&o) noexcept : e_(std::exchange(o.e_, nullptr)) {}
  Status &operator=(Status &&o) noexcept {
    reset(std::exchange(o.e_, nullptr));
    return *this;
  }
  Status(const Status &) = delete;
  Status &operator=(const Status &) = delete;
  ~Status() { reset(nullptr); }

  explicit operator bool() const { return e_ != nullptr; }
  uint32_t code() const { return pixie_error_code(e_); }
  const char *codeName() const { return pixie_error_code_name(code()); }
  const char *message() const { return pixie_error_message(e_); }
  void reset(pixie_error e) {
    if (e_)
      pixie_error_dispose(e_);
    e_ = e;
  }

private:
  pixie_error e_ = nullptr;
};

#ifdef PIXIE_HPP_TYPED_CALLS
// An array the host holds: data and Rank extents, C order (row-major),
// contiguous; a minimal std::mdspan. A 1-D view converts from std::span and
// from contiguous containers; ndview<T> converts to ndview<const T>.
template <class T, std::size_t Rank> class ndview {
  static_assert(Rank >= 1 && Rank <= 8, "pixie arrays have 1 to 8 dimensions");

public:
  using element_type = T;
  static constexpr std::size_t rank = Rank;

  ndview() = default;
  ndview(T *data, const std::array<int64_t, Rank> &extents) : data_(data), extents_(extents) {}
  template <std::integral... I>
    requires(sizeof...(I) == Rank)
  ndview(T *data, I... extents) : data_(data), extents_{static_cast<int64_t>(extents)...} {}
  template <class R>
    requires(Rank == 1 && std::is_convertible_v<R &&, std::span<T>> &&
             !std::is_same_v<std::remove_cvref_t<R>, ndview>)
  ndview(R &&range) {
    std::span<T> s(std::forward<R>(range));
    data_ = s.data();
    extents_[0] = static_cast<int64_t>(s.size());
  }
  template <class U>
    requires(!std::is_same_v<U, T> && std::is_convertible_v<U (*)[], T (*)[]>)
  ndview(const ndview<U, Rank> &o) : data_(o.data()), extents_(o.extents()) {}

  T *data() const { return data_; }
  const std::array<int64_t, Rank> &extents() const { return extents_; }
  int64_t extent(std::size_t i) const { return extents_[i]; }
  int64_t size() const {
    int64_t n = 1;
    for (int64_t e : extents_)
      n *= e;
    return n;
  }
  // Element (i, j, ...), row-major; unchecked, like std::mdspan.
  template <std::integral... I>
    requires(sizeof...(I) == Rank)
  T &operator()(I... index) const {
    const int64_t idx[] = {static_cast<int64_t>(index)...};
    int64_t flat = 0;
    for (std::size_t d = 0; d < Rank; ++d)
      flat = flat * extents_[d] + idx[d];
    return data_[flat];
  }

private:
  T *data_ = nullptr;
  std::array<int64_t, Rank> extents_{};
};

template <class T, std::integral... I>
  requires(sizeof...(I) >= 1)
ndview<T, sizeof...(I)> view(T *data, I... extents) {
  return ndview<T, sizeof...(I)>(data, extents...);
}
template <class R> auto view(R &&range) {
  std::span s(std::forward<R>(range));
  return ndview<typename decltype(s)::element_type, 1>(s);
}

// An integer parameter that carries a named extent, e.g. `i64 n` in
// void(i64 n, const f64[n] x, f64[n] y): spelled pixie::extent<int64_t> in a
// Kernel's type, filled in from the arrays, and not passed at the call.
template <std::integral I> struct extent {
  using type = I;
};

namespace detail {

template <class T> struct is_extent : std::false_type {};
template <class I> struct is_extent<extent<I>> : std::true_type {};
template <class T> struct is_span : std::false_type {};
template <class T> struct is_span<std::span<T>> : std::true_type {};
template <class T> struct is_ndview : std::false_type {};
template <class T, std::size_t R> struct is_ndview<ndview<T, R>> : std::true_type {};

template <class T> constexpr uint32_t dtype() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_void_v<U>)
    return PIXIE_VOID;
  else if constexpr (std::is_same_v<U, float>)
    return PIXIE_F32;
  else if constexpr (std::is_same_v<U, double>)
    return PIXIE_F64;
  else if constexpr (std::is_integral_v<U> && !std::is_same_v<U, bool> && !std::is_same_v<U, char> &&
                     !std::is_same_v<U, wchar_t> && !std::is_same_v<U, char8_t> &&
                     !std::is_same_v<U, char16_t> && !std::is_same_v<U, char32_t>) {
    constexpr uint32_t base = std::is_signed_v<U> ? PIXIE_I8 : PIXIE_U8;
    return sizeof(U) == 1 ? base : sizeof(U) == 2 ? base + 1 : sizeof(U) == 4 ? base + 2 : base + 3;
  } else
    return ~0u; // refused below
}

template <class T> constexpr bool is_scalar = dtype<T>() != ~0u && !std::is_void_v<T>;

// A pointer's stars and innermost pointee.
template <class T> struct pointee {
  using type = T;
  static constexpr uint32_t depth = 0;
};
template <class T> struct pointee<T *> {
  using type = typename pointee<T>::type;
  static constexpr uint32_t depth = pointee<T>::depth + 1;
};

// What a Kernel's parameter type means, for pixie_kernel_match.
template <class T> constexpr pixie_param describe() {
  pixie_param p{"", 0, 0, 0, 0, -1, -1};
  if constexpr (is_ndview<T>::value) {
    p.dtype = dtype<typename T::element_type>();
    p.pointer_depth = 1;
    p.is_const = std::is_const_v<typename T::element_type>;
    p.ndim = int32_t(T::rank);
  } else if constexpr (is_span<T>::value) {
    static_assert(T::extent == std::dynamic_extent, "use std::span<T> (dynamic extent) for a 1-D array");
    p.dtype = dtype<typename T::element_type>();
    p.pointer_depth = 1;
    p.is_const = std::is_const_v<typename T::element_type>;
    p.ndim = 1;
  } else if constexpr (is_extent<T>::value) {
    p.dtype = dtype<typename T::type>();
    p.extent = 0;
  } else if constexpr (std::is_pointer_v<T>) {
    using E = typename pointee<T>::type;
    static_assert(dtype<E>() != ~0u, "a pointer parameter points to a fixed-width scalar or void");
    p.dtype = dtype<E>();
    p.pointer_depth = pointee<T>::depth;
    p.is_const = std::is_const_v<E>;
  } else {
    static_assert(is_scalar<T>, "a Kernel parameter is an ndview, a std::span, a pixie::extent, a pointer or a "
                                "fixed-width arithmetic type");
    p.dtype = dtype<T>();
  }
  return p;
}

// The C type a parameter is passed as.
template <class T> struct c_type {
  using type = T;
};
template <class T, std::size_t R> struct c_type<ndview<T, R>> {
  using type = T *;
};
template <class T> struct c_type<std::span<T>> {
  using type = T *;
};
template <class I> struct c_type<extent<I>> {
  using type = I;
};

template <class... T> struct list {};
// The parameters a call takes: the declared ones less the filled-in extents.
template <class Out, class... T> struct call_args {
  using type = Out;
};
template <class... Out, class T, class... Rest> struct call_args<list<Out...>, T, Rest...> {
  using type = typename std::conditional_t<is_extent<T>::value, call_args<list<Out...>, Rest...>,
                                           call_args<list<Out..., T>, Rest...>>::type;
};

// The most extents a signature may append (int64_t after its own parameters)
// and the most named extents a Kernel checks.
constexpr std::size_t kMaxAppended = 16;
constexpr std::size_t kMaxExtents = 64;

template <std::size_t> using appended_int = int64_t;

template <class R, class Lowered, std::size_t... A>
R callWith(void *address, const Lowered &lowered, const int64_t *appended, std::index_sequence<A...>) {
  return std::apply(
      [&](auto... declared) {
        using Fn = R (*)(decltype(declared)..., appended_int<A>...);
        return reinterpret_cast<Fn>(address)(declared..., appended[A]...);
      },
      lowered);
}

template <class Derived, class R, class Call> struct KernelCall;
template <class Derived, class R, class... Call> struct KernelCall<Derived, R, list<Call...>> {
  // Checks the arrays (pixie_kernel_check), fills in the extents and calls.
  // On failure `status` holds the error and a value-initialised R returns.
  R operator()(Call... args, Status &status) const {
    return static_cast<const Derived *>(this)->invoke(status, std::forward<Call>(args)...);
  }
};

} // namespace detail

template <class Fn> class Kernel;

// A checked, typed kernel: R and Args state the export's declared parameters
// as the host passes them (ndview<T, N> or std::span<T> for an array, with
// const elements for a const array; pixie::extent<I> for an integer carrying
// a named extent; pointers and scalars as themselves). Library::kernel checks
// them against the signature; each call checks the arrays. Valid while its
// Library lives.
template <class R, class... Args>
class Kernel<R(Args...)>
    : public detail::KernelCall<Kernel<R(Args...)>, R, typename detail::call_args<detail::list<>, Args...>::type> {
  static_assert(sizeof...(Args) <= 64, "a signature has at most 64 parameters");

public:
  Kernel() = default;
  explicit operator bool() const { return kernel_ != nullptr; }
  pixie_kernel get() const { return kernel_; }
  const char *signature() const { return pixie_kernel_signature(kernel_); }
  void *address() const { return pixie_kernel_address(kernel_); }

  // Binds an overload looked up by the caller (Library::kernel does this).
  static Kernel bind(pixie_kernel k, Status &status) {
    Kernel out;
    static constexpr pixie_param params[sizeof...(Args) + 1] = {detail::describe<Args>()..., {}};
    pixie_param result{"", detail::dtype<typename detail::pointee<R>::type>(), detail::pointee<R>::depth,
                       std::is_const_v<typename detail::pointee<R>::type>, 0, -1, -1};
    status.reset(pixie_kernel_match(k, params, sizeof...(Args), &result));
    if (status)
      return out;
    const size_t appended = pixie_kernel_param_count(k) - pixie_kernel_declared_count(k);
    const size_t extents = pixie_kernel_extent_count(k);
    if (appended > detail::kMaxAppended || extents > detail::kMaxExtents) {
      std::string m = std::string(pixie_kernel_name(k)) + " is " + pixie_kernel_signature(k) + ": " +
                      std::to_string(extents) + " named extents; pixie::Kernel checks at most " +
                      std::to_string(detail::kMaxExtents) + " and appends at most " +
                      std::to_string(detail::kMaxAppended);
      status.reset(pixie_error_create(PIXIE_ERR_INVALID_ARGUMENT, m.c_str()));
      return out;
    }
    out.kernel_ = k;
    out.appended_ = appended;
    out.extents_ = extents;
    for (size_t i = 0; i < sizeof...(Args); ++i)
      out.carried_[i] = pixie_kernel_param(k, i)->extent;
    for (size_t i = 0; i < appended; ++i)
      out.appended_extent_[i] = pixie_kernel_param(k, sizeof...(Args) + i)->extent;
    return out;
  }

private:
  template <class, class, class> friend struct detail::KernelCall;
  using Lowered = std::tuple<typename detail::c_type<Args>::type...>;
  static constexpr std::array<bool, sizeof...(Args) + 1> kIsExtent{detail::is_extent<Args>::value..., false};
  static constexpr std::array<bool, sizeof...(Args) + 1> kIsArray{
      (detail::is_ndview<Args>::value || detail::is_span<Args>::value)..., false};
  // The call argument that declared parameter D comes from.
  template <std::size_t D> static constexpr std::size_t callIndex() {
    std::size_t n = 0;
    for (std::size_t i = 0; i < D; ++i)
      n += !kIsExtent[i];
    return n;
  }
  static constexpr std::size_t kArrays = [] {
    std::size_t n = 0;
    for (std::size_t i = 0; i < sizeof...(Args); ++i)
      n += kIsArray[i];
    return n;
  }();

  template <class A> static pixie_array describeArray(const A &a, int64_t *one) {
    using E = typename A::element_type;
    if constexpr (detail::is_ndview<A>::value)
      return pixie_array{const_cast<std::remove_const_t<E> *>(a.data()), int32_t(A::rank), detail::dtype<E>(),
                         a.extents().data()};
    else {
      *one = static_cast<int64_t>(a.size());
      return pixie_array{const_cast<std::remove_const_t<E> *>(a.data()), 1, detail::dtype<E>(), one};
    }
  }

  template <class... Call> R invoke(Status &status, Call &&...args) const {
    if (!kernel_) {
      status.reset(pixie_error_create(PIXIE_ERR_INVALID_ARGUMENT, "pixie::Kernel: not bound to a kernel"));
      return R();
    }
    auto call = std::forward_as_tuple(args...);
    return invokeSeq(status, call, std::index_sequence_for<Args...>());
  }

  template <class CallTuple, std::size_t... D>
  R invokeSeq(Status &status, CallTuple &call, std::index_sequence<D...>) const {
    pixie_array arrays[kArrays + 1];
    [[maybe_unused]] int64_t ones[kArrays + 1];
    [[maybe_unused]] std::size_t n = 0;
    (
        [&] {
          if constexpr (kIsArray[D]) {
            arrays[n] = describeArray(std::get<callIndex<D>()>(call), &ones[n]);
            ++n;
          }
        }(),
        ...);
    int64_t ext[detail::kMaxExtents];
    status.reset(pixie_kernel_check(kernel_, arrays, kArrays, ext, extents_));
    if (status)
      return R();
    Lowered lowered{lowerOne<D>(call, ext)...};
    int64_t appended[detail::kMaxAppended];
    for (std::size_t i = 0; i < appended_; ++i)
      appended[i] = ext[appended_extent_[i]];
    return dispatch(lowered, appended, std::make_index_sequence<detail::kMaxAppended + 1>());
  }

  template <std::size_t D, class CallTuple>
  typename std::tuple_element_t<D, Lowered> lowerOne(CallTuple &call, const int64_t *ext) const {
    using A = std::tuple_element_t<D, std::tuple<Args...>>;
    if constexpr (detail::is_extent<A>::value)
      return static_cast<typename A::type>(ext[carried_[D]]);
    else if constexpr (detail::is_ndview<A>::value || detail::is_span<A>::value)
      return std::get<callIndex<D>()>(call).data();
    else
      return std::get<callIndex<D>()>(call);
  }

  template <std::size_t E> static R callAppending(void *address, const Lowered &lowered, const int64_t *appended) {
    return detail::callWith<R>(address, lowered, appended, std::make_index_sequence<E>());
  }
  template <std::size_t... E>
  R dispatch(const Lowered &lowered, const int64_t *appended, std::index_sequence<E...>) const {
    using Caller = R (*)(void *, const Lowered &, const int64_t *);
    static constexpr Caller table[] = {&callAppending<E>...};
    return table[appended_](pixie_kernel_address(kernel_), lowered, appended);
  }

  pixie_kernel kernel_ = nullptr;
  std::size_t appended_ = 0, extents_ = 0;
  std::array<int32_t, sizeof...(Args) + 1> carried_{};
  std::array<int32_t, detail::kMaxAppended> appended_extent_{};
};
#endif // PIXIE_HPP_TYPED_CALLS

// Owns a pixie_library. Function pointers looked up from it are valid while
// it lives.
class Library {
public:
  Library() = default;
  static Library open(const char *path, Status &status, const pixie_options *options = nullptr) {
    Library lib;
    status.reset(pixie_open_file(path, options, &lib.lib_));
    return lib;
  }
  static Library openMemory(const void *data, size_t size, Status &status, const pixie_options *options = nullptr) {
    Library lib;
    status.reset(pixie_open_memory(data, size, options, &lib.lib_));
    return lib;
  }
  Library(Library &&o) noexcept : lib_(std::exchange(o.lib_, nullptr)) {}
  Library &operator=(Library &&o) noexcept {
    pixie_close(lib_);
    lib_ = std::exchange(o.lib_, nullptr);
    return *this;
  }
  Library(const Library &) = delete;
  Library &operator=(const Library &) = delete;
  ~Library() { pixie_close(lib_); }

  explicit operator bool() const { return lib_ != nullptr; }
  pixie_library get() const { return lib_; }

  void *lookupAddress(const char *name, const char *signature, Status &status) const {
    void *address = nullptr;
    status.reset(pixie_lookup(lib_, name, signature, &address));
    return address;
  }
  // The caller states the C++ function type; the signature string is what
  // the loader checks against the file's metadata.
  template <class Fn> Fn *lookup(const char *name, const char *signature, Status &status) const {
    return reinterpret_cast<Fn *>(lookupAddress(name, signature, status));
  }

#ifdef PIXIE_HPP_TYPED_CALLS
  // A checked, typed kernel (Kernel above); `signature` picks an overload
  // (NULL: the only one).
  template <class Fn> Kernel<Fn> kernel(const char *name, const char *signature, Status &status) const {
    pixie_kernel k = nullptr;
    status.reset(pixie_lookup_kernel(lib_, name, signature, &k));
    if (status)
      return Kernel<Fn>();
    return Kernel<Fn>::bind(k, status);
  }
  template <class Fn> Kernel<Fn> kernel(const char *name, Status &status) const {
    return kernel<Fn>(name, nullptr, status);
  }
#endif

  const char *platform() const { return pixie_selected_platform(lib_); }
  const char *tier() const { return pixie_selected_tier(lib_); }
  const char *explanation() const { return pixie_explanation(lib_); }
  const char *explanationJson() const { return pixie_explanation_json(lib_); }
  const char *metadataJson() const { return pixie_metadata_json(lib_); }

private:
  pixie_library lib_ = nullptr;
};

} // namespace pixie
