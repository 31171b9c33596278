import { createHmac } from "node:crypto"
import { signPayload, verifySignature } from "../signature"

const SECRET = "app-secret-123"
// What Meta sends: non-ASCII escaped as \uXXXX in the raw bytes.
const ESCAPED = '{"entry":[{"changes":[{"value":{"messages":[{"text":{"body":"\\u0e2a\\u0e27\\u0e31\\u0e2a\\u0e14\\u0e35"}}]}}]}]}'
const THAI = '{"text":{"body":"สวัสดีครับ 🙏"}}'

const hmacHex = (secret: string, body: Buffer | string) => createHmac("sha256", secret).update(body).digest("hex")

describe("signPayload", () => {
  it("matches an independent HMAC-SHA256 with the sha256= prefix", () => {
    expect(signPayload(SECRET, THAI)).toBe(`sha256=${hmacHex(SECRET, Buffer.from(THAI, "utf8"))}`)
    expect(signPayload(SECRET, Buffer.from(ESCAPED))).toMatch(/^sha256=[0-9a-f]{64}$/)
  })

  it("signs a string and its UTF-8 bytes the same", () => {
    expect(signPayload(SECRET, THAI)).toBe(signPayload(SECRET, Buffer.from(THAI, "utf8")))
  })
})

describe("verifySignature", () => {
  it("accepts Thai UTF-8 bytes as Buffer and string", () => {
    const header = signPayload(SECRET, Buffer.from(THAI, "utf8"))
    expect(verifySignature(SECRET, Buffer.from(THAI, "utf8"), header)).toBe(true)
    expect(verifySignature(SECRET, THAI, header)).toBe(true)
  })

  it("verifies \\u-escaped bytes, and fails on the re-serialised body", () => {
    const raw = Buffer.from(ESCAPED, "utf8")
    const header = signPayload(SECRET, raw)
    expect(verifySignature(SECRET, raw, header)).toBe(true)
    const reserialised = JSON.stringify(JSON.parse(ESCAPED))
    expect(reserialised).not.toBe(ESCAPED)
    expect(verifySignature(SECRET, reserialised, header)).toBe(false)
  })

  it("rejects a body changed by one byte", () => {
    const header = signPayload(SECRET, ESCAPED)
    expect(verifySignature(SECRET, ESCAPED.replace("0e2a", "0e2b"), header)).toBe(false)
    expect(verifySignature(SECRET, ESCAPED + " ", header)).toBe(false)
  })

  it("rejects the wrong secret", () => {
    expect(verifySignature("other-secret", THAI, signPayload(SECRET, THAI))).toBe(false)
  })

  it("accepts upper-case hex and a surrounding-whitespace header", () => {
    const hex = hmacHex(SECRET, THAI)
    expect(verifySignature(SECRET, THAI, `sha256=${hex.toUpperCase()}`)).toBe(true)
    expect(verifySignature(SECRET, THAI, ` sha256=${hex} `)).toBe(true)
    expect(verifySignature(SECRET, THAI, `SHA256=${hex}`)).toBe(true)
  })

  it("accepts a single-element header array, rejects repeated headers", () => {
    const header = signPayload(SECRET, THAI)
    expect(verifySignature(SECRET, THAI, [header])).toBe(true)
    expect(verifySignature(SECRET, THAI, [header, header])).toBe(false)
    expect(verifySignature(SECRET, THAI, [])).toBe(false)
  })

  it.each([
    ["missing header", undefined],
    ["empty header", ""],
    ["missing prefix", hmacHex(SECRET, THAI)],
    ["sha1 prefix", `sha1=${hmacHex(SECRET, THAI)}`],
    ["truncated", signPayload(SECRET, THAI).slice(0, -2)],
    ["one hex char short", signPayload(SECRET, THAI).slice(0, -1)],
    ["extra hex", `${signPayload(SECRET, THAI)}00`],
    ["odd junk", "sha256=zz"],
    ["non-hex of right length", `sha256=${"g".repeat(64)}`],
    ["prefix only", "sha256="],
    ["unicode junk", "sha256=ทดสอบ"],
    ["comma-joined duplicates", `${signPayload(SECRET, THAI)}, ${signPayload(SECRET, THAI)}`],
  ])("returns false without throwing: %s", (_, header) => {
    expect(() => verifySignature(SECRET, THAI, header)).not.toThrow()
    expect(verifySignature(SECRET, THAI, header)).toBe(false)
  })

  it("returns false on a missing body or secret", () => {
    const header = signPayload(SECRET, THAI)
    expect(verifySignature(SECRET, undefined, header)).toBe(false)
    expect(verifySignature("", THAI, header)).toBe(false)
  })

  it("verifies an empty body", () => {
    expect(verifySignature(SECRET, "", signPayload(SECRET, ""))).toBe(true)
    expect(verifySignature(SECRET, Buffer.alloc(0), signPayload(SECRET, ""))).toBe(true)
  })
})
