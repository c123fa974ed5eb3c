import { C29 } from "../src/empirical/C29-directpred-ema.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C29)
