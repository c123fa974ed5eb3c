/** The compute backends `initBackend` knows, in the order `auto` tries them (fastest first). */
export const BACKEND_NAMES = ["tensorflow-gpu", "tensorflow", "blas", "wasm", "cpu"] as const

export type BackendName = (typeof BACKEND_NAMES)[number]

export const isBackendName = (s: string): s is BackendName => (BACKEND_NAMES as ReadonlyArray<string>).includes(s)
