import { C33 } from "../src/empirical/C33-directcopy.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C33)
