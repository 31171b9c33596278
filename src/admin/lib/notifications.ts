/**
 * Event notifications and message templates: response shapes of the plugin's admin API
 * (src/api/admin/whatsapp/{orders,messages,notifications,templates}), their labels, and the
 * react-query hooks the order widget and the templates page use.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"
import type {
  NotificationEvent,
  NotificationMapping as SharedNotificationMapping,
  ParameterMapping as SharedParameterMapping,
} from "../../shared/notifications"
import type { TemplateCategory, TemplateComponent, TemplateStatus } from "../../shared/templates"
import type { WhatsappMessage } from "./types"

export type { NotificationEvent, ParameterComponent } from "../../shared/notifications"
export type { TemplateButton, TemplateButtonType, TemplateCategory, TemplateStatus } from "../../shared/templates"

// ------------------------------------------------------------------ types

export type NotificationStatus = "pending" | "sent" | "skipped" | "failed"

/** A message as linked from a notification: the full row, which has a few fields the customer widget does not read. */
export type NotificationMessage = WhatsappMessage & {
  wa_id: string
  attempts: number
  metadata?: { resend_of?: string; [key: string]: unknown } | null
}

export interface WhatsappNotification {
  id: string
  event: NotificationEvent | string
  resource_id: string
  status: NotificationStatus
  /** "no_consent: …", "132001: Template does not exist — …"; null when sent. */
  reason: string | null
  template_name: string | null
  template_language: string | null
  message_id: string | null
  created_at: string
  updated_at: string
  message: NotificationMessage | null
}

/** GET /admin/whatsapp/orders/:id — both oldest first. */
export interface OrderWhatsappResponse {
  notifications: WhatsappNotification[]
  messages: NotificationMessage[]
}

/** POST /admin/whatsapp/messages/:id/resend */
export interface ResendResponse {
  outcome: "sent" | "duplicate" | "failed"
  message: NotificationMessage
  error: { code: number | null; title: string; details: string | null } | null
}

/** A parameter mapping as the API returns it (the source read back as any string). */
export type ParameterMapping = SharedParameterMapping<string>

/** POST /admin/whatsapp/notifications/mappings body */
export type NotificationMapping = SharedNotificationMapping<string>

export interface NotificationMappingWithStatus extends NotificationMapping {
  template_status: TemplateStatus | null
  template_category: TemplateCategory | null
  /** Why messages for this event would not go out as configured; null when all is well. */
  problem: string | null
}

/** GET /admin/whatsapp/notifications/mappings */
export interface MappingsResponse {
  mappings: NotificationMappingWithStatus[]
  parameter_sources: string[]
}

/** A template's HEADER / BODY / FOOTER / BUTTONS component as Meta defines it. */
export type TemplateDefinitionComponent = TemplateComponent

export interface WhatsappTemplate {
  id: string
  name: string
  language: string
  category: TemplateCategory | string
  status: TemplateStatus | string
  components: TemplateDefinitionComponent[] | null
  parameter_format: "POSITIONAL" | "NAMED" | null
  /** GREEN | YELLOW | RED | UNKNOWN */
  quality_score: string | null
  rejected_reason: string | null
  synced_at: string | null
  /** Events whose mapping uses this template. */
  used_by: NotificationEvent[]
}

/** GET /admin/whatsapp/templates */
export interface TemplatesResponse {
  templates: WhatsappTemplate[]
}

/** POST /admin/whatsapp/templates/sync */
export interface SyncTemplatesResponse {
  synced: number
  removed: number
}

/** POST /admin/whatsapp/templates and /templates/lint body */
export interface CreateTemplatePayload {
  name: string
  language: string
  category: TemplateCategory
  parameter_format?: "POSITIONAL" | "NAMED"
  components: TemplateDefinitionComponent[]
  force?: boolean
}

export interface LintFinding {
  rule: string
  component: "name" | "HEADER" | "BODY" | "FOOTER" | "BUTTONS" | "category"
  message: string
  fix: string
}

export interface LintResponse {
  findings: LintFinding[]
}

export interface CreateTemplateResponse {
  template: WhatsappTemplate
  findings: LintFinding[]
}

/** The create endpoint refused the template because the linter flagged it (submit with `force` to override). */
export class TemplateLintError extends Error {
  constructor(
    message: string,
    readonly findings: LintFinding[]
  ) {
    super(message)
    this.name = "TemplateLintError"
  }
}

// ------------------------------------------------------------------ labels

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  "order.placed": "Order placed",
  "order.canceled": "Order canceled",
  "order.completed": "Order completed",
  "payment.captured": "Payment captured",
  "order.fulfillment_created": "Order packed",
  "shipment.created": "Order shipped",
  "delivery.created": "Order delivered",
  "customer.created": "Welcome (new customer)",
}

export function eventLabel(event: string): string {
  if (event in EVENT_LABELS) return EVENT_LABELS[event as NotificationEvent]
  const words = event.replace(/[._]+/g, " ")
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  pending: "Pending",
  sent: "Sent",
  skipped: "Skipped",
  failed: "Failed",
}

export const NOTIFICATION_STATUS_COLORS: Record<NotificationStatus, "green" | "orange" | "grey" | "red"> = {
  pending: "orange",
  sent: "green",
  skipped: "grey",
  failed: "red",
}

const REASON_TITLES: Record<string, string> = {
  no_mapping: "No template mapped",
  disabled: "Notification turned off",
  no_phone: "No phone number",
  invalid_phone: "Invalid phone number",
  no_consent: "No WhatsApp opt-in",
  template_missing: "Template missing",
  template_not_approved: "Template not approved",
  missing_data: "Missing data",
}

