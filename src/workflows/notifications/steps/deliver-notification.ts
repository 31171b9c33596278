import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WHATSAPP_MODULE } from "../../../modules/whatsapp"
import type WhatsappModuleService from "../../../modules/whatsapp/service"
import { backoffDelay } from "../../../modules/whatsapp/domain/errors"
import { tryNormalizePhone } from "../../../modules/whatsapp/domain/phone"
import { planNotification } from "../../../modules/whatsapp/domain/notifications"
import type { NotificationClaim } from "./claim-notification"
import type { LoadedNotificationContext, NotificationInput } from "./load-notification-context"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

/** In-process retries for retryable errors; what is still failing is left for the retry job. */
export const NOTIFICATION_SEND_ATTEMPTS = 3

export type NotificationResult =
  | { status: "duplicate"; notification_id: string }
  | { status: "skipped"; notification_id: string; reason: string }
  | { status: "sent"; notification_id: string; message_id: string }
  | { status: "failed" | "pending"; notification_id: string; message_id: string; reason: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Plans (consent, number, mapping, template status, parameters), then sends through the module
 * (idempotent on the ledger key) in the contact's order, retrying only what the error table
 * calls retryable, with backoff and jitter. Every outcome is recorded on the ledger row.
 */
export const deliverNotificationStep = createStep(
  "whatsapp-deliver-notification",
  async (
    { input, loaded, claim }: { input: NotificationInput; loaded: LoadedNotificationContext; claim: NotificationClaim },
    { container }
  ): Promise<StepResponse<NotificationResult>> => {
    if (!claim.claimed) return new StepResponse({ status: "duplicate", notification_id: claim.id })
    const whatsapp = resolveWhatsapp(container)
    const mapping = await whatsapp.notifications().mapping(input.event)
    const phone = loaded.phone ? tryNormalizePhone(loaded.phone, whatsapp.getOptions().default_region) : null
    let [contact] = phone ? await whatsapp.listWhatsappContacts({ wa_id: phone.wa_id }, { take: 1 }) : []
    // No phone on the order or customer: a username user may still be known by BSUID alone
    // (linked to this customer); the notification then goes to that `recipient`.
    if (!loaded.phone && !contact && loaded.customer_id) {
      ;[contact] = await whatsapp.listWhatsappContacts({ customer_id: loaded.customer_id, user_id: { $ne: null } } as Record<string, unknown>, { take: 1 })
    }
    const bsuid = !phone && contact?.user_id ? contact.user_id : null
    const template = mapping ? await whatsapp.findTemplate(mapping.template_name, mapping.template_language) : null
    const plan = planNotification({
      mapping,
      template,
      contact: contact ?? null,
      phone: { raw: loaded.phone, valid: !!phone, user_id: bsuid },
      ctx: loaded.ctx,
    })
    const tpl = mapping ? { template_name: mapping.template_name, template_language: mapping.template_language } : {}
    if (!plan.send) {
      await whatsapp.notifications().complete(claim.id, { status: "skipped", reason: plan.reason, ...tpl })
      return new StepResponse({ status: "skipped", notification_id: claim.id, reason: plan.reason })
    }

    const send = () =>
      whatsapp.sendMessage({
        idempotency_key: claim.key,
        to: phone?.wa_id ?? null,
        user_id: bsuid,
        customer_id: loaded.customer_id,
        order_id: loaded.order_id,
        source: `notification:${input.event}`,
        request: {
          type: "template",
          template: { name: mapping!.template_name, language: { code: mapping!.template_language }, components: plan.components },
        },
      })
    const outcome = await whatsapp.inContactOrder(phone?.wa_id ?? bsuid!, async () => {
      let last = await send()
      for (let attempt = 1; last.outcome === "failed" && last.error.classification.retryable && attempt < NOTIFICATION_SEND_ATTEMPTS; attempt++) {
        await sleep(backoffDelay(attempt - 1, { baseMs: 300, maxMs: 5000 }))
        last = await send()
      }
      return last
    })

    if (outcome.outcome === "failed") {
      const reason = `${outcome.error.code ?? "error"}: ${outcome.error.classification.title}${outcome.error.details ? ` — ${outcome.error.details}` : ""}`
      const status = outcome.error.classification.retryable ? "pending" : "failed"
      await whatsapp.notifications().complete(claim.id, { status, reason, message_id: outcome.message.id, ...tpl })
      return new StepResponse({ status, notification_id: claim.id, message_id: outcome.message.id, reason })
    }
    await whatsapp.notifications().complete(claim.id, { status: "sent", message_id: outcome.message.id, ...tpl })
    return new StepResponse({ status: "sent", notification_id: claim.id, message_id: outcome.message.id })
  }
)
