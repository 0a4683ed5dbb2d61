/* A variant that imports a symbol nobody defines: the dynamic loader must
 * reject it (RTLD_NOW) with a message naming the symbol. */
extern void pixie_missing_function(void);

__attribute__((visibility("default"))) int kernel_tier(void) {
  pixie_missing_function();
  return 0;
}
