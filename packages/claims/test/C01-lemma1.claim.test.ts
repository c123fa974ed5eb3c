import { C01 } from "../src/theory/C01-lemma1.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C01)
