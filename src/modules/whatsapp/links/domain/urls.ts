/**
 * Where a tracked link may go and what it looks like on arrival: only to hosts the merchant
 * configured (storefront_url, link_allowed_hosts), over http(s), with UTM parameters added to the
 * query it already has. Pure.
 */

export interface LinkPolicy {
  /** Lower-case host names (with port when not the default) links may point to. */
  allowed_hosts: string[]
}

/** The URL when it is absolute http(s) to an allowed host, else null (no open redirect). */
export function allowedUrl(raw: string, policy: LinkPolicy): URL | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null
  if (url.username || url.password) return null
  return policy.allowed_hosts.includes(url.host.toLowerCase()) ? url : null
}

/** Hosts of the storefront URL and the extra allowed hosts, normalised ("Shop.Example:443" → "shop.example"). */
export function allowedHosts(storefrontUrl: string | undefined, extra: string[] | undefined): string[] {
  const hosts = new Set<string>()
  const add = (value: string) => {
    const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `https://${value}`
    try {
      hosts.add(new URL(withScheme).host.toLowerCase())
    } catch {
      // validated by the options schema; nothing to add
    }
  }
  if (storefrontUrl) add(storefrontUrl)
  for (const h of extra ?? []) add(h)
  return [...hosts]
}

/** "Songkran Sale 2026!" → "songkran-sale-2026"; non-Latin letters are kept (Thai names stay readable). */
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "campaign"
  )
}

/** The destination with utm_source/medium/campaign set (replacing any the link had), the rest of the query kept. */
export function withUtm(url: URL, utm: { medium: "campaign" | "notification"; campaign: string }): string {
  const out = new URL(url.toString())
  out.searchParams.set("utm_source", "whatsapp")
  out.searchParams.set("utm_medium", utm.medium)
  out.searchParams.set("utm_campaign", utm.campaign)
  return out.toString()
}

// Stops at whitespace and at characters that end a sentence rather than a URL.
const TEXT_URL = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/g

/**
 * A Cloud API send request with its links tracked: URLs in a text body, and template URL-button
 * parameters that are absolute URLs (the template's button is then `<tracking_base_url>/whatsapp/r/{{1}}`,
 * see README). `token(url)` returns the token for an allowed URL, or null to leave the URL alone: a
 * text link becomes `<base>/whatsapp/r/<token>`, a button parameter the token itself.
 * Returns the new request (the input is not changed) and the URLs that were tracked.
 */
export function trackRequestLinks(request: any, base: string, token: (url: string) => string | null): { request: any; tracked: string[] } {
  const tracked: string[] = []
  const replace = (url: string, asSuffix: boolean) => {
    const t = token(url)
    if (t == null) return url
    tracked.push(url)
    return asSuffix ? t : `${base.replace(/\/+$/, "")}/whatsapp/r/${t}`
  }
  if (request?.type === "text" && typeof request.text?.body === "string") {
    return { request: { ...request, text: { ...request.text, body: request.text.body.replace(TEXT_URL, (u: string) => replace(u, false)) } }, tracked }
  }
  if (request?.type === "template" && Array.isArray(request.template?.components)) {
    const components = request.template.components.map((c: any) => {
      if (c?.type !== "button" || c.sub_type !== "url" || !Array.isArray(c.parameters)) return c
      return {
        ...c,
        parameters: c.parameters.map((p: any) =>
          p?.type === "text" && typeof p.text === "string" && /^https?:\/\//i.test(p.text) ? { ...p, text: replace(p.text, true) } : p
        ),
      }
    })
    return { request: { ...request, template: { ...request.template, components } }, tracked }
  }
  return { request, tracked }
}
