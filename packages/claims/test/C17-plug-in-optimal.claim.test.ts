import { C17 } from "../src/empirical/C17-plug-in-optimal.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C17)
