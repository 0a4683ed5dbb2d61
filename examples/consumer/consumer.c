/* Loads a .pixie through the C ABI, calls its `dot` kernel and checks the
 * answer. Usage: c_consumer FILE.pixie   (exit 0 when the result is right) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pixie/pixie.h>

static int fail(pixie_error err) {
  fprintf(stderr, "c_consumer: %s (%s)\n", pixie_error_message(err), pixie_error_code_name(pixie_error_code(err)));
  pixie_error_dispose(err);
  return 1;
}

/* The fast path must not drag LLVM into the process. */
static int maps_llvm(void) {
  FILE *maps = fopen("/proc/self/maps", "r");
  char line[4096];
  int found = 0;
  if (!maps)
    return 0; /* not Linux */
  while (fgets(line, sizeof(line), maps))
    found |= strstr(line, "libLLVM") != NULL;
  fclose(maps);
  return found;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_consumer FILE.pixie\n");
    return 2;
  }
  pixie_library lib;
  pixie_error err = pixie_open_file(argv[1], NULL, &lib);
  if (err)
    return fail(err);
  printf("selected %s/%s\n%s", pixie_selected_platform(lib), pixie_selected_tier(lib), pixie_explanation(lib));

  double (*dot)(const double *, const double *, int64_t);
  err = pixie_lookup(lib, "dot", "f64(const f64*, const f64*, i64)", (void **)&dot);
  if (err) {
    pixie_close(lib);
    return fail(err);
  }
  enum { N = 1000 };
  static double x[N], y[N];
  double expected = 0;
  for (int i = 0; i < N; ++i) {
    x[i] = i % 7;
    y[i] = (i % 3) - 1;
    expected += x[i] * y[i];
  }
  double got = dot(x, y, N);
  int ok = got == expected;
  printf("dot = %g (expected %g): %s\n", got, expected, ok ? "ok" : "WRONG");
  if (maps_llvm()) {
    printf("libLLVM is mapped into this process\n");
    ok = 0;
  }
  pixie_close(lib);
  return ok ? 0 : 1;
}
