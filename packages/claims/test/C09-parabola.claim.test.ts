import { C09 } from "../src/theory/C09-parabola.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C09)
