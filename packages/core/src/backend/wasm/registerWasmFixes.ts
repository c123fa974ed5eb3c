import { tf } from "../../tf.ts"
import { conv2dBackpropFilterWasm } from "./conv2dBackpropFilterWasm.ts"
import { maxPoolGradWasm } from "./maxPoolGradWasm.ts"

let done = false

/**
 * Makes tfjs' wasm backend able to train a convnet: adds the missing Conv2DBackpropFilter and replaces the
 * incorrect MaxPoolGrad. Call after the wasm module is imported and before training. Idempotent.
 */
export const registerWasmFixes = (): void => {
  if (done) return
  for (const k of [conv2dBackpropFilterWasm, maxPoolGradWasm]) {
    if (tf.getKernel(k.kernelName, "wasm") !== undefined) tf.unregisterKernel(k.kernelName, "wasm")
    tf.registerKernel(k)
  }
  done = true
}
