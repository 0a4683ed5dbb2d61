// Allocation in kernels (libc_driver.c "alloc"): malloc, calloc, realloc,
// aligned_alloc, posix_memalign and free from C's <stdlib.h>, and new/delete
// (plain, array, nothrow and over-aligned) from C++, on the platform's own
// heap (the imports: malloc and friends on ELF and Mach-O, _aligned_malloc and
// friends on Windows). Each kernel checks what it can (zeroed calloc memory,
// contents kept by realloc, alignment, constructor and destructor counts) and
// returns a checksum of the data it wrote and read back, the same on every
// platform; a failed check returns a negative code naming it.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <new>

namespace {

uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

bool aligned(const void *p, uintptr_t to) { return (reinterpret_cast<uintptr_t>(p) & (to - 1)) == 0; }

// A pseudo-random stream, the same everywhere.
struct Lcg {
  uint64_t s;
  uint64_t next() { return s = s * 6364136223846793005ull + 1442695040888963407ull, s >> 33; }
};

int live_objects = 0;

struct Tracked {
  int64_t value;
  explicit Tracked(int64_t v) : value(v) { ++live_objects; }
  Tracked() : value(7) { ++live_objects; }
  ~Tracked() { --live_objects; }
};

struct alignas(64) Wide {
  double lane[8];
};

} // namespace

// C allocation: n elements, `rounds` rounds of a churn of differently sized
// blocks freed out of order.
extern "C" int64_t alloc_c(int64_t n, int64_t rounds) {
  uint64_t h = 0xcbf29ce484222325ull;
  int64_t *a = static_cast<int64_t *>(malloc(n * sizeof(int64_t)));
  if (!a)
    return -1;
  for (int64_t i = 0; i < n; i++)
    a[i] = i * i - 3 * i;

  int64_t *z = static_cast<int64_t *>(calloc(n, sizeof(int64_t)));
  if (!z)
    return -2;
  for (int64_t i = 0; i < n; i++)
    if (z[i] != 0)
      return -3; // calloc's memory is not zeroed
  for (int64_t i = 0; i < n; i++)
    z[i] = a[i] ^ 0x5555;

  // realloc: grow (contents kept), fill, shrink (prefix kept).
  a = static_cast<int64_t *>(realloc(a, 4 * n * sizeof(int64_t)));
  if (!a)
    return -4;
  for (int64_t i = 0; i < n; i++)
    if (a[i] != i * i - 3 * i)
      return -5; // realloc lost the contents
  for (int64_t i = n; i < 4 * n; i++)
    a[i] = -i;
  a = static_cast<int64_t *>(realloc(a, (n / 2) * sizeof(int64_t)));
  if (!a)
    return -6;
  for (int64_t i = 0; i < n / 2; i++)
    h = mix(h, uint64_t(a[i]) + uint64_t(z[2 * i]));
  free(a);
  free(z);

  // aligned_alloc at 64 and 4096, posix_memalign at 128.
  double *v = static_cast<double *>(aligned_alloc(64, 64 * 16));
  if (!v)
    return -7;
  if (!aligned(v, 64))
    return -8; // aligned_alloc(64, ...) is not 64-byte aligned
  for (int i = 0; i < 128; i++)
    v[i] = i * 0.5;
  void *page = aligned_alloc(4096, 8192);
  if (!page || !aligned(page, 4096))
    return -9;
  memset(page, 0xab, 8192);
  void *pm = nullptr;
  if (posix_memalign(&pm, 128, 1000) != 0 || !pm || !aligned(pm, 128))
    return -10;
  memcpy(pm, v, 1000);
  for (int i = 0; i < 125; i++)
    h = mix(h, uint64_t(static_cast<double *>(pm)[i] * 4));
  h = mix(h, static_cast<unsigned char *>(page)[8191]);
  free(v);
  free(page);
  free(pm);

  // Churn: 256 slots, blocks of 1 byte to 64 KiB, each filled and checked
  // before it is freed or reallocated.
  Lcg rng{12345};
  enum { Slots = 256 };
  unsigned char *slot[Slots] = {};
  size_t size[Slots] = {};
  bool from_aligned[Slots] = {}; // realloc of those: alloc_realloc_aligned
  for (int64_t r = 0; r < rounds * Slots; r++) {
    size_t k = rng.next() % Slots;
    if (slot[k]) {
      for (size_t i = 0; i < size[k]; i++)
        if (slot[k][i] != (unsigned char)(k + i))
          return -11; // a block was overwritten: heap corruption
      h = mix(h, size[k]);
    }
    uint64_t what = rng.next() % 4;
    size_t bytes = 1 + rng.next() % (what == 0 ? 65536 : 512);
    if (what == 1 && slot[k] && !from_aligned[k]) {
      slot[k] = static_cast<unsigned char *>(realloc(slot[k], bytes));
    } else {
      free(slot[k]); // free(NULL) is a no-op
      slot[k] = static_cast<unsigned char *>(what == 2 ? aligned_alloc(64, (bytes + 63) / 64 * 64)
                                                       : malloc(bytes));
      from_aligned[k] = what == 2;
      if (what == 2 && !aligned(slot[k], 64))
        return -12;
    }
    if (!slot[k])
      return -13; // malloc, aligned_alloc or realloc returned NULL
    size[k] = bytes;
    for (size_t i = 0; i < bytes; i++)
      slot[k][i] = (unsigned char)(k + i);
  }
  for (int k = 0; k < Slots; k++)
    free(slot[k]);
  free(nullptr);
  return int64_t(h >> 1);
}

