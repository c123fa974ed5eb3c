import { C23 } from "../src/empirical/C23-uncentred-correlation.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C23)
