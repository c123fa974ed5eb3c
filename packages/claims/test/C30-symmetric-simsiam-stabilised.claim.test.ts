import { C30 } from "../src/empirical/C30-symmetric-simsiam-stabilised.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C30)
