import { cpuLongBase } from "@ssl/configs"
import { sslStep } from "./sslStep.ts"
import type { WorkloadSpec } from "./Workload.ts"

export const cnnStep: WorkloadSpec = {
  name: "cnn-step",
  describe: "the cpu-long base (BYOL, CNN 3×3 convs 32/64/128 stride 2, projector 128→256 BN→64, linear predictor 64², EMA 0.99, SGD), batch 256, 28×28",
  make: () => sslStep(cpuLongBase, [28, 28, 1], 2),
}
