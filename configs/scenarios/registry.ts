/** The named linear-model scenarios of `bun run ssl simulate <name>` (one file each in this folder). */
import { appendixDScalar } from "./appendix-d-scalar.ts"
import { byolIsotropic } from "./byol-isotropic.ts"
import { decoupledMode } from "./decoupled-mode.ts"
import { fig8Nonsymmetric } from "./fig8-nonsymmetric.ts"
import { noPredictor } from "./no-predictor.ts"
import { noStopGradient } from "./no-stop-gradient.ts"
import { nonIsotropic } from "./non-isotropic.ts"
import { parabola } from "./parabola.ts"
import { reducedAlignment } from "./reduced-alignment.ts"
import type { LinearScenarioInput } from "./schema.ts"
import { simsiamIsotropic } from "./simsiam-isotropic.ts"

export const scenarios: Readonly<Record<string, LinearScenarioInput>> = {
  "byol-isotropic": byolIsotropic,
  "simsiam-isotropic": simsiamIsotropic,
  "no-stop-gradient": noStopGradient,
  "no-predictor": noPredictor,
  "non-isotropic": nonIsotropic,
  "reduced-alignment": reducedAlignment,
  "fig8-nonsymmetric": fig8Nonsymmetric,
  "decoupled-mode": decoupledMode,
  parabola,
  "appendix-d-scalar": appendixDScalar,
}
