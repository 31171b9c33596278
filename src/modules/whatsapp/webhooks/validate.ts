/**
 * What a stored webhook may change, decided before any SQL runs. Meta's shapes are checked with
 * zod: permissive about fields we do not read (Meta adds fields often), strict about the ones we
 * do. Whatever fails is dropped item by item with a reason (a note on the receipt), so one bad
 * message never stops its neighbours, and garbage never becomes a row:
 * - phone ids become one canonical wa_id (E.164 digits) whatever the spelling, or are rejected;
 * - business-scoped user ids (user_id, from_user_id, recipient_user_id) match Meta's strict
 *   `CC.<alphanumerics>` form or are rejected the same way; a sender needs one of the two;
 * - timestamps outside [received − 30 days, received + 5 min] are clamped to the receipt time;
 * - NUL and lone surrogates (Postgres refuses them) are stripped, strings capped at Meta's limits;
 * - a button payload counts only on `button` / `interactive` messages;
 * - changes for another business number or WABA are ignored ("not our number").
 * Pure: unit-tested in __tests__/validate.unit.spec.ts.
 */
import { z } from "@medusajs/framework/zod"
import type { CountryCode } from "libphonenumber-js"
import { normalizePhone } from "../domain/phone"
import { canonicalParentUserId, canonicalUserId, canonicalUsername } from "../domain/identity"
import type { InboundMessage, StatusObject, WebhookContact, WebhookPayload } from "../channels/cloud-api/types"

type Obj = Record<string, unknown>

export interface ValidationContext {
  /** When the receipt was stored: the clock webhook timestamps are checked against. */
  receivedAt: Date
  /** The business number this store sends from; messages for any other are ignored. */
  phoneNumberId: string
  /** The store's WABA; template and account webhooks of another WABA are ignored. */
  wabaId: string
  /** Region for national spellings ("081…"); wa_ids are international by Meta's spec. */
  region?: CountryCode
}

export interface ReceiptNote {
  /** JSON path of the item, e.g. entry[0].changes[1].value.messages[3]. */
  path: string
  kind: "rejected" | "ignored" | "clamped"
  reason: string
}

export interface PreparedWebhook {
  /** Only what may be applied: valid items of our number and WABA. */
  payload: WebhookPayload
  notes: ReceiptNote[]
  /** Changes kept for applying (0 with ignored notes: the receipt is `ignored`). */
  applicable: number
}

/** Meta's limits (Cloud API reference): text bodies 4,096, captions 1,024, button ids 256. */
export const LIMITS = { text: 4096, caption: 1024, payload: 1024, name: 256, id: 256, string: 8192, depth: 24 } as const
const PAST_MS = 30 * 24 * 3600_000
const FUTURE_MS = 5 * 60_000

/** Strips what Postgres cannot store (NUL) or JSON-encodes badly (lone surrogates) and caps length. */
export function cleanString(s: string, max: number = LIMITS.string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/\u0000/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
  return clean.length > max ? clean.slice(0, max) : clean
}

/** Deep copy with every string cleaned; null when nesting is deeper than `depth` (a hostile body). */
export function sanitize(value: unknown, depth: number = LIMITS.depth): unknown {
  if (depth < 0) throw new DepthError()
  if (typeof value === "string") return cleanString(value)
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth - 1))
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      // Prototype keys in a body are data, never structure.
      if (k === "__proto__" || k === "constructor" || k === "prototype") continue
      out[cleanString(k, LIMITS.name)] = sanitize(v, depth - 1)
    }
    return out
  }
  return value
}

export class DepthError extends Error {
  constructor() {
    super(`nested deeper than ${LIMITS.depth} levels`)
  }
}

/**
 * One canonical wa_id for a phone however it is written: "+66 81…", "66-81…", "081…" (national, with
 * the store's region), Thai or Arabic-Indic digits. Null for anything that is not a phone number.
 */
