import { C11 } from "../src/theory/C11-assumption1.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C11)
