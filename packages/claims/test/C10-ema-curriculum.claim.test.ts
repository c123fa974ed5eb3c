import { C10 } from "../src/theory/C10-ema-curriculum.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C10)
