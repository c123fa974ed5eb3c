/**
 * What an HTML page of Vega-Lite figures needs to work offline: Vega, Vega-Lite and vega-embed inlined from
 * their minified npm builds, and the script that embeds each figure as SVG and, when every one has rendered,
 * sets `document.body.dataset.rendered` to their number (`"error"` if one failed, with the error on the
 * console) — what the headless-browser tests wait for. Used by the report's index.html and `ssl plot`'s page.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"

const require = createRequire(import.meta.url)

/**
 * The minified UMD builds, in load order (vega-embed needs the globals vega and vegaLite). Their packages
 * export only their module entry, which sits in the same build/ folder.
 */
const VENDOR = [["vega", "vega.min.js"], ["vega-lite", "vega-lite.min.js"], ["vega-embed", "vega-embed.min.js"]] as const

const vendorFile = ([pkg, file]: readonly [string, string]): string => join(dirname(require.resolve(pkg)), file)

/** A <script> element with `js` inline; a "</script" inside cannot end it early. */
export const inlineScript = (js: string): string => `<script>${js.replaceAll("</script", "<\\/script")}</script>`

/** Text for an element or a double-quoted attribute (the only quoting the pages use). */
export const escapeHtml = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;")

/** The three libraries as inline <script> elements (≈ 1 MB). */
export const vegaScripts = (): string => VENDOR.map((v) => inlineScript(readFileSync(vendorFile(v), "utf8"))).join("\n")

/** Embeds each spec into the element with its id (renderer SVG, no action menu) and reports when all are drawn. */
export const embedScript = (figures: ReadonlyArray<{ readonly id: string; readonly spec: unknown }>): string => {
  const data = JSON.stringify(figures.map((f) => ({ id: f.id, spec: f.spec }))).replaceAll("</", "<\\/")
  return `<script>
const figures = ${data};
Promise.all(figures.map((f) => vegaEmbed(document.getElementById(f.id), f.spec, { renderer: "svg", actions: false })))
  .then(() => { document.body.dataset.rendered = String(figures.length) })
  .catch((e) => { document.body.dataset.rendered = "error"; console.error(e) });
</script>`
}
