import type { TensorInfo } from "@tensorflow/tfjs-core"

/** The two methods of tfjs' wasm backend a JS kernel needs (tfjs' wasm backend). */
export interface WasmLike {
  readSync(dataId: object): Float32Array
  makeOutput(shape: number[], dtype: "float32", memoryOffset?: number, values?: Float32Array): TensorInfo
}
