import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import type { ConversationUpdateBody } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** The chat with what sits beside it: tags, RFM segment, recent orders. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const [conversation] = await whatsapp.listWhatsappConversations({ id: req.params.id }, { take: 1 })
  if (!conversation) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Conversation ${req.params.id} not found`)
  const contact = await whatsapp.retrieveWhatsappContact(conversation.contact_id)
  const messages = await whatsapp.listWhatsappMessages({ contact_id: contact.id }, { take: 100, order: { created_at: "DESC" } })
  let tags: unknown[] = []
  let orders: unknown[] = []
  let metrics: unknown = null
  if (contact.customer_id) {
    const links = await whatsapp.listWhatsappCustomerTags({ customer_id: contact.customer_id }, { relations: ["tag"] })
    tags = links.map((l: any) => ({ name: l.tag.name, kind: l.tag.kind, source: l.source }))
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "display_id", "status", "total", "currency_code", "created_at"],
      filters: { customer_id: contact.customer_id },
      pagination: { take: 5, order: { created_at: "DESC" } },
    })
    orders = data
    const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const m = await pg.raw(`SELECT * FROM whatsapp_customer_metric WHERE customer_id = ? LIMIT 1`, [contact.customer_id]).catch(() => null)
    metrics = m?.rows?.[0] ?? null
  }
  res.json({
    conversation,
    contact,
    window_open: whatsapp.isWindowOpen(contact, whatsapp.now()),
    messages: messages.reverse(),
    tags,
    metrics,
    orders,
  })
}

/** Assign, hand over, resolve. Resolving hands the conversation back to the rules. */
export async function POST(req: AuthenticatedMedusaRequest<ConversationUpdateBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const conversation = await whatsapp.conversations().setState(req.params.id, req.validatedBody)
  if (!conversation) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Conversation ${req.params.id} not found`)
  res.json({ conversation })
}
