import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isWithinHours, matchRule, type KeywordRule } from "../../../modules/whatsapp/domain/keywords"
import { CAMPAIGN_CODE_REPLY, type ReplyAction } from "../../../modules/whatsapp/conversations/defaults"
import type { InboundMessage } from "../../../modules/whatsapp/channels/cloud-api/types"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { OptInConfirmation, Tracked, Plan } from "../types"

/**
 * The button id of a press. The stored payload is the webhook's message object as validated
 * (webhooks/validate.ts); a button payload counts only on the message types that carry one: a text
 * message with a `button` field is text, not a press (receipts stored before validation may still carry it).
 */
export function buttonPayload(stored: unknown): string | null {
  const inbound = stored as Partial<InboundMessage> | null
  return inbound?.type === "button"
    ? (inbound.button?.payload ?? null)
    : inbound?.type === "interactive"
      ? (inbound.interactive?.button_reply?.id ?? null)
      : null
}

/** Pure decision: which rule (if any) answers, or the away message. A confirmed double opt-in has had its answer. */
export const planReplyStep = createStep("whatsapp-plan-auto-reply", async ({ t, optin }: { t: Tracked; optin: OptInConfirmation }, { container }) => {
  const whatsapp = resolveWhatsapp(container)
  if (optin.confirmed) return new StepResponse<Plan>({ kind: "none", reason: "double opt-in confirmed" })
  if (t.conversation.handover) return new StepResponse<Plan>({ kind: "none", reason: "handover: a person is handling this conversation" })
  const tz = whatsapp.getOptions().store_timezone
  const now = new Date(t.now)
  const rules = (await whatsapp.listWhatsappReplyRules({ enabled: true }, { take: 500, order: { priority: "ASC" } })) as unknown as (KeywordRule & {
    actions: ReplyAction[]
    campaign_id: string | null
  })[]
  const payload = buttonPayload(t.message.payload)
  // A reply to a campaign message (its quick-reply button, or text typed in answer) belongs to
  // that campaign: the code it earns is the campaign's, and the campaign counts the reply.
  const replyTo = t.message.context_wamid ? await whatsapp.conversations().findCampaignOfMessage(t.message.context_wamid) : null
  const match = matchRule(rules, { text: t.message.text, payload }, now, tz)
  if (match) {
    const rule = match.rule as (typeof rules)[number]
    return new StepResponse<Plan>({
      kind: "rule",
      rule_id: rule.id,
      campaign_id: rule.campaign_id ?? replyTo?.campaign_id ?? null,
      keyword: match.keyword,
      actions: rule.actions,
    })
  }
  if (replyTo?.cta_payload && payload && payload.trim().toLowerCase() === replyTo.cta_payload.trim().toLowerCase()) {
    // The campaign's own call to action ("reply YES for your code"), with no rule of its own.
    return new StepResponse<Plan>({
      kind: "rule",
      rule_id: `campaign:${replyTo.campaign_id}`,
      campaign_id: replyTo.campaign_id,
      keyword: payload,
      actions: [{ type: "issue_discount" }, { type: "reply_text", text: CAMPAIGN_CODE_REPLY }],
    })
  }
  if (t.settings.business_hours && !isWithinHours(t.settings.business_hours, now, tz)) return new StepResponse<Plan>({ kind: "away" })
  return new StepResponse<Plan>({ kind: "none", reason: "no rule matched" })
})
