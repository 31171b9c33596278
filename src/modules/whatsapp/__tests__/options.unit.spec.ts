import { parseWhatsAppOptions, redactOptions } from "../options"
import { deriveLinkSecret } from "../links/domain/token"

const REQUIRED = {
  phone_number_id: "106540352242922",
  waba_id: "102290129340398",
  access_token: "EAAG-secret-token",
  app_secret: "app-secret",
  webhook_verify_token: "verify-me",
}

function errorOf(raw: unknown): string {
  try {
    parseWhatsAppOptions(raw)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error("expected options to be rejected")
}

describe("parseWhatsAppOptions", () => {
  it("applies defaults", () => {
    expect(parseWhatsAppOptions(REQUIRED)).toEqual({
      ...REQUIRED,
      provider: "cloud_api",
      api_version: "v25.0",
      base_url: "https://graph.facebook.com",
      default_region: "TH",
      store_timezone: "Asia/Bangkok",
      sandbox: false,
      request_timeout_ms: 10000,
      max_webhook_body_bytes: 1048576,
      webhook_retention_days: 30,
      marketing_messages_api: false,
      link_allowed_hosts: [],
      link_secret: deriveLinkSecret(REQUIRED.app_secret),
    })
  })

  it("reads the link-tracking options and names bad ones", () => {
    const o = parseWhatsAppOptions({
      ...REQUIRED,
      tracking_base_url: "https://shop.example/",
      storefront_url: "https://shop.example",
      link_allowed_hosts: "Blog.example, shop2.example:8443",
      link_secret: "0123456789abcdef0123",
    })
    expect(o).toMatchObject({
      tracking_base_url: "https://shop.example",
      storefront_url: "https://shop.example",
      link_allowed_hosts: ["blog.example", "shop2.example:8443"],
      link_secret: "0123456789abcdef0123",
    })
    expect(redactOptions(o).link_secret).toBe("***")
    const message = errorOf({ ...REQUIRED, tracking_base_url: "javascript:x", link_allowed_hosts: ["https://x/y"], link_secret: "short" })
    expect(message).toContain('invalid option "tracking_base_url"')
    expect(message).toContain('invalid option "link_allowed_hosts.0"')
    expect(message).toContain('invalid option "link_secret"')
  })

  it("names each missing required option", () => {
    const message = errorOf({})
    for (const key of Object.keys(REQUIRED)) {
      expect(message).toContain(`medusa-plugin-whatsapp: invalid option "${key}": required`)
    }
    expect(message.split("\n")).toHaveLength(Object.keys(REQUIRED).length)
  })

  it("treats undefined/null options as empty", () => {
    expect(errorOf(undefined)).toContain('invalid option "phone_number_id": required')
    expect(errorOf(null)).toContain('invalid option "access_token": required')
  })

  it("rejects non-object options", () => {
    expect(errorOf("token")).toBe("medusa-plugin-whatsapp: options must be an object")
  })

  it("treats blank strings (unset env vars) as missing", () => {
    expect(errorOf({ ...REQUIRED, access_token: "  " })).toBe('medusa-plugin-whatsapp: invalid option "access_token": required')
    expect(parseWhatsAppOptions({ ...REQUIRED, api_version: "", base_url: "", store_name: "" })).toMatchObject({
      api_version: "v25.0",
      base_url: "https://graph.facebook.com",
    })
    expect(parseWhatsAppOptions({ ...REQUIRED, store_name: "" })).not.toHaveProperty("store_name")
  })

  it("requires digit-string ids and refuses numbers, which may have lost precision", () => {
    expect(errorOf({ ...REQUIRED, phone_number_id: "10654abc" })).toContain('"phone_number_id": must be a string of digits')
    expect(errorOf({ ...REQUIRED, waba_id: 102290129340398 })).toContain('"waba_id": must be a string of digits (quote numeric ids)')
  })

  it.each([
    [{ provider: "twilio" }, '"provider": must be "cloud_api"'],
    [{ api_version: "23.0" }, '"api_version": must look like "v23.0"'],
    [{ api_version: "v23" }, '"api_version": must look like "v23.0"'],
    [{ base_url: "not a url" }, '"base_url": must be an http(s) URL'],
    [{ base_url: "ftp://graph.facebook.com" }, '"base_url": must be an http(s) URL'],
    [{ default_region: "XX" }, '"default_region": must be an ISO 3166 alpha-2'],
    [{ default_region: "UK" }, '"default_region": must be an ISO 3166 alpha-2'],
    [{ store_timezone: "Mars/Olympus" }, '"store_timezone": must be an IANA time zone'],
    [{ sandbox: "yes" }, '"sandbox": must be a boolean'],
    [{ request_timeout_ms: 0 }, '"request_timeout_ms": must be a positive integer'],
    [{ request_timeout_ms: 1.5 }, '"request_timeout_ms": must be a positive integer'],
    [{ request_timeout_ms: "soon" }, '"request_timeout_ms": must be a positive integer'],
    [{ max_webhook_body_bytes: -1 }, '"max_webhook_body_bytes": must be a positive integer'],
  ])("rejects %j", (override, expected) => {
    expect(errorOf({ ...REQUIRED, ...override })).toContain(`medusa-plugin-whatsapp: invalid option ${expected}`)
  })

  it("reports every bad option at once", () => {
    const lines = errorOf({ ...REQUIRED, api_version: "x", default_region: "XX", waba_id: undefined }).split("\n")
    expect(lines).toHaveLength(3)
    expect(lines.join("\n")).toMatch(/"api_version"[\s\S]*"waba_id"[\s\S]*"default_region"/)
  })

  it("normalises values", () => {
    const options = parseWhatsAppOptions({
      ...REQUIRED,
      base_url: "http://localhost:4010/proxy//",
      default_region: "us",
      store_timezone: "asia/tokyo",
      request_timeout_ms: "2500",
      max_webhook_body_bytes: " 4096 ",
      store_name: "  Bangkok Beans ",
    })
    expect(options).toMatchObject({
      base_url: "http://localhost:4010/proxy",
      default_region: "US",
      store_timezone: "Asia/Tokyo",
      request_timeout_ms: 2500,
      max_webhook_body_bytes: 4096,
      store_name: "Bangkok Beans",
    })
  })

  it.each([
    ["http://localhost:4010", undefined, true],
    ["http://127.0.0.1:4010", undefined, true],
    ["http://[::1]:4010", undefined, true],
    ["https://graph.facebook.com", undefined, false],
    ["https://localhost.example.com", undefined, false],
    ["http://localhost:4010", false, false],
    ["https://graph.facebook.com", true, true],
    ["http://localhost:4010", "false", false],
    ["https://graph.facebook.com", "true", true],
  ])("sandbox for %s with sandbox=%j → %s", (base_url, sandbox, expected) => {
    expect(parseWhatsAppOptions({ ...REQUIRED, base_url, sandbox }).sandbox).toBe(expected)
  })

  it("ignores unknown keys", () => {
    expect(parseWhatsAppOptions({ ...REQUIRED, unexpected: 1 })).not.toHaveProperty("unexpected")
  })
})

describe("redactOptions", () => {
  it("hides secrets and keeps their presence", () => {
    const options = parseWhatsAppOptions(REQUIRED)
    const redacted = redactOptions(options)
    expect(redacted).toMatchObject({
      access_token: "***",
      app_secret: "***",
      webhook_verify_token: "***",
      has_access_token: true,
      has_app_secret: true,
      has_webhook_verify_token: true,
      phone_number_id: REQUIRED.phone_number_id,
      waba_id: REQUIRED.waba_id,
    })
    const text = JSON.stringify(redacted)
    for (const secret of [REQUIRED.access_token, REQUIRED.app_secret, REQUIRED.webhook_verify_token]) {
      expect(text).not.toContain(secret)
    }
    expect(options.access_token).toBe(REQUIRED.access_token)
  })

  it("reports absent secrets as null/false", () => {
    const options = { ...parseWhatsAppOptions(REQUIRED), app_secret: "" }
    expect(redactOptions(options)).toMatchObject({ app_secret: null, has_app_secret: false })
  })
})
