import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { composeReply, faqTitles, withinWindow, type ReplyTemplate } from "../../../modules/whatsapp/conversations/compose-reply"
import { localizedDate } from "../../../modules/whatsapp/conversations/defaults"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { Tracked, Plan, IssuedCode, InboundResult } from "../types"

/**
 * Runs the plan: consent, tags, handover, then one reply — keyed by the inbound wamid, so a
 * duplicated webhook can never produce a second reply. Free-form text needs the 24 h window;
 * outside it the rule's template (or the fallback template) is sent instead.
 */
export const replyStep = createStep(
  "whatsapp-apply-auto-reply",
  async ({ t, plan, issued }: { t: Tracked; plan: Plan; issued: IssuedCode | null }, { container }) => {
    const whatsapp = resolveWhatsapp(container)
    const now = new Date(t.now)
    const tz = whatsapp.getOptions().store_timezone
    if (plan.kind === "none") return new StepResponse<InboundResult>({ status: "ignored", reason: plan.reason })

    const windowOpen = whatsapp.isWindowOpen({ last_inbound_at: t.contact.last_inbound_at }, now)
    const fallbackTemplate = t.settings.fallback_template
    let reply: { text: string | null; template: ReplyTemplate | null }
    let done: string[]
    let handover = false

    if (plan.kind === "away") {
      // The store's local date: at most one away message per conversation per day.
      const awayDay = new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(now)
      if (!(await whatsapp.conversations().claimAwayMessage(t.conversation.id, awayDay))) {
        return new StepResponse<InboundResult>({ status: "ignored", reason: "away message already sent today" })
      }
      reply = withinWindow(t.settings.away_message, null, { windowOpen, fallbackTemplate })
      done = ["away"]
    } else {
      const faqAnswers: Record<string, string> = {}
      for (const title of faqTitles(plan.actions)) {
        const [faq] = await whatsapp.listWhatsappFaqs({ title }, { take: 1 })
        if (faq) faqAnswers[title] = faq.answer
      }
      const composed = composeReply({
        actions: plan.actions,
        vars: {
          code: issued?.code,
          expires: issued ? localizedDate(new Date(issued.expires_at), tz) : undefined,
          first_name: t.contact.profile_name ?? undefined,
        },
        faqAnswers,
        windowOpen,
        fallbackTemplate,
      })
      const source = `keyword:${plan.keyword}`
      for (const e of composed.effects) {
        // A button press (a quick reply) is the opt-out button; typed text is a keyword.
        const byButton = !!(t.message.payload as { type?: string } | null)?.type?.match(/^(button|interactive)$/)
        const keywordChange = {
          contact_id: t.contact.id,
          purpose: "marketing" as const,
          actor: { type: "customer" as const },
          detail: source,
          reference: t.message.wamid,
        }
        if (e.type === "opt_out") await whatsapp.changeConsent({ ...keywordChange, state: "revoked", source: byButton ? "opt_out_button" : "stop_keyword" })
        else if (e.type === "opt_in") await whatsapp.changeConsent({ ...keywordChange, state: "granted", source: "keyword" })
        else if (!t.contact.customer_id) continue
        else if (e.type === "add_tag") await whatsapp.segmentation().addManualTag(t.contact.customer_id, e.tag)
        else await whatsapp.segmentation().removeManualTag(t.contact.customer_id, e.tag)
      }
      reply = composed
      done = composed.done
      handover = composed.handover
    }
    const { text, template } = reply

    if (!text && !template) {
      await whatsapp.conversations().markAnswered(t.conversation.id, now, { handover })
      return new StepResponse<InboundResult>({ status: "acted", actions: done })
    }
    const outcome = await whatsapp.sendMessage({
      idempotency_key: `auto:${t.message.wamid}`,
      // A username user known by BSUID only is answered through `recipient`.
      to: t.contact.wa_id,
      user_id: t.contact.user_id,
      customer_id: t.contact.customer_id,
      source: plan.kind === "away" ? "away" : `auto_reply:${plan.rule_id}`,
      request: text
        ? { type: "text", text: { body: text } }
        : {
            type: "template",
            template: {
              name: template!.name,
              language: { code: template!.language },
              components: template!.parameters.length
                ? [{ type: "body", parameters: template!.parameters.map((p) => ({ type: "text" as const, text: p })) }]
                : [],
            },
          },
      metadata: { in_reply_to: t.message.id, code: issued?.code },
    })
    await whatsapp.conversations().markAnswered(t.conversation.id, now, { handover })
    return new StepResponse<InboundResult>({
      status: "replied",
      message_id: outcome.message.id,
      outcome: outcome.outcome,
      code: issued?.code,
      actions: done,
    })
  }
)
