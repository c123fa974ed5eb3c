import { C16 } from "../src/empirical/C16-predictor-lr.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C16)
