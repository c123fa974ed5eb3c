/** Test helper process: writes 1 MB checkpoints in a loop, printing each committed step, until killed. */
import { writeCheckpoint } from "../../src/runs/checkpoint.ts"

const dir = process.argv[2]!
for (let step = 1; step < 1_000_000; step++) {
  const data = new Float32Array(256 * 1024).fill(step)
  writeCheckpoint(dir, step, { w: { shape: [data.length], data } }, { step }, { keep: 3 })
  process.stdout.write(`${step}\n`)
}