export function canonicalWaId(input: unknown, region?: CountryCode): string | null {
  if (typeof input !== "string" && typeof input !== "number") return null
  const text = String(input)
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[\s\-().]/g, "")
  if (!/^\+?\d{6,17}$/.test(text)) return null
  try {
    // National spelling needs the region; every other form is international, as Meta sends wa_id.
    if (text.startsWith("0")) return region ? normalizePhone(text, region).wa_id : null
    return normalizePhone(text.startsWith("+") ? text : `+${text}`).wa_id
  } catch {
    return null
  }
}

/** A webhook timestamp (unix seconds) checked against the receipt's clock. */
export function checkTimestamp(ts: unknown, receivedAt: Date): { at: Date; clamped: boolean } {
  const n = typeof ts === "number" ? ts : typeof ts === "string" && /^\d{1,12}$/.test(ts) ? Number(ts) : NaN
  const ms = n * 1000
  const now = receivedAt.getTime()
  if (!Number.isFinite(ms) || ms < now - PAST_MS || ms > now + FUTURE_MS) return { at: receivedAt, clamped: true }
  return { at: new Date(ms), clamped: false }
}

const id = z.string().min(1).max(LIMITS.id)
const Metadata = z.object({ phone_number_id: z.union([z.string(), z.number()]).transform(String) }).passthrough()

const MessageSchema = z
  .object({
    // Since 2026 a username user's phone may be withheld: then only from_user_id names the sender.
    from: z.union([z.string(), z.number()]).optional(),
    from_user_id: z.string().optional(),
    from_parent_user_id: z.string().optional(),
    id,
    timestamp: z.union([z.string(), z.number()]).optional(),
    type: z.string().min(1).max(64),
    text: z.object({ body: z.string() }).passthrough().optional(),
    context: z.object({ id: id.optional(), from: z.string().optional() }).passthrough().optional(),
  })
  .passthrough()

const StatusSchema = z
  .object({
    id,
    status: z.enum(["sent", "delivered", "read", "failed", "deleted", "warning"]),
    timestamp: z.union([z.string(), z.number()]).optional(),
    recipient_id: z.union([z.string(), z.number()]).optional(),
    recipient_user_id: z.string().optional(),
    recipient_parent_user_id: z.string().optional(),
    biz_opaque_callback_data: z.string().max(512).optional(),
    errors: z
      .array(
        z
          .object({
            code: z.number().int(),
            title: z.string().max(LIMITS.name).optional(),
            message: z.string().optional(),
            error_data: z.object({ details: z.string() }).passthrough().optional(),
          })
          .passthrough()
      )
      .max(16)
      .optional(),
    pricing: z
      .object({ category: z.string().max(64).optional() })
      .passthrough()
      .optional(),
  })
  .passthrough()

const ContactSchema = z
  .object({
    wa_id: z.union([z.string(), z.number()]).optional(),
    user_id: z.string().optional(),
    parent_user_id: z.string().optional(),
    profile: z.object({ name: z.string().optional(), username: z.string().optional() }).passthrough().optional(),
  })
  .passthrough()

