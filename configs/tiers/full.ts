/**
 * The `full` tier's one base run config: STL-10 at paper scale (docs/paper/original-code.md#hyperparameters; the setting of Tables 1, 3, 5,
 * 6, 7, 8 and Fig. 2): ResNet-18, pretraining on train + unlabeled (105k, 96×96), SGD lr 0.03, momentum 0.9,
 * weight decay 4e-4, EMA 0.996, batch 128, 100 epochs, linear 128×128 predictor without bias trained by SGD,
 * the original STL-10 augmentation; probe Adam 3e-4, wd 1e-3, 50 epochs. GPU hours per run.
 */
import { extend } from "../extend.ts"
import type { RunConfigInput } from "../schema.ts"
import byol from "../stl10/byol.ts"

export default extend(byol, { train: { seed: 0 } }) satisfies RunConfigInput
