import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** The order widget: each notification for this order with its message and status timeline. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const orderId = req.params.id
  const [notifications, messages] = await Promise.all([
    whatsapp.listWhatsappNotifications({ order_id: orderId }, { order: { created_at: "ASC" }, take: 100 }),
    whatsapp.listWhatsappMessages({ order_id: orderId }, { order: { created_at: "ASC" }, take: 200 }),
  ])
  const byId = new Map(messages.map((m) => [m.id, m]))
  res.json({
    notifications: notifications.map((n) => ({ ...n, message: n.message_id ? (byId.get(n.message_id) ?? null) : null })),
    messages,
  })
}
