/**
 * The eigensolver the training loop uses: LAPACK's dsyevd through the system BLAS when it is there (about 8x
 * faster than our JS `eigh` at n = 128, which matters when DirectPred decomposes F̂ every step), else `eigh`.
 * Both honour one contract (ascending values, column-j eigenvectors, largest-magnitude component positive),
 * and `lapackEigh` is tested against `eigh`, so results do not depend on which one ran beyond float64 rounding.
 */
import { lapackEigh } from "../backend/blas/lapackEigh.ts"
import { eigh, type Eigh } from "./eigh.ts"

export const eighFast = (a: Float64Array, n: number): Eigh => lapackEigh(a, n) ?? eigh(a, n)
