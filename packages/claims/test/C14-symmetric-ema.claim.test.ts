import { C14 } from "../src/empirical/C14-symmetric-ema.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C14)
