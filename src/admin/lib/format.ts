import { useEffect, useState } from "react"
import type { ConsentState, MessageStatus, TemplateComponent, WhatsappMessage } from "./types"

type Instant = string | Date | null | undefined

export const WINDOW_MS = 24 * 60 * 60 * 1000

export function toDate(value: Instant): Date | null {
  if (!value) return null
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" })
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" })
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })

/** "25 Nov 2026, 16:48" */
export function formatDateTime(value: Instant): string {
  const date = toDate(value)
  return date ? dateTimeFormat.format(date) : "-"
}

/** "25 Nov 2026" */
export function formatDate(value: Instant): string {
  const date = toDate(value)
  return date ? dateFormat.format(date) : "-"
}

/** Compact: "16:48" today, "25 Nov, 16:48" otherwise. */
export function formatShortTime(value: Instant, now = new Date()): string {
  const date = toDate(value)
  if (!date) return "-"
  return date.toDateString() === now.toDateString() ? timeFormat.format(date) : dayTimeFormat.format(date)
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
]

/** "3 hours ago", "in 5 hours", "now" */
export function formatRelative(value: Instant, now = new Date()): string {
  const date = toDate(value)
  if (!date) return "-"
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000)
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit)
  }
  return relativeFormat.format(0, "second")
}

/** Re-renders every `intervalMs` so relative times and the 24 h window stay current. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

/** wa_id is E.164 without the plus. */
export function formatWaId(waId: string): string {
  return waId.startsWith("+") ? waId : `+${waId}`
}

/**
 * What stands where a phone would: the phone, else the @username, else the business-scoped user
 * id (a WhatsApp username user may be known by BSUID only). Mirrors domain/identity.ts's
 * displayIdentity, which the admin bundle does not import.
 */
export function formatIdentity(c: { wa_id?: string | null; username?: string | null; user_id?: string | null }): string {
  if (c.wa_id) return formatWaId(c.wa_id)
  if (c.username) return `@${c.username}`
  return c.user_id ?? "Unknown"
}

export function windowClosesAt(lastInboundAt: Instant): Date | null {
  const date = toDate(lastInboundAt)
  return date ? new Date(date.getTime() + WINDOW_MS) : null
}

export const CONSENT_LABELS: Record<ConsentState, string> = {
  granted: "Granted",
  revoked: "Revoked",
  unknown: "Not recorded",
}

export const CONSENT_COLORS: Record<ConsentState, "green" | "red" | "grey"> = {
  granted: "green",
  revoked: "red",
  unknown: "grey",
}

/** Where a consent decision came from, in words. Raw value stays available for a tooltip. */
export function describeConsentSource(source: string | null): string | null {
  if (!source) return null
  if (source.startsWith("admin:")) return "Set by an admin"
  if (source === "admin") return "Set by an admin"
  if (source === "user_preferences") return "Customer's WhatsApp preferences"
  if (source.startsWith("whatsapp_error_131050")) return "Customer stopped marketing messages"
  const words = source.replace(/[_:-]+/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export const STATUS_LABELS: Record<MessageStatus, string> = {
  pending: "Pending",
  accepted: "Accepted",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Failed",
  received: "Received",
}

export const STATUS_COLORS: Record<MessageStatus, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  pending: "orange",
  accepted: "grey",
  sent: "grey",
  delivered: "blue",
  read: "green",
  failed: "red",
  received: "grey",
}

/** Each status a message went through, in order, with its time. */
export function statusTimeline(message: WhatsappMessage): { status: MessageStatus; at: string }[] {
  const steps: [MessageStatus, string | null][] =
    message.direction === "inbound"
      ? [["received", message.received_at ?? message.created_at]]
      : [
          ["accepted", message.accepted_at],
          ["sent", message.sent_at],
          ["delivered", message.delivered_at],
          ["read", message.read_at],
          ["failed", message.failed_at],
        ]
  return steps.filter((s): s is [MessageStatus, string] => !!s[1]).map(([status, at]) => ({ status, at }))
}

/** The values a template was filled with, in order ("Ana", "#1001", …). */
export function templateParameterValues(parameters: WhatsappMessage["template_parameters"]): string[] {
  if (!parameters) return []
  if (!Array.isArray(parameters)) {
    return Object.values(parameters).map((v) => (typeof v === "string" ? v : JSON.stringify(v)))
  }
  const values: string[] = []
  for (const component of parameters as TemplateComponent[]) {
    for (const p of component?.parameters ?? []) {
      const value = p.text ?? p.payload ?? p.currency?.fallback_value ?? p.date_time?.fallback_value ?? (p.type ? `[${p.type}]` : null)
      if (value) values.push(String(value))
    }
  }
  return values
}

/** "image" → "Image", "interactive" → "Interactive" */
export function humanizeType(type: string): string {
  const words = type.replace(/_/g, " ")
  return words.charAt(0).toUpperCase() + words.slice(1)
}
