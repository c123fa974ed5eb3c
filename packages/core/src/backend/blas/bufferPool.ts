/**
 * Recycles the float32 buffers of disposed `blas` tensors. A fresh large Float32Array costs a zero-fill plus,
 * above a few pages, first-touch page faults and later GC work: for a 16 MB activation that was 2-3x the cost of
 * the ReLU computed into it. Safety rules (enforced by BlasBackend):
 *  - only arrays handed out by `takeF32` are ever recycled, and only once no tensor owns them;
 *  - an array that reaches a second tensor, or whose memory is also seen through a view (e.g. a cpu Slice kernel
 *    returning a subarray of its input), is pinned: never recycled;
 *  - user code never sees a pooled array: readSync returns a copy of it.
 */
interface Entry { owners: number; pinned: boolean }

const MIN_LENGTH = 1024 // below this, allocation is cheap; keep the pool for the big tensors
const MAX_POOLED_BYTES = 256 * 2 ** 20
const MAX_PER_LENGTH = 16

const entries = new WeakMap<Float32Array, Entry>()
const ownerOfBuffer = new WeakMap<ArrayBufferLike, Float32Array>()
const free = new Map<number, Float32Array[]>()
let pooledBytes = 0

/** A float32 array of length n with unspecified contents (the caller overwrites every element). */
export const takeF32 = (n: number): Float32Array => {
  if (n < MIN_LENGTH) return new Float32Array(n)
  const list = free.get(n)
  const reused = list?.pop()
  if (reused !== undefined) {
    pooledBytes -= reused.byteLength
    return reused
  }
  const fresh = new Float32Array(n)
  entries.set(fresh, { owners: 0, pinned: false })
  ownerOfBuffer.set(fresh.buffer, fresh)
  return fresh
}

/** A zero-filled float32 array of length n. */
export const takeZeroedF32 = (n: number): Float32Array => {
  const a = takeF32(n)
  a.fill(0)
  return a
}

/** Whether `values` came from the pool (readSync must then hand out a copy). */
export const isPooled = (values: unknown): boolean => values instanceof Float32Array && entries.has(values)

/** A tensor now owns `values` (called from the backend's write/move). */
export const noteOwned = (values: unknown): void => {
  if (!(values instanceof Float32Array)) return
  const e = entries.get(values)
  if (e !== undefined) {
    if (e.owners > 0) e.pinned = true // the same array under two tensors
    e.owners++
    return
  }
  const owner = ownerOfBuffer.get(values.buffer)
  if (owner !== undefined) entries.get(owner)!.pinned = true // a view aliasing a pooled array
}

/** The tensor owning `values` was deleted: recycle the array if nothing else can reach it. */
export const noteReleased = (values: unknown): void => {
  if (!(values instanceof Float32Array)) return
  const e = entries.get(values)
  if (e === undefined) return
  e.owners--
  if (e.owners > 0 || e.pinned || pooledBytes + values.byteLength > MAX_POOLED_BYTES) return
  const list = free.get(values.length) ?? []
  if (list.length >= MAX_PER_LENGTH) return
  list.push(values)
  free.set(values.length, list)
  pooledBytes += values.byteLength
}

/** Drops every free buffer (e.g. between benchmark workloads, or in tests). */
export const clearPool = (): void => {
  free.clear()
  pooledBytes = 0
}
