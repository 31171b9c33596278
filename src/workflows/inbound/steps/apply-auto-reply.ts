import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { fillReply } from "../../../modules/whatsapp/conversations/defaults"
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

    let text: string | null = null
    let template: { name: string; language: string; parameters: string[] } | null = null
    const done: string[] = []
    let handover = false
    let awayDay: string

    if (plan.kind === "away") {
      // The store's local date: at most one away message per conversation per day.
      awayDay = new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(now)
      if (!(await whatsapp.claimAwayMessage(t.conversation.id, awayDay))) {
        return new StepResponse<InboundResult>({ status: "ignored", reason: "away message already sent today" })
      }
      text = t.settings.away_message
      done.push("away")
    } else {
      const vars = {
        code: issued?.code,
        expires: issued ? new Date(issued.expires_at).toLocaleDateString("th-TH", { timeZone: tz, dateStyle: "medium" }) : undefined,
        first_name: t.contact.profile_name ?? undefined,
      }
      for (const a of plan.actions) {
        switch (a.type) {
          case "opt_out":
            await whatsapp.setConsent(t.contact.id, "marketing", "revoked", `keyword:${plan.keyword}`)
            break
          case "opt_in":
            await whatsapp.setConsent(t.contact.id, "marketing", "granted", `keyword:${plan.keyword}`)
            break
          case "add_tag":
            if (t.contact.customer_id) await whatsapp.addManualCustomerTag(t.contact.customer_id, a.tag)
            break
          case "remove_tag":
            if (t.contact.customer_id) await whatsapp.removeManualCustomerTag(t.contact.customer_id, a.tag)
            break
          case "handover":
            handover = true
            break
          case "faq": {
            const [faq] = await whatsapp.listWhatsappFaqs({ title: a.faq_title }, { take: 1 })
            if (faq) text = [text, faq.answer].filter(Boolean).join("\n\n")
            break
          }
          case "reply_text":
            text = [text, fillReply(a.text, vars)].filter(Boolean).join("\n\n")
            break
          case "reply_template":
            template = { name: a.template_name, language: a.language, parameters: (a.parameters ?? []).map((p) => fillReply(p, vars)) }
            break
        }
        done.push(a.type)
      }
    }

    // Free-form only inside the customer-service window; otherwise a template or nothing.
    const windowOpen = whatsapp.isWindowOpen({ last_inbound_at: t.contact.last_inbound_at }, now)
    if (text && !windowOpen) {
      const fb = template ?? (t.settings.fallback_template ? { ...t.settings.fallback_template, parameters: [] } : null)
      text = null
      template = fb
    }
    if (!text && !template) {
      await whatsapp.markAnswered(t.conversation.id, now, { handover })
      return new StepResponse<InboundResult>({ status: "acted", actions: done })
    }
    const outcome = await whatsapp.sendMessage({
      idempotency_key: `auto:${t.message.wamid}`,
      to: t.contact.wa_id,
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
    await whatsapp.markAnswered(t.conversation.id, now, { handover })
    return new StepResponse<InboundResult>({
      status: "replied",
      message_id: outcome.message.id,
      outcome: outcome.outcome,
      code: issued?.code,
      actions: done,
    })
  }
)
