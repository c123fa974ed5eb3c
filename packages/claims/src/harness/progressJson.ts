/**
 * Progress events across a process boundary: a worker (empirical/armWorker.ts) writes each event as one JSON line on
 * its stdout, and the coordinator (execution/localExecutor.ts) reads them back and reports them as its own, so the
 * runs trained by workers show their steps and evaluation phases like the runs a claim trains itself.
 */
import type { ProgressEvent } from "./Progress.ts"

/** One event as one line of JSON (with its "\n"). */
export const progressLine = (e: ProgressEvent): string => `${JSON.stringify(e)}\n`

const isField = (v: unknown): v is number | string | boolean => typeof v === "number" || typeof v === "string" || typeof v === "boolean"

/** The event on a line, or undefined for anything else the worker printed (a backend's log line, a blank). */
export const parseProgressLine = (line: string): ProgressEvent | undefined => {
  if (!line.startsWith("{")) return undefined
  let o: unknown
  try {
    o = JSON.parse(line)
  } catch {
    return undefined
  }
  if (typeof o !== "object" || o === null) return undefined
  const { claim, message, fields } = o as Record<string, unknown>
  if (typeof claim !== "string" || typeof message !== "string") return undefined
  if (fields === undefined) return { claim, message }
  if (typeof fields !== "object" || fields === null || !Object.values(fields).every(isField)) return undefined
  return { claim, message, fields: fields as Record<string, number | string | boolean> }
}

/** Calls `onLine` with each complete line of a byte stream (a child's stdout), the last one too if unterminated. */
export const forEachLine = async (stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> => {
  const decoder = new TextDecoder()
  let buffer = ""
  const reader = stream.getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    buffer += decoder.decode(r.value, { stream: true })
    let end = buffer.indexOf("\n")
    while (end >= 0) {
      onLine(buffer.slice(0, end))
      buffer = buffer.slice(end + 1)
      end = buffer.indexOf("\n")
    }
  }
  buffer += decoder.decode()
  if (buffer !== "") onLine(buffer)
}
