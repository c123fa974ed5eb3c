import { C13 } from "../src/empirical/C13-alignment-in-training.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C13)
