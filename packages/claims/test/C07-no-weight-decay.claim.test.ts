import { C07 } from "../src/theory/C07-no-weight-decay.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C07)
