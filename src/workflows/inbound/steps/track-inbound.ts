import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS, type AutoReplySettings } from "../../../modules/whatsapp/conversations/defaults"
import { waitingClockStart } from "../../../modules/whatsapp/domain/window"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { InboundInput, Tracked } from "../types"

/** Opens the conversation (starts the waiting clock) and loads what the rules need. */
export const trackInboundStep = createStep("whatsapp-track-inbound", async (input: InboundInput, { container }) => {
  const whatsapp = resolveWhatsapp(container)
  const message = await whatsapp.retrieveWhatsappMessage(input.id)
  const contact = await whatsapp.retrieveWhatsappContact(message.contact_id!)
  const at = waitingClockStart(message.received_at, message.created_at)
  const conversation = await whatsapp.conversations().trackInbound(contact.id, contact.customer_id, at, message.phone_number_id ?? null)
  const settings = await whatsapp.getSetting<AutoReplySettings>(AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS)
  return new StepResponse<Tracked>({ message, contact, conversation, settings, now: whatsapp.now().toISOString() })
})
