import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu"
import type { backend_util, DataId, DataType } from "@tensorflow/tfjs-core"
import { isPooled, noteOwned, noteReleased } from "./bufferPool.ts"

/**
 * The `blas` backend object: tfjs' CPU backend (same tensor storage, so every cpu kernel runs on it unchanged),
 * plus the bookkeeping that lets our kernels recycle output buffers (bufferPool.ts).
 */
export class BlasBackend extends MathBackendCPU {
  override write(values: backend_util.BackendValues, shape: number[], dtype: DataType): DataId {
    noteOwned(values)
    return super.write(values, shape, dtype)
  }

  override move(dataId: DataId, values: backend_util.BackendValues, shape: number[], dtype: DataType, refCount: number): void {
    noteOwned(values)
    super.move(dataId, values, shape, dtype, refCount)
  }

  // Never hand a pooled array to user code (dataSync, data, print, moving to another backend): it will be reused.
  override readSync(dataId: DataId): backend_util.BackendValues {
    const v = super.readSync(dataId)
    return isPooled(v) ? (v as Float32Array).slice() : v
  }

  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined
    const released = super.disposeData(dataId, force)
    if (values !== undefined && !this.data.has(dataId)) noteReleased(values)
    return released
  }
}
