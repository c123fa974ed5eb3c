/**
 * Test helper process: opens the run index and, N times, inserts a run, updates its status and summary, and
 * increments a shared counter by read-modify-write. Prints "done" at the end.
 * Usage: bun indexWriter.ts <index.sqlite> <prefix> <N>
 */
import { RunIndex } from "../../src/runs/RunIndex.ts"

const [path, prefix, n] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4])]
using index = RunIndex.open(path)
// Start together: say "ready", then wait for the parent's "go" line on stdin.
console.log("ready")
for await (const _ of console) break
for (let i = 0; i < n; i++) {
  const id = `${prefix}-${i}`
  index.insert({ id, configHash: `hash-${i % 7}`, codeVersion: "v1" })
  index.update(id, { status: i % 3 === 0 ? "done" : "failed", summary: { i, writer: prefix } })
  index.updateSummary("shared", (s) => ({ ...s, count: Number(s["count"] ?? 0) + 1, [`last-${prefix}`]: i }))
  // Yield the CPU now and then, so that on a loaded machine one writer cannot finish before the other starts:
  // the test is about concurrent writers, and checks that they did interleave.
  if (i % 10 === 9) await Bun.sleep(1)
}
console.log("done")
