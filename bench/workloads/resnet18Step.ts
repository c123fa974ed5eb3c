import cifar10Byol from "../../configs/cifar10/byol.ts"
import { sslStep } from "./sslStep.ts"
import type { WorkloadSpec } from "./Workload.ts"

export const resnet18Step: WorkloadSpec = {
  name: "resnet18-step",
  describe: "the CIFAR-10 BYOL preset (ResNet-18 CIFAR stem, projector 512→512 BN→128, linear predictor 128², EMA 0.996, SGD), batch 128, 32×32×3",
  make: () => sslStep(cifar10Byol, [32, 32, 3], 3),
}
