import { C32 } from "../src/empirical/C32-learning-rate.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C32)
