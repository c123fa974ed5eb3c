import { C03 } from "../src/theory/C03-collapse.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C03)
