import { ciBase } from "@ssl/configs"
import { sslStep } from "./sslStep.ts"
import type { WorkloadSpec } from "./Workload.ts"

export const mlpStep: WorkloadSpec = {
  name: "mlp-step",
  describe: "the ci base (BYOL, MLP 784→256→256, projector 256→256 BN→64, linear predictor 64², EMA 0.99, SGD), batch 128, SslModel.step",
  make: () => sslStep(ciBase, [28, 28, 1], 1),
}
