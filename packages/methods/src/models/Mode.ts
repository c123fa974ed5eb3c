/**
 * How a forward pass treats BatchNorm:
 * - "train": batch statistics, and the running averages are updated (PyTorch `model.train()`);
 * - "eval": running averages (PyTorch `model.eval()`); used by the probe and kNN;
 * - "measure": batch statistics without touching the running averages — a train-mode forward that leaves no
 *   trace, for metrics taken before training (so a measured run equals an unmeasured one).
 */
export type Mode = "train" | "eval" | "measure"
