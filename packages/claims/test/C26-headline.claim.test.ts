import { C26 } from "../src/empirical/C26-headline.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C26)
