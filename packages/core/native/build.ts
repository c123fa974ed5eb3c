/**
 * `bun run packages/core/native/build.ts`: compiles the blas backend's native kernels now (scripts/setup.sh runs it),
 * rather than on the first use of the backend. Prints where the library is, or why it could not be built (exit 1).
 */
import { buildNativeKernels } from "../src/backend/blas/native/buildNativeKernels.ts"

const build = buildNativeKernels()
if (build.ok) {
  process.stderr.write(`native kernels ${build.built ? "built" : "up to date"}: ${build.path}\n`)
} else {
  process.stderr.write(`ssl: native kernels not built: ${build.why}\n`)
  process.exit(1)
}
