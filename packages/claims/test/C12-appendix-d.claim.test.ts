import { C12 } from "../src/theory/C12-appendix-d.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C12)
