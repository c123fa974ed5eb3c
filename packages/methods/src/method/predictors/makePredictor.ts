/** The predictor rule of a config: one constructor per kind, the only place that looks at the kind. */
import type { PredictorConfig } from "@ssl/configs"
import { DirectCopy } from "./DirectCopy.ts"
import { DirectPred } from "./DirectPred.ts"
import { Identity } from "./Identity.ts"
import { LinearSgd } from "./LinearSgd.ts"
import { partitionPredictor } from "./Partition.ts"
import { PlugInOptimal } from "./PlugInOptimal.ts"
import type { PredictorContext, PredictorRule } from "./PredictorRule.ts"
import { TwoLayer } from "./TwoLayer.ts"

type Kind = PredictorConfig["kind"]
type ConfigOf<K extends Kind> = Extract<PredictorConfig, { readonly kind: K }>

const RULES: { readonly [K in Kind]: (context: PredictorContext, config: ConfigOf<K>) => PredictorRule } = {
  linear: (context, config) => new LinearSgd(context, { bias: config.bias }),
  mlp2: (context, config) => new TwoLayer(context, { hidden: config.hidden }),
  directpred: (context, config) => new DirectPred(context, config),
  directcopy: (context, config) => new DirectCopy(context, config),
  optimal: (context, config) => new PlugInOptimal(context, config),
  partition: partitionPredictor,
  identity: (context) => new Identity(context),
}

export const makePredictor = (config: PredictorConfig, context: PredictorContext): PredictorRule =>
  (RULES[config.kind] as (context: PredictorContext, config: PredictorConfig) => PredictorRule)(context, config)
