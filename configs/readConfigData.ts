/**
 * Reading a config from a file: a TypeScript module's default export (trusted code: importing runs it), or
 * plain data in JSON or YAML (never executed). Every format then goes through the same schema. A syntax
 * error in a data file names the file, line and column.
 */
import { readFileSync } from "node:fs"
import { type ParseError, parse as parseJsonc, printParseErrorCode } from "jsonc-parser"
import { LineCounter, parseDocument } from "yaml"
import { ConfigError } from "./ConfigError.ts"

/** The file extensions a config (or a linear-model scenario) can have. */
export const CONFIG_EXTENSIONS = [".ts", ".json", ".yaml", ".yml"] as const

export const hasConfigExtension = (file: string): boolean => CONFIG_EXTENSIONS.some((e) => file.endsWith(e))

const syntaxError = (file: string, line: number, col: number, what: string): ConfigError =>
  new ConfigError([{ path: "", message: `${file}:${line}:${col}: ${what}` }])

/** Strict JSON; on an error, jsonc-parser (strict mode) locates it, since JSON.parse does not say where. */
const parseJson = (file: string, text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch (e) {
    const errors: Array<ParseError> = []
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false })
    const first = errors[0]
    const before = text.slice(0, first?.offset ?? 0)
    const at = { line: before.split("\n").length, col: before.length - before.lastIndexOf("\n") }
    const what = first === undefined ? (e instanceof Error ? e.message : String(e)) : printParseErrorCode(first.error)
    throw syntaxError(file, at.line, at.col, `invalid JSON (${what})`)
  }
}

const parseYaml = (file: string, text: string): unknown => {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const error = doc.errors[0]
  if (error !== undefined) {
    const at = lc.linePos(error.pos[0])
    throw syntaxError(file, at.line, at.col, `invalid YAML (${error.message.split("\n")[0]})`)
  }
  return doc.toJS()
}

/**
 * A config file is code: importing it runs it (README, "Configs"). Its failures become ConfigErrors: a syntax error
 * with file:line:column, a config that throws with the error's first line and where it was thrown.
 */
const importConfig = async (file: string): Promise<{ default?: unknown }> => {
  try {
    return (await import(file)) as { default?: unknown }
  } catch (e) {
    throw new ConfigError([{ path: "", message: `${file} does not load: ${whyNotLoaded(e, file)}` }])
  }
}

interface BuildMessage { readonly message: string; readonly position?: { readonly file: string; readonly line: number; readonly column: number } | null }

const whyNotLoaded = (e: unknown, file: string): string => {
  // Bun reports syntax errors as build messages with positions (an AggregateError of them).
  const builds = (e instanceof AggregateError ? e.errors : [e]) as ReadonlyArray<BuildMessage>
  const located = builds.filter((b) => b?.position != null)
  if (located.length > 0) {
    return located.map((b) => `syntax error at ${b.position!.file}:${b.position!.line}:${b.position!.column}: ${b.message}`).join("; ")
  }
  const err = e instanceof Error ? e : new Error(String(e))
  const at = err.stack?.split("\n").find((l) => l.includes(file))?.trim().replace(/^at\s+/, "")
  return `it threw ${err.name}: ${err.message.split("\n")[0]}${at === undefined ? "" : ` (${at})`}`
}

/** The config value a file holds (not yet validated). */
export const readConfigData = async (file: string): Promise<unknown> => {
  if (file.endsWith(".ts")) {
    const mod = await importConfig(file)
    if (mod.default === undefined) throw new ConfigError([{ path: "", message: `${file} has no default export (a config module must \`export default { ... }\`)` }])
    return mod.default
  }
  const text = readFileSync(file, "utf8")
  return file.endsWith(".json") ? parseJson(file, text) : parseYaml(file, text)
}
