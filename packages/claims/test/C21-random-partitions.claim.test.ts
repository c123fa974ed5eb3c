import { C21 } from "../src/empirical/C21-random-partitions.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C21)
