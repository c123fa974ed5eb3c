/**
 * Rank agreement between two orderings of the same items: Spearman's ρ (the Pearson correlation of the ranks,
 * ties given their mean rank), and a percentile bootstrap interval for it when one side is a set of per-seed
 * measurements (the other side, published numbers, is fixed). The bootstrap resamples each item's seeds with
 * replacement; the Rng is passed in, so the interval is reproducible.
 */
import type { Rng } from "@ssl/core"

/** Ranks 1..n, ties averaged. */
export const ranks = (xs: ReadonlyArray<number>): Array<number> => {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0])
  const out = new Array<number>(xs.length)
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1
    i = j + 1
  }
  return out
}

const pearson = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  const n = a.length
  const ma = a.reduce((s, x) => s + x, 0) / n, mb = b.reduce((s, x) => s + x, 0) / n
  let sab = 0, saa = 0, sbb = 0
  for (let i = 0; i < n; i++) { sab += (a[i]! - ma) * (b[i]! - mb); saa += (a[i]! - ma) ** 2; sbb += (b[i]! - mb) ** 2 }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb)
}

/** Spearman's ρ of two equally long lists (≥ 3 items). */
export const spearman = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): number => {
  if (a.length !== b.length || a.length < 3) throw new RangeError(`spearman needs two lists of the same length ≥ 3 (got ${a.length} and ${b.length})`)
  return pearson(ranks(a), ranks(b))
}

/** ρ(reference, per-item means of `samples`), with a percentile bootstrap interval over the samples' seeds. */
export const spearmanBootstrap = (
  reference: ReadonlyArray<number>, samples: ReadonlyArray<ReadonlyArray<number>>, rng: Rng, options: { readonly reps?: number; readonly level?: number } = {},
): { readonly estimate: number; readonly lower: number; readonly upper: number; readonly se: number; readonly reps: number } => {
  const reps = options.reps ?? 2000, level = options.level ?? 0.95
  const mean = (xs: ReadonlyArray<number>) => xs.reduce((s, x) => s + x, 0) / xs.length
  const estimate = spearman(reference, samples.map(mean))
  const draws: Array<number> = []
  for (let r = 0; r < reps; r++) {
    draws.push(spearman(reference, samples.map((xs) => mean(xs.map(() => xs[rng.int(xs.length)]!)))))
  }
  draws.sort((x, y) => x - y)
  const at = (q: number) => draws[Math.min(reps - 1, Math.max(0, Math.floor(q * reps)))]!
  const m = mean(draws)
  const se = Math.sqrt(draws.reduce((s, x) => s + (x - m) ** 2, 0) / (reps - 1))
  return { estimate, lower: at((1 - level) / 2), upper: at(1 - (1 - level) / 2), se, reps }
}
