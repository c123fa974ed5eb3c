import { C08 } from "../src/theory/C08-fixed-points.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C08)
