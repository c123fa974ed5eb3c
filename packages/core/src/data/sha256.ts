/** SHA-256 of bytes as lowercase hex (Bun's native hasher). */
export const sha256Hex = (bytes: Uint8Array | string): string => new Bun.CryptoHasher("sha256").update(bytes).digest("hex")
