import { C31 } from "../src/empirical/C31-rank-agreement.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C31)