const PreferenceSchema = z
  .object({
    wa_id: z.union([z.string(), z.number()]).optional(),
    user_id: z.string().optional(),
    category: z.string(),
    value: z.string(),
    timestamp: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough()

const SystemSchema = z
  .object({
    type: z.string().max(64).optional(),
    body: z.string().optional(),
    wa_id: z.union([z.string(), z.number()]).optional(),
    user_id: z.string().optional(),
    parent_user_id: z.string().optional(),
    previous_user_id: z.string().optional(),
    previous_parent_user_id: z.string().optional(),
  })
  .passthrough()

const UserIdUpdateSchema = z
  .object({
    wa_id: z.union([z.string(), z.number()]).optional(),
    user_id: z.object({ previous: z.string(), current: z.string() }).passthrough(),
    parent_user_id: z.object({ previous: z.string().optional(), current: z.string().optional() }).passthrough().optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough()

/**
 * The identity fields of one item, each checked when present: a phone must be a phone and a BSUID
 * must be a BSUID, or the item is rejected (a garbage key would become a contact). Returns the
 * canonical values or the reason.
 */
export function checkIdentity(
  fields: { phone?: unknown; phoneName: string; user?: unknown; userName: string; parent?: unknown; parentName: string },
  region?: CountryCode
): { wa_id?: string; user_id?: string; parent_user_id?: string } | { reason: string } {
  const out: { wa_id?: string; user_id?: string; parent_user_id?: string } = {}
  if (fields.phone !== undefined && fields.phone !== null && fields.phone !== "") {
    const wa_id = canonicalWaId(fields.phone, region)
    if (!wa_id) return { reason: `${fields.phoneName} is not a phone number` }
    out.wa_id = wa_id
  }
  if (fields.user !== undefined && fields.user !== null && fields.user !== "") {
    const user_id = canonicalUserId(fields.user)
    if (!user_id) return { reason: `${fields.userName} is not a business-scoped user id` }
    out.user_id = user_id
  }
  if (fields.parent !== undefined && fields.parent !== null && fields.parent !== "") {
    const parent = canonicalParentUserId(fields.parent) ?? canonicalUserId(fields.parent)
    if (!parent) return { reason: `${fields.parentName} is not a business-scoped user id` }
    out.parent_user_id = parent
  }
  return out
}

const TemplateStatusSchema = z
  .object({ message_template_name: z.string().min(1).max(512), message_template_language: z.string().min(1).max(16), event: z.string().min(1).max(64) })
  .passthrough()

const TemplateCategorySchema = z
  .object({ message_template_name: z.string().min(1).max(512), message_template_language: z.string().min(1).max(16), new_category: z.string().min(1).max(64) })
  .passthrough()

const issue = (e: z.ZodError) =>
  e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "value"}: ${i.message}`)
    .join("; ")

/** Cleans one stored webhook body into what may be applied, with a note for everything dropped. */
export function prepareWebhook(body: unknown, ctx: ValidationContext): PreparedWebhook {
  const notes: ReceiptNote[] = []
  const out: WebhookPayload = { object: "whatsapp_business_account", entry: [] }
  let applicable = 0
  let clean: unknown
  try {
    clean = sanitize(body)
  } catch (e) {
    notes.push({ path: "", kind: "rejected", reason: (e as Error).message })
    return { payload: out, notes, applicable }
  }
  const b = clean as { entry?: unknown }
  if (!clean || typeof clean !== "object" || !Array.isArray(b.entry)) {
    notes.push({ path: "entry", kind: "rejected", reason: "entry is not a list" })
    return { payload: out, notes, applicable }
  }
  b.entry.forEach((raw: unknown, i: number) => {
    const base = `entry[${i}]`
    const entry = raw as Obj | null
    if (!entry || typeof entry !== "object" || !Array.isArray(entry.changes)) {
      notes.push({ path: base, kind: "rejected", reason: "changes is not a list" })
      return
    }
    const kept: { field: string; value: Obj }[] = []
    ;(entry.changes as unknown[]).forEach((item: unknown, j: number) => {
      const change = item as Obj | null
      const path = `${base}.changes[${j}]`
      if (
        !change ||
        typeof change !== "object" ||
        typeof change.field !== "string" ||
        !change.value ||
        typeof change.value !== "object" ||
        Array.isArray(change.value)
      ) {
        notes.push({ path, kind: "rejected", reason: "a change needs a field and an object value" })
        return
      }
      const value = prepareChange(change.field, change.value as Obj, String(entry.id ?? ""), ctx, `${path}.value`, notes)
      if (value) {
        kept.push({ field: change.field, value })
        applicable++
      }
    })
    if (kept.length) out.entry.push({ id: String(entry.id ?? ""), changes: kept } as unknown as WebhookPayload["entry"][number])
  })
  return { payload: out, notes, applicable }
}

function prepareChange(field: string, value: Obj, wabaId: string, ctx: ValidationContext, path: string, notes: ReceiptNote[]): Record<string, unknown> | null {
  if (field === "messages" || field === "user_preferences" || field === "user_id_update") {
    // These belong to a business number: metadata.phone_number_id says which.
    const meta = Metadata.safeParse(value.metadata)
    if (!meta.success) {
      notes.push({ path: `${path}.metadata`, kind: "rejected", reason: "metadata.phone_number_id is missing" })
      return null
    }
    if (meta.data.phone_number_id !== ctx.phoneNumberId) {
      notes.push({ path, kind: "ignored", reason: `not our number (phone_number_id ${meta.data.phone_number_id})` })
      return null
    }
    if (field === "messages") return prepareMessages(value, ctx, path, notes)
    return field === "user_preferences" ? preparePreferences(value, ctx, path, notes) : prepareUserIdUpdates(value, ctx, path, notes)
  }
  // Template and account changes belong to a WABA: entry.id says which.
  if (wabaId !== ctx.wabaId) {
    notes.push({ path, kind: "ignored", reason: `not our WABA (${wabaId || "no entry.id"})` })
    return null
  }
  if (field === "message_template_status_update") return parsed(TemplateStatusSchema, value, path, notes)
  if (field === "template_category_update") return parsed(TemplateCategorySchema, value, path, notes)
  return value
}

function parsed<T extends z.ZodTypeAny>(schema: T, value: unknown, path: string, notes: ReceiptNote[]) {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  notes.push({ path, kind: "rejected", reason: issue(r.error) })
  return null
}

/** Lists Meta sends as arrays; anything else is rejected whole (with a note), an absent one is empty. */
function list(value: Obj, key: string, path: string, notes: ReceiptNote[]): unknown[] {
  const v = value[key]
  if (v === undefined || v === null) return []
  if (Array.isArray(v)) return v
  notes.push({ path: `${path}.${key}`, kind: "rejected", reason: `${key} is not a list` })
  return []
}

function prepareMessages(value: Obj, ctx: ValidationContext, path: string, notes: ReceiptNote[]) {
  const contacts: WebhookContact[] = []
  list(value, "contacts", path, notes).forEach((c, k) => {
    const at = `${path}.contacts[${k}]`
    const r = ContactSchema.safeParse(c)
    if (!r.success) return void notes.push({ path: at, kind: "rejected", reason: issue(r.error) })
    const who = checkIdentity(
      { phone: r.data.wa_id, phoneName: "wa_id", user: r.data.user_id, userName: "user_id", parent: r.data.parent_user_id, parentName: "parent_user_id" },
      ctx.region
    )
    if ("reason" in who) return void notes.push({ path: at, kind: "rejected", reason: who.reason })
    if (!who.wa_id && !who.user_id) return void notes.push({ path: at, kind: "rejected", reason: "a contact needs a wa_id or a user_id" })
    const name = r.data.profile?.name ? cleanString(r.data.profile.name, LIMITS.name) : undefined
    const username = r.data.profile?.username !== undefined ? canonicalUsername(r.data.profile.username) : undefined
    if (r.data.profile?.username !== undefined && !username) notes.push({ path: `${at}.profile.username`, kind: "rejected", reason: "not a username" })
    const profile = name || username ? { ...(name ? { name } : {}), ...(username ? { username } : {}) } : undefined
    contacts.push({ ...who, ...(profile ? { profile } : {}) })
  })

  const messages: InboundMessage[] = []
  list(value, "messages", path, notes).forEach((m, k) => {
    const at = `${path}.messages[${k}]`
    const r = MessageSchema.safeParse(m)
    if (!r.success) return void notes.push({ path: at, kind: "rejected", reason: issue(r.error) })
    const who = checkIdentity(
      {
        phone: r.data.from,
        phoneName: "from",
        user: r.data.from_user_id,
        userName: "from_user_id",
        parent: r.data.from_parent_user_id,
        parentName: "from_parent_user_id",
      },
      ctx.region
    )
    if ("reason" in who) return void notes.push({ path: at, kind: "rejected", reason: who.reason })
    let system: InboundMessage["system"] | undefined
    if (r.data.type === "system") {
      const sys = SystemSchema.safeParse((r.data as Obj).system ?? {})
      if (!sys.success) return void notes.push({ path: `${at}.system`, kind: "rejected", reason: issue(sys.error) })
      const now = checkIdentity(
        {
          phone: sys.data.wa_id,
          phoneName: "system.wa_id",
          user: sys.data.user_id,
          userName: "system.user_id",
          parent: sys.data.parent_user_id,
          parentName: "system.parent_user_id",
        },
        ctx.region
      )
      if ("reason" in now) return void notes.push({ path: `${at}.system`, kind: "rejected", reason: now.reason })
      const before = checkIdentity(
        {
          user: sys.data.previous_user_id,
          userName: "system.previous_user_id",
          parent: sys.data.previous_parent_user_id,
          parentName: "system.previous_parent_user_id",
          phoneName: "",
        },
        ctx.region
      )
      if ("reason" in before) return void notes.push({ path: `${at}.system`, kind: "rejected", reason: before.reason })
      system = {
        ...(sys.data.type ? { type: sys.data.type } : {}),
        ...(sys.data.body ? { body: cleanString(sys.data.body, LIMITS.text) } : {}),
        ...now,
        ...(before.user_id ? { previous_user_id: before.user_id } : {}),
        ...(before.parent_user_id ? { previous_parent_user_id: before.parent_user_id } : {}),
      }
    }
    // System messages (a BSUID or a phone changed) carry their identities in `system`; any other
    // message needs a sender: a phone, or a BSUID when the phone is withheld.
    if (!who.wa_id && !who.user_id && r.data.type !== "system") return void notes.push({ path: at, kind: "rejected", reason: "from is not a phone number" })
    const ts = checkTimestamp(r.data.timestamp, ctx.receivedAt)
    if (ts.clamped) notes.push({ path: at, kind: "clamped", reason: `timestamp ${String(r.data.timestamp)} outside the receipt's window; receipt time used` })
    const { from: _from, from_user_id: _fu, from_parent_user_id: _fp, ...rest } = r.data
    const msg = {
      ...rest,
      ...(who.wa_id ? { from: who.wa_id } : {}),
      ...(who.user_id ? { from_user_id: who.user_id } : {}),
      ...(who.parent_user_id ? { from_parent_user_id: who.parent_user_id } : {}),
      ...(system ? { system } : {}),
      timestamp: String(Math.floor(ts.at.getTime() / 1000)),
    } as unknown as InboundMessage & { image?: { caption?: unknown } }
    if (msg.text) msg.text = { ...msg.text, body: cleanString(msg.text.body, LIMITS.text) }
    // A payload is a button press only on the message types that carry one.
    if (msg.type !== "button") delete msg.button
    if (msg.type !== "interactive") delete msg.interactive
    if (msg.button && (typeof msg.button.payload !== "string" || msg.button.payload.length > LIMITS.payload)) delete msg.button
    if (msg.image?.caption) msg.image = { ...msg.image, caption: cleanString(String(msg.image.caption), LIMITS.caption) }
    messages.push(msg)
  })

  const statuses: StatusObject[] = []
  list(value, "statuses", path, notes).forEach((s, k) => {
    const at = `${path}.statuses[${k}]`
    const r = StatusSchema.safeParse(s)
    if (!r.success) return void notes.push({ path: at, kind: "rejected", reason: issue(r.error) })
    const ts = checkTimestamp(r.data.timestamp, ctx.receivedAt)
    if (ts.clamped) notes.push({ path: at, kind: "clamped", reason: `timestamp ${String(r.data.timestamp)} outside the receipt's window; receipt time used` })
    // recipient_id is passed on as text, not parsed: a status is matched by its wamid and nothing
    // reads the recipient, and a libphonenumber parse per status is most of validation's cost.
    const recipient = r.data.recipient_id === undefined ? undefined : String(r.data.recipient_id)
    const status = { ...(r.data as unknown as StatusObject), timestamp: String(Math.floor(ts.at.getTime() / 1000)), recipient_id: recipient as string }
    // The BSUIDs are read (a status resolves its contact by recipient_user_id): checked strictly.
    // A bad one is dropped with a note; the status itself is matched by its wamid and still applies.
    for (const key of ["recipient_user_id", "recipient_parent_user_id"] as const) {
      const v = r.data[key]
      if (v === undefined) continue
      const ok = key === "recipient_user_id" ? canonicalUserId(v) : (canonicalParentUserId(v) ?? canonicalUserId(v))
      if (ok) status[key] = ok
      else {
        delete status[key]
        notes.push({ path: `${at}.${key}`, kind: "rejected", reason: `${key} is not a business-scoped user id` })
      }
    }
    statuses.push(status)
  })
  if (!messages.length && !statuses.length && !contacts.length) {
    return value.messages === undefined && value.statuses === undefined ? { ...value, contacts, messages, statuses } : null
  }
  return { ...value, contacts, messages, statuses }
}

