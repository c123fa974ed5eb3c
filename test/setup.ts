// Test-wide setup, preloaded by bunfig.toml for every test file.
import fc from "fast-check"

// Property tests are reproducible run to run; a failure prints its seed and path to replay.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20210211), numRuns: Number(process.env.FC_RUNS ?? 100) })
