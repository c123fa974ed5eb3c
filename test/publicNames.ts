/**
 * The names a package index exports, values and types, read from its export declarations (an index only
 * re-exports by name: `export { a, type B } from`, `export type { C } from`, `export * as ns from`; a bare
 * `export *` would make the surface implicit and is refused).
 */
import ts from "typescript"

export interface PublicNames {
  readonly values: ReadonlyArray<string>
  readonly types: ReadonlyArray<string>
}

export const publicNames = async (indexFile: string): Promise<PublicNames> => {
  const source = ts.createSourceFile(indexFile, await Bun.file(indexFile).text(), ts.ScriptTarget.Latest)
  const values: Array<string> = []
  const types: Array<string> = []
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue
    const clause = statement.exportClause
    if (clause === undefined) throw new Error(`${indexFile}: a bare \`export *\` hides what is public; export names explicitly`)
    if (ts.isNamespaceExport(clause)) {
      values.push(clause.name.text)
      continue
    }
    for (const element of clause.elements) (statement.isTypeOnly || element.isTypeOnly ? types : values).push(element.name.text)
  }
  return { values: values.sort(), types: types.sort() }
}
