import { C04 } from "../src/theory/C04-symmetry.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C04)
