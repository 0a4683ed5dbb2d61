/* Loads alloc_kernels' .pixie through the C API and calls one export:
 *   alloc_driver FILE.pixie NAME ARG  -> prints the result */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pixie/pixie.h"

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  pixie_library lib;
  pixie_error err = pixie_open_file(argv[1], NULL, &lib);
  void *address;
  if (!err)
    err = pixie_lookup(lib, argv[2], NULL, &address);
  if (err) {
    fprintf(stderr, "%s\n", pixie_error_message(err));
    return 2;
  }
  int64_t (*fn)(int64_t) = (int64_t(*)(int64_t))address;
  printf("%lld\n", (long long)fn(strtoll(argv[3], NULL, 10)));
  pixie_close(lib);
  return 0;
}
