import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

const TokenParam = z
  .string()
  .min(10)
  .max(4096)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)

/**
 * A tracked link (links/clicks.ts): records the click and forwards (302) with UTM parameters.
 * Public on purpose (a customer's browser); a token we did not sign, naming nothing we sent or
 * pointing to a host the merchant did not configure is a 404 and records nothing.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const token = TokenParam.safeParse(req.params.token)
  const hit = token.success
    ? await resolveWhatsapp(req.scope)
        .links()
        .click(token.data, { user_agent: req.get("user-agent") ?? null, ip: req.ip ?? null })
    : null
  res.setHeader("Cache-Control", "no-store")
  res.setHeader("Referrer-Policy", "no-referrer")
  if (!hit) {
    res.status(404).json({ type: "not_found", message: "Unknown link" })
    return
  }
  res.redirect(302, hit.location)
}
