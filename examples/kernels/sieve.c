// Sieve of Eratosthenes: marks flags[i] = 1 when i is prime, for i < n, and
// returns how many primes there are below n.
#include <stdint.h>

int64_t sieve_primes(uint8_t *flags, int64_t n) {
  if (n <= 0)
    return 0;
  for (int64_t i = 0; i < n; i++)
    flags[i] = 1;
  flags[0] = 0;
  if (n > 1)
    flags[1] = 0;
  for (int64_t i = 2; i * i < n; i++)
    if (flags[i])
      for (int64_t j = i * i; j < n; j += i)
        flags[j] = 0;
  int64_t count = 0;
  for (int64_t i = 0; i < n; i++)
    count += flags[i];
  return count;
}
