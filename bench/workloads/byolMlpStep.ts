import { Rng, tf } from "../../packages/core/src/index.ts"
import type { Workload, WorkloadSpec } from "./Workload.ts"

// One full BYOL step, as bench/pytorch_reference.py does it: two views [256, 784]; encoder 784→512→512 (ReLU);
// projector Linear(512,512)+BatchNorm(no affine, batch stats)+ReLU+Linear(512,128); linear predictor 128×128;
// target = EMA of encoder+projector; symmetric negative-cosine loss; backward; SGD (momentum 0.9, weight decay);
// EMA update. Written with raw tf ops so it measures the backend, not a model library.
const B = 256, LR = 0.05, MOMENTUM = 0.9, WD = 4e-4, EMA = 0.99, BN_EPS = 1e-5

const linearInit = (rng: Rng, fanIn: number, fanOut: number): tf.Tensor2D =>
  tf.tensor2d(Float32Array.from(rng.normals(fanIn * fanOut, 1 / Math.sqrt(fanIn))), [fanIn, fanOut])

const makeByolMlpStep = (): Workload => {
  const rng = new Rng(1)
  const x1 = tf.tensor2d(Float32Array.from(rng.normals(B * 784, 1)), [B, 784])
  const x2 = tf.tensor2d(Float32Array.from(rng.normals(B * 784, 1)), [B, 784])
  const shapes: Array<[number, number]> = [[784, 512], [512, 512], [512, 512], [512, 128]]
  // tf.tidy frees each initial value; variables survive it.
  const variable = (init: () => tf.Tensor, trainable: boolean, name?: string) =>
    tf.tidy(() => tf.variable(init(), trainable, name))
  const online = shapes.flatMap(([i, o], l) => [
    variable(() => linearInit(rng, i, o), true, `byol.w${l}`),
    variable(() => tf.zeros([o]), true, `byol.b${l}`),
  ])
  const predictor = variable(() => linearInit(rng, 128, 128), true, "byol.wp")
  const target = online.map((v) => variable(() => v.clone(), false))
  const trainable = [...online, predictor]
  const momentum = trainable.map((v) => variable(() => tf.zerosLike(v), false))

  // encoder + projector; p = [w0, b0, w1, b1, w2, b2, w3, b3]. The bias is fused into the GEMM, and so is the ReLU
  // outside gradient recording (the target), where tfjs allows fusing it. The first layer of the online net uses
  // matMul + add instead: tfjs' fused-matMul gradient computes the input's gradient eagerly, and the input here is
  // data (a wasted [256,512]x[512,784] GEMM per view); plain matMul's gradient is lazy and skips it.
  const net = (p: ReadonlyArray<tf.Tensor>, x: tf.Tensor2D, recording: boolean): tf.Tensor2D => {
    const dense = (h: tf.Tensor2D, l: number, relu: boolean): tf.Tensor2D => {
      const w = p[2 * l] as tf.Tensor2D, b = p[2 * l + 1]!
      const y: tf.Tensor = recording && l === 0
        ? tf.add(tf.matMul(h, w), b)
        : tf.fused.matMul({ a: h, b: w, bias: b, activation: relu && !recording ? "relu" : "linear" })
      return (relu && recording ? tf.relu(y) : y) as tf.Tensor2D
    }
    const h1 = dense(x, 0, true)
    const h2 = dense(h1, 1, true)
    const z = dense(h2, 2, false)
    const { mean, variance } = tf.moments(z, 0)
    const zn = tf.relu(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPS)))) as tf.Tensor2D
    return dense(zn, 3, false)
  }
  // cos(p, t) per row; rows are l2-normalised by sqrt(sum of squares) (tf.norm goes through pow, slower to differentiate)
  const normalize = (v: tf.Tensor) => tf.div(v, tf.sqrt(tf.sum(tf.square(v), 1, true)))
  const cosine = (p: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(normalize(p), normalize(t)), 1)

  const step = () => {
    tf.tidy(() => {
      const t1 = net(target, x2, false), t2 = net(target, x1, false) // no gradient flows into the target
      const { grads } = tf.variableGrads(() => {
        const p1 = tf.matMul(net(online, x1, true), predictor)
        const p2 = tf.matMul(net(online, x2, true), predictor)
        return tf.mean(tf.add(tf.mul(cosine(p1, t1), -2), tf.mul(cosine(p2, t2), -2))) as tf.Scalar
      }, trainable)
      trainable.forEach((v, i) => {
        // PyTorch SGD: g += wd·θ; buf = μ·buf + g; θ -= lr·buf
        const g = tf.add(grads[v.name]!, tf.mul(v, WD))
        const buf = tf.add(tf.mul(momentum[i]!, MOMENTUM), g)
        momentum[i]!.assign(buf)
        v.assign(tf.sub(v, tf.mul(buf, LR)))
      })
      target.forEach((t, i) => t.assign(tf.add(tf.mul(t, EMA), tf.mul(online[i]!, 1 - EMA))))
    })
  }
  return {
    step,
    dispose: () => [x1, x2, ...trainable, ...target, ...momentum].forEach((t) => t.dispose()),
  }
}

export const byolMlpStep: WorkloadSpec = {
  name: "byol-mlp-step",
  describe: "BYOL step, MLP 784→512→512, projector 512→128 with BN, predictor 128², batch 256, SGD+EMA",
  make: makeByolMlpStep,
}
