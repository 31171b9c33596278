import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { NotificationContext, NotificationEvent } from "../../../modules/whatsapp/domain/notifications"
import { WHATSAPP_MODULE } from "../../../modules/whatsapp"
import type WhatsappModuleService from "../../../modules/whatsapp/service"
import { syncCustomerContact } from "../../../lib/customer-contact"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

export interface NotificationInput {
  event: NotificationEvent
  /** The id the event carries (order, payment, fulfillment or customer). */
  resource_id: string
  order_id?: string
  fulfillment_id?: string
  /** The event's own "don't notify" flag: the skip is recorded with its reason, not dropped silently. */
  no_notification?: boolean
}

export interface LoadedNotificationContext {
  ctx: NotificationContext
  order_id: string | null
  customer_id: string | null
  phone: string | null
}

export const ORDER_FIELDS = [
  "id",
  "display_id",
  "currency_code",
  "total",
  "no_notification",
  "metadata",
  "items.quantity",
  "customer.id",
  "customer.first_name",
  "customer.last_name",
  "customer.email",
  "customer.phone",
  "customer.metadata",
  "shipping_address.first_name",
  "shipping_address.last_name",
  "shipping_address.phone",
]

/** Loads what the template parameters need, whichever event it was. */
export const loadNotificationContextStep = createStep(
  "whatsapp-load-notification-context",
  async (input: NotificationInput, { container }): Promise<StepResponse<LoadedNotificationContext>> => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const whatsapp = resolveWhatsapp(container)
    const one = async (entity: string, id: string, fields: string[]) => (await query.graph({ entity, fields, filters: { id } })).data[0] as any

    let orderId: string | null = input.order_id ?? null
    let fulfillment: any = null
    if (input.event === "payment.captured") {
      const payment = await one("payment", input.resource_id, ["id", "payment_collection.order.id"])
      orderId = payment?.payment_collection?.order?.id ?? null
    } else if (input.event === "shipment.created" || input.event === "delivery.created" || input.event === "order.fulfillment_created") {
      const fid = input.fulfillment_id ?? input.resource_id
      fulfillment = await one("fulfillment", fid, ["id", "labels.tracking_number", "labels.tracking_url", "order.id"])
      orderId = orderId ?? fulfillment?.order?.id ?? null
    } else if (input.event.startsWith("order.")) {
      orderId = input.resource_id
    }

    const order = orderId ? await one("order", orderId, ORDER_FIELDS) : null
    const customer =
      order?.customer ??
      (input.event === "customer.created" ? await one("customer", input.resource_id, ["id", "first_name", "last_name", "email", "phone", "metadata"]) : null)
    // A guest may have left a phone on the shipping address only.
    const phone = customer?.phone || order?.shipping_address?.phone || null
    if (customer?.id) await syncCustomerContact(container, customer, phone, order?.metadata)

    const label = fulfillment?.labels?.[0]
    const ctx: NotificationContext = {
      store_name: whatsapp.getOptions().store_name ?? null,
      customer: customer
        ? { ...customer, first_name: customer.first_name || order?.shipping_address?.first_name || null }
        : order?.shipping_address
          ? { id: "", first_name: order.shipping_address.first_name, last_name: order.shipping_address.last_name }
          : null,
      order: order
        ? {
            id: order.id,
            display_id: order.display_id,
            currency_code: order.currency_code,
            total: order.total?.numeric ?? order.total,
            item_count: (order.items ?? []).reduce((n: number, i: any) => n + Number(i.quantity ?? 0), 0),
            no_notification: order.no_notification ?? null,
          }
        : null,
      fulfillment: fulfillment ? { id: fulfillment.id, tracking_number: label?.tracking_number, tracking_url: label?.tracking_url } : null,
      event_no_notification: input.no_notification ?? null,
    }
    return new StepResponse({ ctx, order_id: order?.id ?? null, customer_id: customer?.id ?? null, phone })
  }
)
