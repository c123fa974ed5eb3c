import { activeNative } from "./activeNative.ts"

/**
 * The weighted kNN vote (Wu et al. 2018; solo-learn's WeightedKNNClassifier) of each row of sim [rows, n], the
 * similarities of `rows` queries to a bank of n entries labelled `labels` [n]: the k most similar entries (ties: the
 * lower index, as tf.topk) vote for their label with weight exp(s / temperature), summed from the most similar
 * down; the prediction is the class with the most weight (ties: the lower class). Returns pred [rows]. Similarities
 * are finite (cosines of finite features).
 * The native kernel when the blas backend loaded it, else the JavaScript loop: the same k entries and the same
 * float64 sums in the same order, so both predict the same classes.
 */
export const knnPredict = (sim: Float32Array, rows: number, n: number, k: number, labels: Uint8Array, classes: number,
  temperature: number): Int32Array => {
  if (sim.length !== rows * n) throw new RangeError(`knnPredict: ${sim.length} similarities are not ${rows} rows of ${n}`)
  if (labels.length !== n) throw new RangeError(`knnPredict: ${labels.length} labels for a bank of ${n}`)
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`knnPredict: k must be a positive integer (was ${k})`)
  for (const c of labels) if (c >= classes) throw new RangeError(`knnPredict: label ${c} is not below the ${classes} classes`)
  const pred = new Int32Array(rows)
  const native = activeNative()
  if (native !== undefined) native.knnPredict(sim, rows, n, Math.min(k, n), labels, classes, temperature, pred)
  else knnPredictLoop(sim, rows, n, Math.min(k, n), labels, classes, temperature, pred)
  return pred
}

// Its C twin: ssl_knn_predict (packages/core/native/sslkernels.c).
const knnPredictLoop = (sim: Float32Array, rows: number, n: number, k: number, labels: Uint8Array, classes: number,
  temperature: number, pred: Int32Array): void => {
  const values = new Float64Array(k)
  const indices = new Int32Array(k)
  const votes = new Float64Array(classes)
  for (let r = 0; r < rows; r++) {
    topK(sim.subarray(r * n, (r + 1) * n), k, values, indices)
    sortBest(values, indices, k)
    votes.fill(0)
    for (let j = 0; j < k; j++) votes[labels[indices[j]!]!]! += Math.exp(values[j]! / temperature)
    let arg = 0
    for (let c = 1; c < classes; c++) if (votes[c]! > votes[arg]!) arg = c
    pred[r] = arg
  }
}

/** Sorts the k entries by value, descending, ties by index, ascending: the order their votes are summed in. */
const sortBest = (v: Float64Array, ix: Int32Array, k: number): void => {
  for (let a = 1; a < k; a++) {
    const tv = v[a]!, ti = ix[a]!
    let b = a
    for (; b > 0 && (v[b - 1]! < tv || (v[b - 1] === tv && ix[b - 1]! > ti)); b--) {
      v[b] = v[b - 1]!
      ix[b] = ix[b - 1]!
    }
    v[b] = tv
    ix[b] = ti
  }
}

/**
 * The k largest entries of `row` (ties: the lower index wins, as tf.topk), left in heap order in values/indices
 * [0, k): a size-k min-heap, one comparison for most entries. (tf.topk sorts whole rows: 30× slower here.)
 */
export const topK = (row: ArrayLike<number>, k: number, values: Float64Array, indices: Int32Array): number => {
  const n = Math.min(k, row.length)
  // smaller = "worse": lower value, or equal value with a higher index
  const worse = (a: number, b: number) => values[a]! < values[b]! || (values[a] === values[b] && indices[a]! > indices[b]!)
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < n && worse(l, m)) m = l
      if (r < n && worse(r, m)) m = r
      if (m === i) return
      const v = values[i]!
      const x = indices[i]!
      values[i] = values[m]!
      indices[i] = indices[m]!
      values[m] = v
      indices[m] = x
      i = m
    }
  }
  for (let i = 0; i < n; i++) {
    values[i] = row[i]!
    indices[i] = i
  }
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(i)
  for (let i = n; i < row.length; i++) {
    const v = row[i]!
    if (v > values[0]!) { // strictly better than the worst kept (an equal value has a higher index: worse)
      values[0] = v
      indices[0] = i
      siftDown(0)
    }
  }
  return n
}
