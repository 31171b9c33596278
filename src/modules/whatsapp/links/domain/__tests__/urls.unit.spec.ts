import { allowedHosts, allowedUrl, slugify, trackRequestLinks, withUtm } from "../urls"

const policy = { allowed_hosts: allowedHosts("https://Shop.Example/", ["blog.example:8443"]) }

describe("allowed destinations (no open redirect)", () => {
  it("normalises the configured hosts", () => {
    expect(policy.allowed_hosts).toEqual(["shop.example", "blog.example:8443"])
  })

  it("allows the storefront and the listed hosts only", () => {
    expect(allowedUrl("https://shop.example/sale", policy)?.toString()).toBe("https://shop.example/sale")
    expect(allowedUrl("https://blog.example:8443/x", policy)).not.toBeNull()
    expect(allowedUrl("https://blog.example/x", policy)).toBeNull()
    expect(allowedUrl("https://evil.example/", policy)).toBeNull()
    expect(allowedUrl("https://shop.example.evil.example/", policy)).toBeNull()
    expect(allowedUrl("https://evil.example/?u=https://shop.example/", policy)).toBeNull()
  })

  it("refuses other schemes, credentials tricks, relative and broken URLs", () => {
    expect(allowedUrl("javascript:alert(1)//shop.example", policy)).toBeNull()
    expect(allowedUrl("ftp://shop.example/", policy)).toBeNull()
    expect(allowedUrl("https://shop.example@evil.example/", policy)).toBeNull()
    expect(allowedUrl("https://user:pw@shop.example/", policy)).toBeNull()
    expect(allowedUrl("//evil.example/", policy)).toBeNull()
    expect(allowedUrl("/sale", policy)).toBeNull()
    expect(allowedUrl("not a url", policy)).toBeNull()
  })
})

describe("UTM parameters", () => {
  it("adds them and keeps the query and fragment", () => {
    const out = new URL(withUtm(new URL("https://shop.example/p?size=m&utm_source=fb#top"), { medium: "campaign", campaign: "dec-sale" }))
    expect(out.searchParams.get("size")).toBe("m")
    expect(out.searchParams.get("utm_source")).toBe("whatsapp")
    expect(out.searchParams.getAll("utm_source")).toHaveLength(1)
    expect(out.searchParams.get("utm_medium")).toBe("campaign")
    expect(out.searchParams.get("utm_campaign")).toBe("dec-sale")
    expect(out.hash).toBe("#top")
    expect(out.host).toBe("shop.example")
  })

  it("slugs campaign names, keeping Thai letters", () => {
    expect(slugify("Songkran Sale 2026!")).toBe("songkran-sale-2026")
    expect(slugify("  ลดราคา ธันวา ")).toBe("ลดราคา-ธันวา")
    expect(slugify("!!!")).toBe("campaign")
  })
})

describe("rewriting a send request's links", () => {
  const token = (url: string) => (allowedUrl(url, policy) ? `T(${new URL(url).pathname})` : null)

  it("tracks allowed links in a text body, leaves foreign ones and the punctuation after a link", () => {
    const request = {
      type: "text",
      text: { body: "See https://shop.example/sale, or https://evil.example/x. Bye https://shop.example/a?b=1", preview_url: true },
    }
    const { request: out, tracked } = trackRequestLinks(request, "https://track.example/", token)
    expect(out.text.body).toBe("See https://track.example/whatsapp/r/T(/sale), or https://evil.example/x. Bye https://track.example/whatsapp/r/T(/a)")
    expect(tracked).toEqual(["https://shop.example/sale", "https://shop.example/a?b=1"])
    expect(request.text.body).toContain("https://shop.example/sale")
  })

  it("replaces a URL-button parameter that is an allowed absolute URL with the token only", () => {
    const request = {
      type: "template",
      template: {
        name: "promo",
        components: [
          { type: "body", parameters: [{ type: "text", text: "https://shop.example/body-is-not-a-link-button" }] },
          { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "https://shop.example/sale" }] },
          { type: "button", sub_type: "url", index: "1", parameters: [{ type: "text", text: "sale-suffix" }] },
          { type: "button", sub_type: "url", index: "2", parameters: [{ type: "text", text: "https://evil.example/" }] },
          { type: "button", sub_type: "quick_reply", index: "3", parameters: [{ type: "payload", payload: "YES" }] },
        ],
      },
    }
    const { request: out, tracked } = trackRequestLinks(request, "https://track.example", token)
    const c = out.template.components
    expect(c[0].parameters[0].text).toBe("https://shop.example/body-is-not-a-link-button")
    expect(c[1].parameters[0].text).toBe("T(/sale)")
    expect(c[2].parameters[0].text).toBe("sale-suffix")
    expect(c[3].parameters[0].text).toBe("https://evil.example/")
    expect(c[4]).toEqual(request.template.components[4])
    expect(tracked).toEqual(["https://shop.example/sale"])
  })
})
