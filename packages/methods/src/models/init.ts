/**
 * PyTorch's default parameter initialisations, drawn from our seeded `Rng` (values cannot equal PyTorch's,
 * but the distributions do, so scales and training behaviour are comparable).
 */
import type { Rng } from "@ssl/core"

/**
 * `nn.Linear` / `nn.Conv2d` default weight init: `kaiming_uniform_(a=√5)`, i.e. U(−1/√fanIn, 1/√fanIn).
 * Also PyTorch's default bias init (same bound). fanIn = in_features, or C_in·k_h·k_w for a convolution.
 */
export const uniformFanIn = (rng: Rng, size: number, fanIn: number): Float32Array => {
  const bound = 1 / Math.sqrt(fanIn)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-bound, bound)
  return out
}

/** torchvision ResNet conv init: `kaiming_normal_(mode="fan_out", nonlinearity="relu")`, N(0, 2/fanOut). */
export const kaimingNormalFanOut = (rng: Rng, size: number, fanOut: number): Float32Array => {
  const std = Math.sqrt(2 / fanOut)
  const out = new Float32Array(size)
  for (let i = 0; i < size; i++) out[i] = rng.normal(0, std)
  return out
}

export const filled = (size: number, value: number): Float32Array => new Float32Array(size).fill(value)
