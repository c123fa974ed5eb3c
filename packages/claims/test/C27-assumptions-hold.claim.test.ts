import { C27 } from "../src/empirical/C27-assumptions-hold.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C27)
