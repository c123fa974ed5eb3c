/**
 * The shared training arms of the empirical claims: a name and a config patch on a tier's base config (never a
 * whole config, so one arm means the same method at every tier: Fashion-MNIST MLP at ci, the small CNN at
 * cpu-long, ResNet-18 on CIFAR-10/STL-10 at nightly/full). Claims import their arms from HERE, so the arm that
 * several claims compare against (above all the SGD-trained linear predictor of Tables 3, 6 and 8) is one object;
 * the run store keys runs by the resolved config's hash, so an arm shared by several claims trains once.
 *
 * Names follow docs/paper/claims.md: DirectPred {ρ, ε, freq} (docs/paper/original-code.md#directpred-algorithm), Table 7's c_j via `epsInside` with ε = −c_j
 * (docs/paper/claims.md#c19 (our reading) mapping), the plug-in "optimal" predictor of Table 1, DirectCopy ([Re]'s form).
 */
import type { DeepPartial, RunConfigInput } from "@ssl/configs"

export interface Arm {
  /** Short, unique among the arms a claim compares; shown in the evidence ("directpred-eps0.1"). */
  readonly name: string
  /** Applied to the tier's base with `extend(base, patch)`. */
  readonly patch: DeepPartial<RunConfigInput>
}

/** DirectPred exactly as the original code (docs/paper/original-code.md#directpred-algorithm): ε outside the root unless `epsInside`, uncentred F̂. */
export const directPredArm = (
  name: string,
  p: { readonly rho?: number | null; readonly eps: number; readonly freq?: number; readonly epsInside?: boolean; readonly zeroMean?: boolean },
): Arm => ({
  name,
  patch: {
    method: {
      predictor: {
        kind: "directpred", rho: p.rho === undefined ? 0.3 : p.rho, eps: p.eps, freq: p.freq ?? 1,
        epsInside: p.epsInside ?? false, zeroMean: p.zeroMean ?? false,
      },
    },
  },
})

/** The "SGD baseline" of Tables 3/6/8: a bias-free linear W_p trained by SGD, EMA target (BYOL). */
export const sgdLinear: Arm = { name: "sgd-linear", patch: { method: { predictor: { kind: "linear", bias: false }, symmetrize: false } } }

/** DirectPred with the paper's best setting (Table 6/8): ρ = 0.3, ε = 0.1, freq 1. */
export const directPred: Arm = directPredArm("directpred", { rho: 0.3, eps: 0.1, freq: 1 })
/** Table 6's ε = 0 and ε = 0.5 columns (ρ = 0.3, freq 1). */
export const directPredEps0: Arm = directPredArm("directpred-eps0", { rho: 0.3, eps: 0, freq: 1 })
export const directPredEps05: Arm = directPredArm("directpred-eps0.5", { rho: 0.3, eps: 0.5, freq: 1 })
/** Table 8's "DirectPred (freq = 5)": eigen-construction every 5 steps, SGD on W_p in between. */
export const directPredFreq5: Arm = directPredArm("directpred-freq5", { rho: 0.3, eps: 0.1, freq: 5 })
/**
 * Table 7: p_j = sqrt(max(s_j/s_max − c, 0)) (clamped ≥ 1e-4 inside the root), ρ = 0.3, ε = 0, freq 1; the code's
 * `dyn_eps_inside=true, dyn_eps = −c`.
 */
export const directPredC = (c: number): Arm => directPredArm(`directpred-c${c}`, { rho: 0.3, eps: -c, freq: 1, epsInside: true })
export const directPredCPlus: Arm = directPredC(0.1)
export const directPredCMinus: Arm = directPredC(-0.1)
/** C23: F̂ as a covariance (`dyn_zero_mean=true`: M −= mean_f mean_fᵀ), otherwise the paper's best DirectPred. */
export const directPredZeroMean: Arm = directPredArm("directpred-zero-mean", { rho: 0.3, eps: 0.1, freq: 1, zeroMean: true })
/** C24: F̂ as the cumulative simple average (`dyn_lambda=null`), otherwise the paper's best DirectPred. */
export const directPredSimpleAverage: Arm = directPredArm("directpred-simple-average", { rho: null, eps: 0.1, freq: 1 })
/**
 * Table 1 / C17: W_p = M2sym (M + λI)⁻¹ every step, M = EMA E[ffᵀ], M2sym = ½(EMA E[f_a fᵀ] + transpose),
 * λ = 1e-2·tr(M)/d (docs/paper/claims.md#c17 CPU test), EMA ρ = 0.3 like DirectPred's F̂.
 */
export const plugInOptimal: Arm = { name: "plug-in-optimal", patch: { method: { predictor: { kind: "optimal", rho: 0.3, lambda: 0.01, freq: 1 } } } }
/** DirectCopy ([Re]'s form, docs/paper/original-code.md#directcopy): W_p = F̂/‖F̂‖_F + εI, ρ = 0.5, ε = 0.3. */
export const directCopy: Arm = { name: "directcopy", patch: { method: { predictor: { kind: "directcopy", rho: 0.5, eps: 0.3, freq: 1 } } } }
/**
 * C21: DirectPred with 6 random partitions of the input space (the code's `predictor_reg="partition"`,
 * packages/methods PartitionPredictor.ts), a DirectPred matrix per side with the paper's best ρ 0.3, ε 0.1.
 */
export const partitionDirectPred: Arm = { name: "directpred-partition6", patch: { method: { predictor: { kind: "partition", rho: 0.3, eps: 0.1, partitions: 6 } } } }
/** BYOL's default 2-layer predictor (Linear → BN(no affine) → ReLU → Linear; hidden 512 as the original). */
export const twoLayer: Arm = { name: "byol-2layer", patch: { method: { predictor: { kind: "mlp2", hidden: 512 }, symmetrize: false } } }

/** BYOL's 2-layer predictor tied symmetric (W1 = W2ᵀ after every step, the original code's symmetric mode; [Re]'s 85.7). */
export const twoLayerSym: Arm = { name: "byol-2layer-sym", patch: { method: { predictor: { kind: "mlp2", hidden: 512 }, symmetrize: true } } }
/** Table 7's freq = 2 row: c_j as in `directPredC`, W_p set from F̂ every other step (SGD in between). */
export const directPredCFreq2 = (c: number): Arm => directPredArm(`directpred-c${c}-freq2`, { rho: 0.3, eps: -c, freq: 2, epsInside: true })
export const directPredCPlusFreq2: Arm = directPredCFreq2(0.1)
export const directPredCMinusFreq2: Arm = directPredCFreq2(-0.1)
/** "No EMA" ([Re]'s SimSiam column; the code's m = 0): the target is the online network under stop-gradient. */
const noEma = (arm: Arm): Arm => ({ name: `${arm.name}-no-ema`, patch: { ...arm.patch, method: { ...arm.patch.method, target: { kind: "simsiam" } } } })
export const sgdLinearNoEma: Arm = noEma(sgdLinear)
export const directPredNoEma: Arm = noEma(directPred)
