import { tf } from "../tf.ts"

/**
 * Identity in the forward pass, zero gradient in the backward pass: the StopGrad(·) of Eqn. 1 and of the
 * original code's `torch.no_grad()` target branch, built with `tf.customGrad`. Any shape.
 * Unlike computing the target outside `tf.grad`, this keeps the target in the same graph, so the
 * no-stop-gradient ablation is just "don't call it".
 */
export const stopGradient: <T extends tf.Tensor>(x: T) => T = tf.customGrad((...args) => ({
  // a clone, not x itself: the engine must see a new output tensor for the tape node
  value: (args[0] as tf.Tensor).clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as <T extends tf.Tensor>(x: T) => T