// realloc of a block from aligned_alloc(align, ...), which C allows like any
// other: grown and shrunk, contents kept. The result need only be aligned as
// malloc's are.
extern "C" int64_t alloc_realloc_aligned(int64_t align) {
  unsigned char *p = static_cast<unsigned char *>(aligned_alloc((size_t)align, 256));
  if (!p || !aligned(p, (uintptr_t)align))
    return -30;
  for (int i = 0; i < 256; i++)
    p[i] = (unsigned char)(i * 7);
  unsigned char *q = static_cast<unsigned char *>(realloc(p, 65536));
  if (!q) {
    free(p);
    return -31; // realloc refused to grow it
  }
  for (int i = 0; i < 256; i++)
    if (q[i] != (unsigned char)(i * 7))
      return -32;
  memset(q + 256, 1, 65536 - 256);
  unsigned char *r = static_cast<unsigned char *>(realloc(q, 100));
  if (!r) {
    free(q);
    return -33; // realloc refused to shrink it
  }
  uint64_t h = 0xcbf29ce484222325ull;
  for (int i = 0; i < 100; i++)
    h = mix(h, r[i]);
  free(r);
  return int64_t(h >> 1);
}

// C++ allocation: new and delete, arrays, nothrow, over-aligned types.
extern "C" int64_t alloc_cxx(int64_t n, int64_t rounds) {
  uint64_t h = 0x84222325cbf29ce4ull;
  int64_t *a = new int64_t[n];
  for (int64_t i = 0; i < n; i++)
    a[i] = 3 * i + 1;
  Tracked *one = new Tracked(42);
  Tracked *many = new Tracked[n];
  if (live_objects != n + 1)
    return -20; // constructors not run
  for (int64_t i = 0; i < n; i++)
    h = mix(h, uint64_t(a[i] + many[i].value));
  h = mix(h, uint64_t(one->value));
  delete one;
  delete[] many;
  delete[] a;
  if (live_objects != 0)
    return -21; // destructors not run

  Wide *w = new Wide;
  Wide *ws = new Wide[5];
  if (!aligned(w, 64) || !aligned(ws, 64) || !aligned(ws + 3, 64))
    return -22; // operator new(size, align_val_t) ignored the alignment
  for (int i = 0; i < 8; i++)
    w->lane[i] = i, ws[4].lane[i] = -i;
  for (int i = 0; i < 8; i++)
    h = mix(h, uint64_t(int64_t(w->lane[i] * 3 + ws[4].lane[i])));
  delete w;
  delete[] ws;

  int *maybe = new (std::nothrow) int[100];
  if (!maybe)
    return -23;
  maybe[99] = 99;
  h = mix(h, uint64_t(maybe[99]));
  delete[] maybe;

  Lcg rng{777};
  for (int64_t r = 0; r < rounds; r++) {
    int64_t count = 1 + int64_t(rng.next() % 300);
    Tracked *t = new Tracked[count];
    for (int64_t i = 0; i < count; i++)
      t[i].value = int64_t(rng.next() % 1000);
    int64_t sum = 0;
    for (int64_t i = 0; i < count; i++)
      sum += t[i].value;
    h = mix(h, uint64_t(sum));
    delete[] t;
  }
  if (live_objects != 0)
    return -24;
  return int64_t(h >> 1);
}

// Memory that outlives the call: the caller reads it and hands it back to
// alloc_consume, which frees it: one heap on both sides of the boundary.
extern "C" double *alloc_make(int64_t n) {
  double *p = static_cast<double *>(aligned_alloc(64, ((size_t)n * sizeof(double) + 63) / 64 * 64));
  if (!p)
    return nullptr;
  for (int64_t i = 0; i < n; i++)
    p[i] = double(i % 1000) * 0.25;
  return p;
}

extern "C" double alloc_consume(double *p, int64_t n) {
  double sum = 0;
  for (int64_t i = 0; i < n; i++)
    sum += p[i] * 2;
  free(p);
  return sum;
}
