import { C25 } from "../src/empirical/C25-predictor-stopgrad-essential.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C25)
