/**
 * The arms of the mechanistic claims (C13–C16, C25, C27, C30): patches on a tier's base, built from the shared
 * arms of arms.ts so that identical configurations resolve to identical run configs (and train once).
 *
 * Time compression at the ci tier (docs/paper/scale.md#time-compression: legitimate when stated, with the argument). Weight decay acts on
 * the time scale 1/(lr_eff·η̄) steps, lr_eff = lr/(1 − momentum). The paper's runs integrate
 * lr_eff·η̄·T = 0.3·4e-4·39k ≈ 4.7 (CIFAR-10, 100 epochs) to 9.8 (STL-10); a 240-step ci run with η̄ = 4e-4
 * integrates 0.5·4e-4·240 ≈ 0.05 — weight decay does nothing in it. The claims whose mechanism IS weight decay
 * (the decay of W_p's antisymmetric part, Eqn. 2: C13, C27; the weight-decay ablations C15, C30) therefore use
 * η̄_p = CI_PREDICTOR_WD = 0.04 on the PREDICTOR at ci: 0.5·0.04·240 = 4.8, the CIFAR-10 value. The trunk keeps
 * 4e-4 (a trunk η̄ of 0.04 was tried: it shrinks F̂'s eigenvalues by 100× within the run and lowers the probe by
 * 12 points — a different regime, not a faster clock). At cpu-long, nightly and full the paper's 4e-4 is used
 * everywhere (those runs are long enough).
 */
import { deepMerge } from "@ssl/configs"
import { type Arm, sgdLinear, sgdLinearNoEma } from "./arms.ts"

/** The ci tier's compressed predictor weight decay (see above). */
export const CI_PREDICTOR_WD = 0.04
/** The paper's weight decay (docs/paper/original-code.md#hyperparameters). */
export const PAPER_WD = 4e-4

const patched = (arm: Arm, name: string, patch: Arm["patch"]): Arm => ({ name, patch: deepMerge(arm.patch, patch) as Arm["patch"] })

/** BYOL (EMA) with W_p symmetrised after every step (Table 3 "sym", the code's predictor_reg symmetric). */
export const byolSym: Arm = patched(sgdLinear, "sgd-linear-sym", { method: { symmetrize: true } })
/** SimSiam-style (no EMA: the target is the online network under stop-gradient) with symmetric W_p. */
export const simsiamSym: Arm = patched(sgdLinearNoEma, "sgd-linear-sym-no-ema", { method: { symmetrize: true } })
/** No EMA, symmetric W_p, predictor lr = α_p·lr (Fig. 6). α_p = 1 is `simsiamSym` itself (same config). */
export const simsiamSymAlpha = (alphaP: number): Arm =>
  alphaP === 1 ? simsiamSym : patched(simsiamSym, `sgd-linear-sym-no-ema-alpha${alphaP}`, { optimizer: { predictor: { lrMultiplier: alphaP } } })

/** An arm with its predictor's weight decay set (trunk unchanged). */
export const withPredictorWd = (arm: Arm, wd: number, suffix = `wdp${wd}`): Arm =>
  patched(arm, `${arm.name}-${suffix}`, { optimizer: { predictor: { weightDecay: wd } } })
/** An arm with the trunk's and the predictor's weight decay set. */
export const withWd = (arm: Arm, trunk: number, predictor: number, suffix = `wd${trunk}-wdp${predictor}`): Arm =>
  patched(arm, `${arm.name}-${suffix}`, { optimizer: { weightDecay: trunk, predictor: { weightDecay: predictor } } })

/** No predictor (W_p = I) with stop-gradient and no EMA (SimSiam's ablation; Theorem 2's remark with W_a = W). */
export const noPredictor: Arm = patched(sgdLinearNoEma, "no-predictor", { method: { predictor: { kind: "identity" } } })
/** No predictor (W_p = I), EMA target (BYOL's ablation). */
export const noPredictorEma: Arm = patched(sgdLinear, "no-predictor-ema", { method: { predictor: { kind: "identity" } } })
/** A trained linear predictor but no stop-gradient: the target is the online output WITH its gradient (Eqn. 6). */
export const noStopGradient: Arm = patched(sgdLinear, "no-stop-gradient", { method: { target: { kind: "no-stop-gradient" } } })
