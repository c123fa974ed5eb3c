import { C19 } from "../src/empirical/C19-cj-constant.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C19)
