import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { WHATSAPP_MODULE } from "../../modules/whatsapp"
import type WhatsappModuleService from "../../modules/whatsapp/service"
import { isWithinHours, matchRule, type KeywordRule } from "../../modules/whatsapp/domain/keywords"
import {
  AUTO_REPLY_SETTINGS_KEY,
  CAMPAIGN_CODE_REPLY,
  DEFAULT_AUTO_REPLY_SETTINGS,
  fillReply,
  type AutoReplySettings,
  type ReplyAction,
} from "../../modules/whatsapp/conversations/defaults"
import { resolveWhatsapp } from "../../modules/whatsapp/resolve"

export interface InboundInput {
  /** Our whatsapp_message id of the inbound message. */
  id: string
}

interface Tracked {
  message: any
  contact: any
  conversation: any
  settings: AutoReplySettings
  now: string
}

/** Opens the conversation (starts the waiting clock) and loads what the rules need. */
const trackInboundStep = createStep("whatsapp-track-inbound", async (input: InboundInput, { container }) => {
  const whatsapp = resolveWhatsapp(container)
  const message = await whatsapp.retrieveWhatsappMessage(input.id)
  const contact = await whatsapp.retrieveWhatsappContact(message.contact_id!)
  const conversation = await whatsapp.trackInbound(contact.id, contact.customer_id, new Date(message.received_at ?? message.created_at))
  const settings = await whatsapp.getSetting<AutoReplySettings>(AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS)
  return new StepResponse<Tracked>({ message, contact, conversation, settings, now: whatsapp.now().toISOString() })
})

type Plan =
  | { kind: "none"; reason: string }
  | { kind: "away" }
  | { kind: "rule"; rule_id: string; campaign_id: string | null; keyword: string; actions: ReplyAction[] }

