/**
 * The method spec (DESIGN.md "Methods and training"): one trainer, parameterised by what the target is, what
 * the predictor is, and whether the predictor is symmetrised — rather than one class per paper method.
 *   BYOL        = { target: ema γ,  predictor: linear | mlp2 }
 *   SimSiam     = { target: simsiam, ... }                     (target = online, stop-gradient)
 *   DirectPred  = { target: ema γ,  predictor: directpred {ρ, ε, freq} }
 *   ablations   = no-stop-gradient, identity predictor, plug-in optimal predictor, symmetrize
 * Structurally the `method` section of @ssl/configs' RunConfig.
 */

export type TargetSpec =
  /** BYOL: a separate target network, θ_t ← γθ_t + (1−γ)θ_o after every step; never receives gradients. */
  | { readonly kind: "ema"; readonly gamma: number }
  /** SimSiam: the target is the online network's own output, through stopGradient. */
  | { readonly kind: "simsiam" }
  /** Ablation (Theorem 2): the target is the online output WITH its gradient. */
  | { readonly kind: "no-stop-gradient" }

export type PredictorSpec =
  /** Linear W_p trained by SGD (no bias by default, as the paper's linear-predictor runs). */
  | { readonly kind: "linear"; readonly bias?: boolean }
  /** Linear → BN(no affine) → ReLU → Linear, trained by SGD (the original's default 2-layer predictor). */
  | { readonly kind: "mlp2"; readonly hidden: number }
  /**
   * DirectPred (PAPER.md §3.2): a bias-free linear W_p trained by SGD, overwritten by the eigen-construction
   * from F̂ after the optimiser step whenever step % freq == 0. ε inside the root with a negative ε is Table 7's
   * p_j = sqrt(max(s_j − c_j, 0)) with c_j = −ε.
   */
  | {
    readonly kind: "directpred"
    /** ρ of F̂'s moving average; null = cumulative simple average (`dyn_lambda=null`). */
    readonly rho: number | null
    readonly eps: number
    readonly freq: number
    readonly epsInside?: boolean
    readonly zeroMean?: boolean
  }
  /** DirectCopy ([Re]'s form): W_p = F̂/‖F̂‖_F + εI, set after every step. */
  | { readonly kind: "directcopy"; readonly rho: number; readonly eps: number; readonly freq?: number }
  /**
   * C21's feature-dependent DirectPred (PartitionPredictor.ts, the code's `predictor_reg="partition"`): `partitions`
   * random splits of the input space, a DirectPred matrix {ρ, ε} per side, set after every step.
   */
  | { readonly kind: "partition"; readonly rho: number; readonly eps: number; readonly partitions: number }
  /** No predictor (W_p = I). */
  | { readonly kind: "identity" }
  /**
   * The plug-in "optimal" predictor of Table 1 / C17: every `freq` steps W_p = M2sym (M + λI)⁻¹ with
   * M = EMA E[ffᵀ], M2sym = ½(EMA E[f_a fᵀ] + transpose), λ = lambda·tr(M)/d. SGD in between.
   */
  | { readonly kind: "optimal"; readonly rho?: number; readonly freq?: number; readonly lambda?: number }

export interface MethodSpec {
  readonly target: TargetSpec
  readonly predictor: PredictorSpec
  /** Symmetrise W_p after every step (linear: (W+Wᵀ)/2; mlp2: tie W_hidden = W_outᵀ as the original code). */
  readonly symmetrize?: boolean
  readonly loss?: "cosine" | "mse"
  /**
   * How the EMA target starts: "copy" of the online network (default; as the [Re] reproduction and BYOL)
   * or "independent" — its own random init, pulled toward the online network by the EMA (the original code,
   * where `initializes_target_network()` is commented out; PAPER.md §3.2).
   */
  readonly targetInit?: "copy" | "independent"
}

/** ρ of the F̂ estimate kept for metrics when the predictor itself does not need one ([Re] uses 0.3). */
export const METRICS_RHO = 0.3
