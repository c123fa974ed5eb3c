/**
 * TeX-like exponents written in the claims' text (e^{−2ηt}) as plain Unicode (exp(−2ηt)): captions, legends
 * and titles are read, not typeset.
 */
export const unicodeMath = (text: string): string => text.replace(/e\^\{([^{}]*)\}/g, (_, exponent: string) => `exp(${exponent.trim()})`)
