/** results.json's training summary comes from the runs' own folders, not from the coordinating process. */
import { describe, expect, test } from "bun:test"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RunStore as CoreRunStore } from "@ssl/core"
import { Effect } from "effect"
import { backendLine, trainingProvenance } from "../src/report/trainingProvenance.ts"

describe("trainingProvenance", () => {
  test("sums training and run seconds, counts backends and code versions over distinct runs; missing runs are not read", async () => {
    const root = mkdtempSync(join(tmpdir(), "ssl-provenance-"))
    const store = CoreRunStore.open(root)
    try {
      const make = (backend: string, code: string, training: number, total: number) => {
        const run = store.create({ config: {}, configHash: `h-${backend}-${training}`, backend: { name: backend }, seed: 0, codeVersion: code })
        run.finish({ seconds: total, training: { seconds: training } })
        return run.id
      }
      const a = make("blas", "abc", 10, 12), b = make("blas", "abc", 20, 23), c = make("tensorflow-gpu", "def", 5, 6)
      // Mutation caught: summing the coordinator's own clock, counting a repeated id twice, or dropping the backend per run.
      const t = await Effect.runPromise(trainingProvenance(store, [a, b, c, a, "20990101-000000-missing-0000"]))
      expect(t).toEqual({ runs: 4, read: 3, trainingSeconds: 35, runSeconds: 41, backends: { blas: 2, "tensorflow-gpu": 1 }, codeVersions: { abc: 2, def: 1 } })
      expect(backendLine(t, "none")).toBe("blas (2 runs), tensorflow-gpu (1 run)")
      expect(backendLine({ ...t, read: 0 }, "none")).toBe("none")
    } finally {
      store.close()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
