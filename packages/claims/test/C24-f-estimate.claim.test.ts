import { C24 } from "../src/empirical/C24-f-estimate.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C24)
