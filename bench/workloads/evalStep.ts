import { type ImageDataset, Rng } from "@ssl/core"
import { type Baselines, SslModel } from "@ssl/methods"
import { evaluateModel, modelSpec } from "@ssl/methods/internal/experiment/runExperiment.ts"
import { ciBase, resolveConfig } from "@ssl/configs"
import type { Workload, WorkloadSpec } from "./Workload.ts"

// The evaluation after every ci run, through the trainer's own entry point (`evaluateModel`, as runExperiment and
// the claims call it): backbone features of the first 2000 training images (shared by the probe and kNN) and of
// the 10 000 test images, the linear probe (10 epochs of Adam, 2000 labels) and kNN (k = 20, 2000 labels). The
// random-encoder floor and the raw-pixel probe are cached per seed (the claims' baseline cache), so they are
// computed once in `make`, not per repetition. Synthetic Fashion-MNIST-shaped data (uniform pixels, random labels):
// the cost does not depend on the values.
const makeEval = (): Workload => {
  const config = resolveConfig(ciBase)
  const rng = new Rng(4)
  const split = (n: number) => ({
    size: n,
    images: Float32Array.from(rng.normals(n * 784, 1), (v) => Math.min(1, Math.abs(v) / 3)),
    labels: Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) % 10),
  })
  const ds: ImageDataset = {
    name: "fashion-mnist", shape: [28, 28, 1], numClasses: 10, classNames: Array.from({ length: 10 }, (_, i) => `c${i}`),
    train: split(2000), test: split(10000), source: "synthetic (bench)",
  }
  const model = new SslModel(modelSpec(config, ds.shape))
  const baselines = new Map<string, Baselines>()
  evaluateModel(config, ds, model, baselines) // fills the floors' cache, as the first run of a seed does
  return {
    step: () => void evaluateModel(config, ds, model, baselines),
    dispose: () => model.dispose(),
  }
}

export const evalStep: WorkloadSpec = {
  name: "eval",
  describe: "the ci base's evaluation: features of 2000 train + 10000 test images, linear probe (10 epochs Adam), kNN k = 20; floors cached",
  make: makeEval,
}
