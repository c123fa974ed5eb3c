/**
 * C22 — ImageNet (Table 9): DirectPred on ResNet-50 matches BYOL's 2-layer predictor and beats the linear
 * predictor trained by SGD. Recorded with the paper's numbers and the verdict `not judged` at every tier: ResNet-50
 * on ImageNet for 60/300 epochs is far outside any tier of this project (the full tier is STL-10/CIFAR-10 at
 * paper scale), and docs/paper/claims.md#c22 rates it "not feasible; documentary only". The STL-10/CIFAR-10
 * counterparts of the same comparison are C18 (Table 6) and C20 (Table 8), which do run.
 */
import { Effect } from "effect"
import { ClaimRunFailed, defineClaim } from "../harness/Claim.ts"
import { tiers, type Tier } from "../harness/Tier.ts"

const reason =
  "ImageNet with ResNet-50 (60 and 300 epochs, batch 256/4096) is beyond every tier here (docs/paper/claims.md#c22: " +
  "\"not feasible; documentary only\"); the paper reports, Top-1/Top-5 %: 60 ep — 2-layer 64.7/85.8, linear 59.4/82.3, " +
  "DirectPred 64.4/85.8; 300 ep — 2-layer 72.5/90.8, linear 69.9/89.6, DirectPred 72.4/91.0. Its STL-10/CIFAR-10 " +
  "analogues are C18 and C20"

export const C22 = defineClaim<null, never>({
  id: "C22",
  title: "ImageNet: DirectPred ≈ 2-layer predictor > linear predictor (Table 9)",
  statement:
    "ResNet-50 on ImageNet, own BYOL implementation: DirectPred reaches 64.4/85.8 (60 epochs, SGD, batch 256, asymmetric loss) " +
    "and 72.4/91.0 (300 epochs, LARS, batch 4096, symmetric loss) Top-1/Top-5, comparable with the 2-layer predictor " +
    "(64.7/85.8, 72.5/90.8) and above the linear predictor trained by SGD (59.4/82.3, 69.9/89.6): +5.0 and +2.5 Top-1.",
  where: "Sec. 5; Table 9 (docs/paper/claims.md#c22, docs/paper/tables.md#table-9)",
  quantity: "Top-1/Top-5 linear-probe accuracy on ImageNet of DirectPred, the 2-layer and the linear predictor (not measured here)",
  corrections: [],
  reported: {
    "60 ep Top-1/Top-5: 2-layer, linear, DirectPred": "64.7/85.8, 59.4/82.3, 64.4/85.8",
    "300 ep Top-1/Top-5: 2-layer, linear, DirectPred": "72.5/90.8, 69.9/89.6, 72.4/91.0",
  },
  criteria: {},
  tiers: {},
  notJudged: Object.fromEntries(tiers.map((t) => [t, reason])) as Partial<Record<Tier, string>>,
  run: () => Effect.fail(new ClaimRunFailed({ claim: "C22", message: `C22 is not judged at any tier: ${reason}` })),
})
