import { C06 } from "../src/theory/C06-decoupling.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C06)
