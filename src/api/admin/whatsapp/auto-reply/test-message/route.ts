import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { explainMatch, isWithinHours, type KeywordRule } from "../../../../../modules/whatsapp/domain/keywords"
import { AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS, type AutoReplySettings } from "../../../../../modules/whatsapp/conversations/defaults"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"
import type { TestMessageBody } from "../../conversations/validators"

/**
 * The rules page's "test a message" box: which saved rule the message would fire, and each rule's
 * verdict. The same rules (all of them, disabled too, so the box can say why one stayed quiet) and
 * the same matcher as the inbound path (workflows/inbound/steps/plan-reply.ts). Sends nothing.
 */
export async function POST(req: AuthenticatedMedusaRequest<TestMessageBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const body = req.validatedBody
  const rules = (await whatsapp.listWhatsappReplyRules({}, { take: 500, order: { priority: "ASC" } })) as unknown as (KeywordRule & { name: string })[]
  const tz = whatsapp.getOptions().store_timezone
  const now = body.at ? new Date(body.at) : new Date()
  const result = explainMatch(rules, { text: body.text, payload: body.payload ?? null }, now, tz)
  const settings = (await whatsapp.getSetting(AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS)) as AutoReplySettings
  const names = new Map(rules.map((r) => [r.id, r.name]))
  res.json({
    match: result.match
      ? {
          rule_id: result.match.rule.id,
          rule_name: names.get(result.match.rule.id) ?? null,
          keyword: result.match.keyword,
          mode: result.match.mode,
          score: result.match.score,
        }
      : null,
    // With no rule, the inbound path sends the away message outside business hours (ignoring handovers and campaign replies, which depend on the conversation).
    away: !result.match && !!settings.business_hours && !isWithinHours(settings.business_hours, now, tz),
    truncated: result.truncated,
    rules: result.rules.map((r) => ({ ...r, rule_name: names.get(r.rule_id) ?? null })),
  })
}
