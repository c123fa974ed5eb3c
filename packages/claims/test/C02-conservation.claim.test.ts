import { C02 } from "../src/theory/C02-conservation.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C02)
