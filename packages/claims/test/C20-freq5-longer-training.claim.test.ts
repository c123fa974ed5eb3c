import { C20 } from "../src/empirical/C20-freq5-longer-training.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C20)
