import { byolMlpStep } from "./byolMlpStep.ts"
import { convStep } from "./convStep.ts"
import { directpredUpdate } from "./directpredUpdate.ts"
import { resnet18Step } from "./resnet18Step.ts"
import type { WorkloadSpec } from "./Workload.ts"

/** The workloads of `bun run bench`, in report order; bench/pytorch_reference.py has the same names. */
export const workloads: ReadonlyArray<WorkloadSpec> = [byolMlpStep, convStep, directpredUpdate, resnet18Step]
