import { deriveLinkSecret, signLink, verifyLink, type LinkClaim } from "../token"

const SECRET = "a-test-secret-of-enough-length"
const claim: LinkClaim = { kind: "c", campaign_id: "wacmp_01", ref: "wacrc_01", url: "https://shop.example/sale?size=m" }

describe("link tokens", () => {
  it("round-trips what was signed", () => {
    expect(verifyLink(signLink(claim, SECRET), SECRET)).toEqual(claim)
    const n: LinkClaim = { kind: "n", campaign_id: null, ref: "wamsg_01", url: "https://shop.example/o/1" }
    expect(verifyLink(signLink(n, SECRET), SECRET)).toEqual(n)
  })

  it("is URL-safe", () => {
    expect(signLink(claim, SECRET)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  })

  it("refuses a token signed with another secret", () => {
    expect(verifyLink(signLink(claim, SECRET), "another-secret-of-enough-length")).toBeNull()
  })

  it("refuses a tampered payload (another destination, same mac)", () => {
    const [, mac] = signLink(claim, SECRET).split(".")
    const forged = Buffer.from(JSON.stringify([1, "c", "wacmp_01", "wacrc_01", "https://evil.example/"])).toString("base64url")
    expect(verifyLink(`${forged}.${mac}`, SECRET)).toBeNull()
  })

  it("refuses a flipped mac character, a truncated mac or payload, and garbage", () => {
    const token = signLink(claim, SECRET)
    const [payload, mac] = token.split(".")
    const flipped = mac.slice(0, -1) + (mac.endsWith("A") ? "B" : "A")
    expect(verifyLink(`${payload}.${flipped}`, SECRET)).toBeNull()
    expect(verifyLink(`${payload}.${mac.slice(0, -2)}`, SECRET)).toBeNull()
    expect(verifyLink(`${payload.slice(0, -3)}.${mac}`, SECRET)).toBeNull()
    expect(verifyLink(token.slice(0, 20), SECRET)).toBeNull()
    expect(verifyLink(payload, SECRET)).toBeNull()
    expect(verifyLink("", SECRET)).toBeNull()
    expect(verifyLink(`${token}.x`, SECRET)).toBeNull()
    expect(verifyLink(token, "")).toBeNull()
  })

  it("refuses a non-canonical spelling of the right mac (spare bits in the last character)", () => {
    const [payload, mac] = signLink(claim, SECRET).split(".")
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    const i = last.indexOf(mac[mac.length - 1])
    const sibling = mac.slice(0, -1) + last[i ^ 1]
    expect(Buffer.from(sibling, "base64url").equals(Buffer.from(mac, "base64url"))).toBe(true)
    expect(verifyLink(`${payload}.${sibling}`, SECRET)).toBeNull()
  })

  it("refuses a well-signed payload of the wrong shape", () => {
    // Signed with the right key but not a claim: the shape is checked after the mac.
    const { createHmac } = require("node:crypto")
    const payload = Buffer.from(JSON.stringify([2, "c", "x", "y", "https://shop.example/"])).toString("base64url")
    const mac = createHmac("sha256", SECRET).update(payload).digest().subarray(0, 16).toString("base64url")
    expect(verifyLink(`${payload}.${mac}`, SECRET)).toBeNull()
  })

  it("derives a default secret from app_secret that is stable and not the app secret", () => {
    expect(deriveLinkSecret("app")).toBe(deriveLinkSecret("app"))
    expect(deriveLinkSecret("app")).not.toBe("app")
    expect(deriveLinkSecret("app")).not.toBe(deriveLinkSecret("app2"))
  })
})
