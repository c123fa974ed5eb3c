import { cnnStep } from "./cnnStep.ts"
import { directpredUpdate } from "./directpredUpdate.ts"
import { evalStep } from "./evalStep.ts"
import { mlpStep } from "./mlpStep.ts"
import { resnet18Step } from "./resnet18Step.ts"
import type { WorkloadSpec } from "./Workload.ts"

/** The workloads of `bun run bench`, in report order; bench/pytorch_reference.py has the same names. */
export const workloads: ReadonlyArray<WorkloadSpec> = [mlpStep, cnnStep, directpredUpdate, evalStep, resnet18Step]
