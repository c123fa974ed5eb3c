/**
 * Where claim runs keep results by key, so a report never recomputes what it already has.
 * This is the minimal interface the empirical claims build on: the training engine plugs in a backend layer
 * (its bun:sqlite run index, keyed by resolved-config hash and code version) with the same two operations.
 * `layerMemory` is the in-process store used by the theory claims and the tests.
 */
import { Context, Effect, Layer, Option } from "effect"

export class RunStore extends Context.Service<RunStore, {
  /** The stored value for `key`, if any. */
  readonly get: (key: string) => Effect.Effect<Option.Option<unknown>>
  readonly put: (key: string, value: unknown) => Effect.Effect<void>
}>()("ssl/claims/RunStore") {
  /** A fresh in-memory store per layer build (each test run gets its own). */
  static readonly layerMemory = Layer.sync(RunStore, () => {
    const map = new Map<string, unknown>()
    return RunStore.of({
      get: (key) => Effect.sync(() => (map.has(key) ? Option.some(map.get(key)) : Option.none())),
      put: (key, value) => Effect.sync(() => { map.set(key, value) }),
    })
  })
}

/** Returns the cached value for `key`, or computes, stores and returns it. */
export const cached = <A, E, R>(key: string, compute: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | RunStore> =>
  Effect.gen(function*() {
    const store = yield* RunStore
    const hit = yield* store.get(key)
    if (Option.isSome(hit)) return hit.value as A
    const value = yield* compute
    yield* store.put(key, value)
    return value
  })
