import { C22 } from "../src/empirical/C22-imagenet.ts"
import { claimTest } from "./claimTest.ts"

await claimTest(C22)
