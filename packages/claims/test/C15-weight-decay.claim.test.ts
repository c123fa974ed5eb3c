import { C15 } from "../src/empirical/C15-weight-decay.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C15)
