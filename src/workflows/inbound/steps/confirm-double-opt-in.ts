import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isConfirmation } from "../../../modules/whatsapp/consent/domain/consent"
import { CONFIRMED_REPLY, confirmedReplyLanguage } from "../../../modules/whatsapp/consent/domain/store"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { OptInConfirmation, Tracked } from "../types"
import { buttonPayload } from "./plan-reply"

/**
 * Before any reply rule: a YES (typed, or the confirmation's button) from a contact with a pending
 * double opt-in grants marketing (source double_opt_in) and is answered with a short confirmation,
 * so it never reaches the discount "YES" rule. An expired request lapses here and the YES goes on
 * to the rules. No compensation: the customer's confirmation stands even if a later step fails.
 */
export const confirmDoubleOptInStep = createStep("whatsapp-confirm-double-opt-in", async (t: Tracked, { container }) => {
  const whatsapp = resolveWhatsapp(container)
  const payload = buttonPayload(t.message.payload)
  const none = new StepResponse<OptInConfirmation>({ confirmed: false })
  if (!isConfirmation(t.message.text, payload)) return none
  if (!(await whatsapp.pendingDoubleOptIn(t.contact.id))) return none
  const now = new Date(t.now)
  const confirmed = await whatsapp.confirmDoubleOptIn(t.contact.id, t.message.wamid ?? t.message.id, now)
  if (!confirmed) return none
  // A button press answers in the language of the confirmation it was pressed on.
  const asked = confirmed.request.message_id ? await whatsapp.retrieveWhatsappMessage(confirmed.request.message_id).catch(() => null) : null
  const language = confirmedReplyLanguage(t.message.text, !!payload, asked?.template_language)
  const outcome = await whatsapp.sendMessage({
    // The auto-reply's key: this message gets one answer, whichever step sends it.
    idempotency_key: `auto:${t.message.wamid}`,
    to: t.contact.wa_id,
    user_id: t.contact.user_id,
    customer_id: t.contact.customer_id,
    source: "consent_confirmed",
    request: { type: "text", text: { body: CONFIRMED_REPLY[language] } },
    metadata: { in_reply_to: t.message.id, consent_request_id: confirmed.request.id },
  })
  await whatsapp.conversations().markAnswered(t.conversation.id, now, { handover: false })
  return new StepResponse<OptInConfirmation>({
    confirmed: true,
    request_id: confirmed.request.id,
    event_id: confirmed.event_id,
    message_id: outcome.message.id,
    outcome: outcome.outcome,
  })
})
