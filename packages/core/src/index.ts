// @ssl/core — the curated public surface. Internals stay in their files; add an export here when another
// package needs it (one line per export group, grouped by area).
export { Rng } from "./rng.ts"
export { tf } from "./tf.ts"
