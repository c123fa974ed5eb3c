import { Rng, tf } from "../../packages/core/src/index.ts"
import type { Workload, WorkloadSpec } from "./Workload.ts"

// Forward + backward of two 3x3 convolutions (3→32, then 32→64 with stride 2) + ReLU + global mean on
// [128, 32, 32, 3] (NHWC), as bench/pytorch_reference.py (NCHW there). Explicit padding 1 on both sides matches
// PyTorch's padding=1 exactly ("same" with stride 2 would pad 0 before and 1 after).
const PAD: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [1, 1], [1, 1], [0, 0]]

const makeConvStep = (): Workload => {
  const rng = new Rng(2)
  const x = tf.tensor4d(Float32Array.from(rng.normals(128 * 32 * 32 * 3, 1)), [128, 32, 32, 3])
  const w1 = tf.tidy(() => tf.variable(tf.tensor4d(Float32Array.from(rng.normals(3 * 3 * 3 * 32, 1 / Math.sqrt(27))), [3, 3, 3, 32])))
  const w2 = tf.tidy(() => tf.variable(tf.tensor4d(Float32Array.from(rng.normals(3 * 3 * 32 * 64, 1 / Math.sqrt(288))), [3, 3, 32, 64])))
  const step = () => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const h1 = tf.relu(tf.conv2d(x, w1 as tf.Tensor4D, 1, PAD))
        const h2 = tf.relu(tf.conv2d(h1, w2 as tf.Tensor4D, 2, PAD))
        return tf.mean(h2) as tf.Scalar
      }, [w1, w2])
      // Read one value so lazy backends would have to finish; the gradients are the output.
      grads[w1.name]!.dataSync()
    })
  }
  return { step, dispose: () => [x, w1, w2].forEach((t) => t.dispose()) }
}

export const convStep: WorkloadSpec = {
  name: "conv-step",
  describe: "forward+backward: conv3x3 3→32, ReLU, conv3x3 32→64 stride 2, ReLU, mean; input [128,32,32,3]",
  make: makeConvStep,
}
