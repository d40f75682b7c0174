// Keeping the BLAS single-threaded inside mixfit's own block threads.
#pragma once

namespace mixfit {

/// Asks OpenBLAS (if it is the loaded BLAS) to use one thread. mixfit's
/// threads already share the blocks of a pass; BLAS threads inside them
/// would oversubscribe the cores, and a fixed BLAS thread count keeps every
/// kernel's result the same for any `inference.threads`. No-op for other BLAS
/// libraries. Returns true if OpenBLAS was found.
bool use_single_threaded_blas();

}  // namespace mixfit
