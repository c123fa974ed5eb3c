import { C05 } from "../src/theory/C05-alignment.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C05)
