/**
 * Event → template notifications: the events, the data a template parameter can be filled from,
 * and a mapping as the admin API stores it. Shared by the server (domain/notifications.ts
 * re-exports them) and the admin dashboard. Browser-safe: no imports (see shared/templates.ts).
 */

export const NOTIFICATION_EVENTS = [
  "order.placed",
  "order.canceled",
  "order.completed",
  "payment.captured",
  "order.fulfillment_created",
  "shipment.created",
  "delivery.created",
  "customer.created",
] as const
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]

export const PARAMETER_SOURCES = [
  "customer.first_name",
  "customer.last_name",
  "customer.full_name",
  "order.display_id",
  "order.total",
  "order.item_count",
  "fulfillment.tracking_number",
  "fulfillment.tracking_url",
  "store.name",
] as const
export type ParameterSource = (typeof PARAMETER_SOURCES)[number]

export type ParameterComponent = "header" | "body" | "button"

/** `Source` is a ParameterSource on the server; the dashboard reads it back as any string. */
export interface ParameterMapping<Source extends string = ParameterSource> {
  /** Which template component the value fills; buttons need their index (URL buttons). */
  component: ParameterComponent
  index?: number
  source: Source
  /** Used when the source is empty (e.g. a customer with no first name). */
  fallback?: string
  /** For templates with named parameters. */
  parameter_name?: string
}

export interface NotificationMapping<Source extends string = ParameterSource> {
  event: NotificationEvent
  enabled: boolean
  template_name: string
  template_language: string
  parameters: ParameterMapping<Source>[]
}