/** "no_consent: the customer has …" → { code: "no_consent", title: "No WhatsApp opt-in", text: "The customer has …" } */
export function describeReason(reason: string): { code: string | null; title: string | null; text: string } {
  const match = /^([a-z_]+|\d+|error):\s*(.*)$/s.exec(reason.trim())
  if (!match) return { code: null, title: null, text: reason }
  const [, code, rest] = match
  const text = rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : reason
  return { code, title: REASON_TITLES[code] ?? null, text }
}

export const TEMPLATE_STATUS_COLORS: Record<string, "green" | "orange" | "red" | "grey" | "blue"> = {
  APPROVED: "green",
  PENDING: "orange",
  IN_APPEAL: "orange",
  PAUSED: "orange",
  LIMIT_EXCEEDED: "orange",
  REJECTED: "red",
  DISABLED: "red",
  PENDING_DELETION: "grey",
  DELETED: "grey",
}

export const QUALITY_LABELS: Record<string, { label: string; color: "green" | "orange" | "red" | "grey" }> = {
  GREEN: { label: "High", color: "green" },
  YELLOW: { label: "Medium", color: "orange" },
  RED: { label: "Low", color: "red" },
  UNKNOWN: { label: "Not rated yet", color: "grey" },
}

/** "customer.first_name" → "Customer first name" */
export function sourceLabel(source: string): string {
  const words = source.replace(/[._]+/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

// ------------------------------------------------------------------ hooks

export const notificationQueryKeys = {
  order: (orderId: string) => ["whatsapp", "order", orderId] as const,
  templates: () => ["whatsapp", "templates"] as const,
  mappings: () => ["whatsapp", "mappings"] as const,
  lint: (payload: CreateTemplatePayload | null) => ["whatsapp", "template-lint", payload] as const,
}

export function useOrderWhatsapp(orderId: string) {
  return useQuery({
    queryKey: notificationQueryKeys.order(orderId),
    queryFn: () => sdk.client.fetch<OrderWhatsappResponse>(`/admin/whatsapp/orders/${encodeURIComponent(orderId)}`),
    enabled: !!orderId,
  })
}

export function useResendMessage(orderId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (messageId: string) => sdk.client.fetch<ResendResponse>(`/admin/whatsapp/messages/${encodeURIComponent(messageId)}/resend`, { method: "POST" }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: notificationQueryKeys.order(orderId) }),
        // The customer widget lists the same messages.
        queryClient.invalidateQueries({ queryKey: ["whatsapp", "customer"] }),
      ]),
  })
}

export function useTemplates() {
  return useQuery({
    queryKey: notificationQueryKeys.templates(),
    queryFn: () => sdk.client.fetch<TemplatesResponse>("/admin/whatsapp/templates"),
  })
}

/** Templates and mappings go stale together: `used_by` and `problem` depend on both. */
function useInvalidateTemplatesAndMappings() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: notificationQueryKeys.templates() }),
      queryClient.invalidateQueries({ queryKey: notificationQueryKeys.mappings() }),
    ])
}

export function useSyncTemplates() {
  const invalidate = useInvalidateTemplatesAndMappings()
  return useMutation({
    mutationFn: () => sdk.client.fetch<SyncTemplatesResponse>("/admin/whatsapp/templates/sync", { method: "POST" }),
    onSuccess: invalidate,
  })
}

export function useNotificationMappings() {
  return useQuery({
    queryKey: notificationQueryKeys.mappings(),
    queryFn: () => sdk.client.fetch<MappingsResponse>("/admin/whatsapp/notifications/mappings"),
  })
}

export function useSaveMapping() {
  const invalidate = useInvalidateTemplatesAndMappings()
  return useMutation({
    mutationFn: (mapping: NotificationMapping) =>
      sdk.client.fetch<{ mapping: NotificationMapping }>("/admin/whatsapp/notifications/mappings", {
        method: "POST",
        body: mapping,
      }),
    onSuccess: invalidate,
  })
}

function lintTemplate(payload: CreateTemplatePayload) {
  return sdk.client.fetch<LintResponse>("/admin/whatsapp/templates/lint", { method: "POST", body: payload })
}

/** Lint findings for a (debounced) draft; null skips linting. Keeps the last findings while a new check runs. */
export function useTemplateLint(payload: CreateTemplatePayload | null) {
  return useQuery({
    queryKey: notificationQueryKeys.lint(payload),
    queryFn: () => lintTemplate(payload!),
    enabled: !!payload,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  })
}

/**
 * Submits a template. When the linter blocks it, throws a TemplateLintError with the findings
 * (the SDK's FetchError keeps only the message of a 400, so the findings are fetched from /lint).
 */
export function useCreateTemplate() {
  const invalidate = useInvalidateTemplatesAndMappings()
  return useMutation({
    mutationFn: async (payload: CreateTemplatePayload) => {
      try {
        return await sdk.client.fetch<CreateTemplateResponse>("/admin/whatsapp/templates", { method: "POST", body: payload })
      } catch (error) {
        const status = (error as { status?: number }).status
        if (status !== 400 || payload.force) throw error
        const { force: _force, ...draft } = payload
        const findings = await lintTemplate(draft).then(
          (r) => r.findings,
          () => []
        )
        if (findings.length) throw new TemplateLintError((error as Error).message, findings)
        throw error
      }
    },
    onSuccess: invalidate,
  })
}
