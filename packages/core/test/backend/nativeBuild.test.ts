// Building and choosing the native kernels: a fresh build compiles and loads, a second call reuses it, and without
// a working compiler (or with SSL_NATIVE=0) the blas backend falls back to its JavaScript kernels and says why.
// Mutations caught (each checked by hand): recompiling when the build exists (built stays true); reporting success
// without a compiler; ignoring SSL_NATIVE=0.
import { describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { buildNativeKernels } from "../../src/backend/blas/native/buildNativeKernels.ts"
import { openNativeKernels } from "../../src/backend/blas/native/NativeKernels.ts"
import { findNativeKernels } from "../../src/backend/blas/native/findNativeKernels.ts"

const withTempDir = (f: (dir: string) => void) => {
  const dir = mkdtempSync(join(tmpdir(), "ssl-native-"))
  try {
    f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("native kernel build", () => {
  test.skipIf(process.env.SSL_NATIVE === "0")("compiles into a fresh directory, loads, and is reused on the next call", () => {
    withTempDir((dir) => {
      const first = buildNativeKernels({ buildDir: dir })
      expect(first).toMatchObject({ ok: true, built: true })
      if (!first.ok) return
      expect(first.path.startsWith(dir)).toBe(true)
      const k = openNativeKernels(first.path)
      const out = new Float32Array(3)
      k.unary("neg", out, Float32Array.of(1, -2, 0), 0)
      expect(Array.from(out)).toEqual([-1, 2, -0])
      expect(buildNativeKernels({ buildDir: dir })).toEqual({ ok: true, path: first.path, built: false })
    })
  }, 60_000) // a compile takes ~1 s, more on a loaded machine

  test("without a compiler, or with one that fails, the build reports why (nothing half-written is left)", () => {
    withTempDir((dir) => {
      const none = buildNativeKernels({ buildDir: dir, cc: "no-such-compiler-ssl" })
      expect(none.ok).toBe(false)
      if (!none.ok) expect(none.why).toContain("no C compiler")
      const failing = buildNativeKernels({ buildDir: dir, cc: "false" })
      expect(failing.ok).toBe(false)
      if (!failing.ok) expect(failing.why).toContain("failed to compile")
      expect(Array.from(new Bun.Glob("*").scanSync(dir))).toEqual([])
    })
  })

  test("SSL_NATIVE=0 disables the native kernels", () => {
    const saved = process.env.SSL_NATIVE
    process.env.SSL_NATIVE = "0"
    try {
      expect(findNativeKernels()).toEqual({ ok: false, why: "disabled by SSL_NATIVE=0" })
    } finally {
      if (saved === undefined) delete process.env.SSL_NATIVE
      else process.env.SSL_NATIVE = saved
    }
  })
})
