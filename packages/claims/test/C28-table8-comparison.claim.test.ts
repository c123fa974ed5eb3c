import { C28 } from "../src/empirical/C28-table8-comparison.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C28)
