import { randomUUID } from "node:crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"
import type { AgentReplyBody } from "../../validators"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"

/** An agent answers: free-form only inside the 24 h window, an approved template outside it. */
export async function POST(req: AuthenticatedMedusaRequest<AgentReplyBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const [conversation] = await whatsapp.listWhatsappConversations({ id: req.params.id }, { take: 1 })
  if (!conversation) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Conversation ${req.params.id} not found`)
  const contact = await whatsapp.retrieveWhatsappContact(conversation.contact_id)
  const now = whatsapp.now()
  const body = req.validatedBody
  if (body.text && !whatsapp.isWindowOpen(contact, now)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The customer's 24-hour window is closed: WhatsApp only allows an approved template now")
  }
  if (body.template) {
    const t = await whatsapp.findTemplate(body.template.name, body.template.language)
    if (!t || t.status !== "APPROVED") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Template ${body.template.name} (${body.template.language}) is not approved`)
    }
  }
  const outcome = await whatsapp.sendMessage({
    idempotency_key: (req.headers["idempotency-key"] as string) ?? `agent:${randomUUID()}`,
    // A username user may be known by BSUID only: the sender then addresses `recipient`.
    to: contact.wa_id,
    user_id: contact.user_id,
    customer_id: contact.customer_id,
    source: `agent:${req.auth_context.actor_id}`,
    request: body.text
      ? { type: "text", text: { body: body.text } }
      : {
          type: "template",
          template: {
            name: body.template!.name,
            language: { code: body.template!.language },
            components: body.template!.parameters.length
              ? [{ type: "body", parameters: body.template!.parameters.map((text) => ({ type: "text" as const, text })) }]
              : [],
          },
        },
  })
  if (outcome.outcome === "failed") {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `WhatsApp refused the message: ${outcome.error.message}`)
  }
  const updated = await whatsapp.conversations().markAnswered(conversation.id, now)
  res.json({ message: outcome.message, conversation: updated })
}
