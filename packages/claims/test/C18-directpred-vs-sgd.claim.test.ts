import { C18 } from "../src/empirical/C18-directpred-vs-sgd.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C18)