function preparePreferences(value: Obj, ctx: ValidationContext, path: string, notes: ReceiptNote[]) {
  const prefs: unknown[] = []
  list(value, "user_preferences", path, notes).forEach((p, k) => {
    const at = `${path}.user_preferences[${k}]`
    const r = PreferenceSchema.safeParse(p)
    if (!r.success) return void notes.push({ path: at, kind: "rejected", reason: issue(r.error) })
    const who = checkIdentity({ phone: r.data.wa_id, phoneName: "wa_id", user: r.data.user_id, userName: "user_id", parentName: "" }, ctx.region)
    if ("reason" in who) return void notes.push({ path: at, kind: "rejected", reason: who.reason })
    if (!who.wa_id && !who.user_id) return void notes.push({ path: at, kind: "rejected", reason: "wa_id is not a phone number" })
    const ts = checkTimestamp(r.data.timestamp, ctx.receivedAt)
    if (ts.clamped) notes.push({ path: at, kind: "clamped", reason: `timestamp ${String(r.data.timestamp)} outside the receipt's window; receipt time used` })
    const { wa_id: _w, user_id: _u, ...rest } = r.data
    prefs.push({ ...rest, ...who, timestamp: String(Math.floor(ts.at.getTime() / 1000)) })
  })
  return prefs.length ? { ...value, user_preferences: prefs } : null
}