/** Pure decision: which rule (if any) answers, or the away message. */
const planReplyStep = createStep("whatsapp-plan-auto-reply", async (t: Tracked, { container }) => {
  const whatsapp = resolveWhatsapp(container)
  if (t.conversation.handover) return new StepResponse<Plan>({ kind: "none", reason: "handover: a person is handling this conversation" })
  const tz = whatsapp.getOptions().store_timezone
  const now = new Date(t.now)
  const rules = (await whatsapp.listWhatsappReplyRules({ enabled: true }, { take: 500, order: { priority: "ASC" } })) as unknown as (KeywordRule & {
    actions: ReplyAction[]
    campaign_id: string | null
  })[]
  const payload = t.message.payload?.button?.payload ?? t.message.payload?.interactive?.button_reply?.id ?? null
  // A reply to a campaign message (its quick-reply button, or text typed in answer) belongs to
  // that campaign: the code it earns is the campaign's, and the campaign counts the reply.
  const replyTo = t.message.context_wamid ? await whatsapp.findCampaignOfMessage(t.message.context_wamid) : null
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

interface IssuedCode {
  code: string
  expires_at: string
  created: boolean
  promotion_id: string
}

type Created = { promotion_id: string; code: string }

const randomCode = () => {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I: codes are typed by hand
  let s = ""
  for (let i = 0; i < 8; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return `WA-${s}`
}

/**
 * A real Medusa promotion: one use, this customer only (when known), expiring. The same contact
 * asking again gets the same still-valid code; the (contact, scope) slot is reserved before the
 * promotion is created. Compensation removes a promotion created here.
 */
const issueDiscountStep = createStep(
  "whatsapp-issue-discount",
  async ({ t, plan }: { t: Tracked; plan: Plan }, { container }) => {
    if (plan.kind !== "rule" || !plan.actions.some((a) => a.type === "issue_discount")) {
      return new StepResponse<IssuedCode | null, Created | null>(null, null)
    }
    const whatsapp = resolveWhatsapp(container)
    const scope = plan.campaign_id ?? "store"
    const asIssued = (r: any, created: boolean): IssuedCode => ({
      code: r.code,
      expires_at: new Date(r.expires_at).toISOString(),
      created,
      promotion_id: r.promotion_id,
    })
    const existing = await whatsapp.findValidDiscountCode(t.contact.id, scope)
    let issued: IssuedCode
    if (existing) {
      issued = asIssued(existing, false)
    } else {
      const d = t.settings.discount
      const expires = new Date(new Date(t.now).getTime() + d.expiry_days * 86_400_000)
      const reserved = await whatsapp.reserveDiscountCode({
        contact_id: t.contact.id,
        customer_id: t.contact.customer_id,
        rule_id: plan.rule_id,
        scope,
        campaign_id: plan.campaign_id,
        code: randomCode(),
        expires_at: expires,
      })
      if (!reserved) {
        // Another request is issuing this contact's code right now: use theirs once it exists.
        // Up to 15 s: creating the promotion is a Medusa workflow that a busy server can take
        // seconds over, and failing here would leave this request without its code.
        let theirs = null
        for (const deadline = Date.now() + 15_000; !theirs && Date.now() < deadline; ) {
          await new Promise((r) => setTimeout(r, 50))
          theirs = await whatsapp.findValidDiscountCode(t.contact.id, scope)
        }
        if (!theirs) throw new Error(`discount code for contact ${t.contact.id} is being issued elsewhere and did not appear`)
        issued = asIssued(theirs, false)
      } else {
        let promotionId: string
        try {
          const { result } = await createPromotionsWorkflow(container).run({
            input: {
              promotionsData: [
                {
                  code: reserved.code,
                  type: "standard",
                  status: "active",
                  is_automatic: false,
                  limit: 1,
                  application_method: {
                    type: d.type,
                    target_type: "order",
                    allocation: "across",
                    value: d.value,
                    ...(d.type === "fixed" ? { currency_code: d.currency_code } : {}),
                  },
                  rules: t.contact.customer_id ? [{ attribute: "customer_id", operator: "eq", values: [t.contact.customer_id] }] : [],
                  campaign: {
                    name: `WhatsApp ${reserved.code}`,
                    campaign_identifier: reserved.code,
                    ends_at: expires,
                    budget: { type: "usage", limit: 1 },
                  },
                  metadata: { source: "whatsapp", contact_id: t.contact.id, rule_id: plan.rule_id },
                } as any,
              ],
            },
          })
          promotionId = result[0].id
        } catch (e) {
          await whatsapp.releaseDiscountCode(reserved.id)
          throw e
        }
        await whatsapp.completeDiscountCode(reserved.id, promotionId)
        issued = asIssued({ ...reserved, promotion_id: promotionId }, true)
      }
    }
    return new StepResponse<IssuedCode | null, Created | null>(issued, issued.created ? { promotion_id: issued.promotion_id, code: issued.code } : null)
  },
  async (created: Created | null, { container }) => {
    if (!created) return
    await container.resolve(Modules.PROMOTION).deletePromotions([created.promotion_id])
    const whatsapp = resolveWhatsapp(container)
    const [row] = await whatsapp.listWhatsappDiscountCodes({ code: created.code })
    if (row) await whatsapp.deleteWhatsappDiscountCodes([row.id])
  }
)

export type InboundResult =
  | { status: "ignored"; reason: string }
  | { status: "replied"; message_id: string; outcome: string; code?: string; actions: string[] }
  | { status: "acted"; actions: string[] }

/**
 * Runs the plan: consent, tags, handover, then one reply — keyed by the inbound wamid, so a
 * duplicated webhook can never produce a second reply. Free-form text needs the 24 h window;
 * outside it the rule's template (or the fallback template) is sent instead.
 */
const replyStep = createStep(
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

/** An inbound customer message → tracked conversation → at most one automatic answer. */
export const handleInboundMessageWorkflow = createWorkflow("whatsapp-handle-inbound-message", (input: InboundInput) => {
  const t = trackInboundStep(input)
  const plan = planReplyStep(t)
  const issued = issueDiscountStep({ t, plan })
  const result = replyStep({ t, plan, issued })
  return new WorkflowResponse(result)
})
