import { tf } from "../tf.ts"

/**
 * Row-wise l2 normalisation x / max(‖x‖, eps) of x [B, D] → [B, D], PyTorch's F.normalize (eps 1e-12).
 * Written as x · rsqrt(max(Σx², eps²)) so a zero row gives a zero row and a finite (not NaN) gradient:
 * the max routes the gradient of a zero row's norm into the constant.
 */
export const l2Normalize = (x: tf.Tensor2D, eps = 1e-12): tf.Tensor2D =>
  tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), eps * eps))))
