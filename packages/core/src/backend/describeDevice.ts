import { cpus } from "node:os"

/** The processor, as run provenance records it: "AMD EPYC (2 cores)". */
export const describeCpu = (): string => {
  const list = cpus()
  const model = list[0]?.model?.trim() || "unknown CPU"
  return `${model} (${list.length} core${list.length === 1 ? "" : "s"})`
}
