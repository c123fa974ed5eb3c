import { C34 } from "../src/empirical/C34-cj-freq2.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C34)
