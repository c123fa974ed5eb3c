import { buildNativeKernels } from "./buildNativeKernels.ts"
import { type NativeKernels, openNativeKernels } from "./NativeKernels.ts"

export type NativeLookup = { readonly ok: true; readonly kernels: NativeKernels; readonly built: boolean } | { readonly ok: false; readonly why: string }

/**
 * The native element-wise kernels, built if needed, unless env SSL_NATIVE=0 asks for the JavaScript kernels.
 * Never throws: when the library cannot be had, `why` says why, and the blas backend uses its JS kernels.
 */
export const findNativeKernels = (): NativeLookup => {
  const setting = process.env.SSL_NATIVE
  if (setting === "0" || setting === "off" || setting === "false") return { ok: false, why: "disabled by SSL_NATIVE=0" }
  const build = buildNativeKernels()
  if (!build.ok) return build
  try {
    return { ok: true, kernels: openNativeKernels(build.path), built: build.built }
  } catch (e) {
    return { ok: false, why: `cannot load ${build.path} (${e instanceof Error ? e.message.split("\n")[0] : String(e)})` }
  }
}
