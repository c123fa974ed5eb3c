// @ssl/core — the curated public surface. Internals stay in their files; add an export here when another
// package needs it.
export { Rng } from "./rng.ts"
