/** Test fixtures: small datasets written in the real on-disk formats, and a temp-dir helper. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Exit } from "effect"
import { encodeIdx } from "../../src/data/idx.ts"
import { sha256Hex } from "../../src/data/sha256.ts"
import { FASHION_MNIST_FILES, type FashionMnistFile } from "../../src/data/fashionMnist.ts"

/** A fresh temp folder, removed when the returned handle is disposed (`using dir = tempDir()`). */
export const tempDir = (prefix = "ssl-data-"): { readonly path: string; [Symbol.dispose](): void } => {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }) }
}

/** Deterministic pseudo-random bytes (a tiny LCG; fixtures need variety, not quality). */
export const bytesFrom = (seed: number, n: number, mod = 256): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = (x >>> 24) % mod
  }
  return out
}

export interface FakeFashionMnist {
  /** gzip bytes per file name. */
  readonly gz: Record<FashionMnistFile, Uint8Array<ArrayBuffer>>
  /** SHA-256 of the decompressed bytes per file name. */
  readonly sha256: Record<FashionMnistFile, string>
  readonly trainPixels: Uint8Array
  readonly trainLabels: Uint8Array
  readonly testPixels: Uint8Array
  readonly testLabels: Uint8Array
}

/** A small Fashion-MNIST in the real IDX gzip format (28×28 images, labels 0..9). */
export const fakeFashionMnist = (nTrain = 12, nTest = 5): FakeFashionMnist => {
  const trainPixels = bytesFrom(1, nTrain * 784)
  const trainLabels = bytesFrom(2, nTrain, 10)
  const testPixels = bytesFrom(3, nTest * 784)
  const testLabels = bytesFrom(4, nTest, 10)
  const raw: Record<FashionMnistFile, Uint8Array> = {
    [FASHION_MNIST_FILES.trainImages]: encodeIdx([nTrain, 28, 28], trainPixels),
    [FASHION_MNIST_FILES.trainLabels]: encodeIdx([nTrain], trainLabels),
    [FASHION_MNIST_FILES.testImages]: encodeIdx([nTest, 28, 28], testPixels),
    [FASHION_MNIST_FILES.testLabels]: encodeIdx([nTest], testLabels),
  } as Record<FashionMnistFile, Uint8Array>
  const gz = {} as Record<FashionMnistFile, Uint8Array<ArrayBuffer>>
  const sha256 = {} as Record<FashionMnistFile, string>
  for (const [name, bytes] of Object.entries(raw) as Array<[FashionMnistFile, Uint8Array]>) {
    gz[name] = Bun.gzipSync(bytes as Uint8Array<ArrayBuffer>)
    sha256[name] = sha256Hex(bytes)
  }
  return { gz, sha256, trainPixels, trainLabels, testPixels, testLabels }
}

/** Writes the four gz files (optionally replacing some) into `dir`. */
export const writeFashionMnist = (dir: string, fake: FakeFashionMnist, replace: Partial<Record<FashionMnistFile, Uint8Array>> = {}): void => {
  mkdirSync(dir, { recursive: true })
  for (const [name, bytes] of Object.entries({ ...fake.gz, ...replace })) writeFileSync(join(dir, name), bytes)
}

/** Runs an effect and returns its failure (the test fails if it succeeded). */
export const failureOf = async <A, E>(effect: Effect.Effect<A, E>): Promise<E> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) throw new Error("expected the effect to fail, but it succeeded")
  const err = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (err === undefined || err._tag !== "Fail") throw new Error(`expected a typed failure, got a defect: ${String(exit.cause)}`)
  return err.error
}
