/* musl's generic fp_arch.h (empty): the portable C paths on every target. */
