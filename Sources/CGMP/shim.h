#ifndef CGMP_SHIM_H
#define CGMP_SHIM_H

#include <gmp.h>

// GMP's public names are macros (mpq_add expands to __gmpq_add; mpq_numref and
// mpz_sgn are function-like macros) that Swift cannot import. These inline
// functions give the macro-only parts Swift-visible names; everything else is
// called through its __gmp* symbol.

static inline mpz_ptr cgmp_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr cgmp_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline mpz_srcptr cgmp_mpq_numref_const(mpq_srcptr q) { return mpq_numref(q); }
static inline mpz_srcptr cgmp_mpq_denref_const(mpq_srcptr q) { return mpq_denref(q); }
static inline int cgmp_mpq_sgn(mpq_srcptr q) { return mpq_sgn(q); }
static inline int cgmp_mpz_sgn(mpz_srcptr z) { return mpz_sgn(z); }
static inline int cgmp_mpz_fits_slong(mpz_srcptr z) { return mpz_fits_slong_p(z); }
static inline long cgmp_mpz_get_si(mpz_srcptr z) { return mpz_get_si(z); }

/// A hash of an integer's limbs and sign, for Swift's Hasher.
static inline unsigned long cgmp_mpz_fold(mpz_srcptr z) {
    size_t n = mpz_size(z);
    unsigned long h = (unsigned long)n * 0x9E3779B97F4A7C15UL + (unsigned long)(mpz_sgn(z) + 1);
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned long)mpz_getlimbn(z, i)) * 0x100000001B3UL;
    }
    return h;
}

#endif