/** `user_id_update`: a user's BSUID rotated; both ids must be BSUIDs, the phone (if any) a phone. */
function prepareUserIdUpdates(value: Obj, ctx: ValidationContext, path: string, notes: ReceiptNote[]) {
  const updates: unknown[] = []
  list(value, "user_id_update", path, notes).forEach((u, k) => {
    const at = `${path}.user_id_update[${k}]`
    const r = UserIdUpdateSchema.safeParse(u)
    if (!r.success) return void notes.push({ path: at, kind: "rejected", reason: issue(r.error) })
    const previous = canonicalUserId(r.data.user_id.previous)
    const current = canonicalUserId(r.data.user_id.current)
    if (!previous || !current)
      return void notes.push({ path: at, kind: "rejected", reason: "user_id.previous / user_id.current is not a business-scoped user id" })
    const who = checkIdentity(
      { phone: r.data.wa_id, phoneName: "wa_id", parent: r.data.parent_user_id?.current, parentName: "parent_user_id.current", userName: "" },
      ctx.region
    )
    if ("reason" in who) return void notes.push({ path: at, kind: "rejected", reason: who.reason })
    const ts = checkTimestamp(r.data.timestamp, ctx.receivedAt)
    updates.push({
      user_id: { previous, current },
      ...(who.wa_id ? { wa_id: who.wa_id } : {}),
      ...(who.parent_user_id ? { parent_user_id: { current: who.parent_user_id } } : {}),
      timestamp: String(Math.floor(ts.at.getTime() / 1000)),
    })
  })
  return updates.length ? { ...value, user_id_update: updates } : null
}
