import { C27 } from "../src/empirical/C27-assumptions-hold.ts"
import { claimTest } from "./claimTest.ts"

claimTest(C27)
