/**
 * The SQL on whatsapp_campaign and its state log (whatsapp_campaign_event), and on what a campaign
 * refers to (its segment, its template). Every function takes the db first: the pool, or the
 * caller's transaction.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { assertTransition, type CampaignState } from "../../domain/campaign-rules"
import type { SegmentRule } from "../../domain/segment-rules"
import type { Db } from "../../db"
import type { InferTypeOf } from "@medusajs/framework/types"
import type WhatsappCampaign from "../../models/campaign"

/** A whatsapp_campaign row as SQL returns it (the model's columns). */
export type CampaignRow = InferTypeOf<typeof WhatsappCampaign>

/** The columns a new campaign is created with; status is always 'draft'. */
export interface NewCampaign {
  id: string
  name: string
  segment_id: string | null
  segment_rules: unknown
  retarget: unknown
  message_kind: string
  template_name: string | null
  template_language: string | null
  template_category: string | null
  parameters: unknown
  text: string | null
  cta: unknown
  discount_code: string | null
  scheduled_at: Date | string | null
  timezone: string | null
  attribution_window_days: number
  send_time: unknown
  created_by: string
  metadata: unknown
}

export async function insertCampaign(db: Db, c: NewCampaign): Promise<void> {
  await db.raw(
    `INSERT INTO whatsapp_campaign (id, name, status, segment_id, segment_rules, retarget, message_kind, template_name, template_language,
       template_category, parameters, text, cta, discount_code, scheduled_at, timezone, attribution_window_days, send_time, created_by, metadata)
     VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.id,
      c.name,
      c.segment_id,
      json(c.segment_rules),
      json(c.retarget),
      c.message_kind,
      c.template_name,
      c.template_language,
      c.template_category,
      json(c.parameters),
      c.text,
      json(c.cta),
      c.discount_code,
      c.scheduled_at,
      c.timezone,
      c.attribution_window_days,
      json(c.send_time),
      c.created_by,
      json(c.metadata),
    ] as Knex.RawBinding[]
  )
}

/** A campaign that is not deleted; null otherwise. */
export async function getCampaign(db: Db, id: string): Promise<any | null> {
  const { rows } = await db.raw(`SELECT * FROM whatsapp_campaign WHERE id = ? AND deleted_at IS NULL`, [id])
  return rows[0] ?? null
}

/** The row as it is now, deleted or not; inside a transition, where the row lock is already held. */
export async function rereadCampaign(db: Db, id: string): Promise<CampaignRow | null> {
  return (await db.raw(`SELECT * FROM whatsapp_campaign WHERE id = ?`, [id])).rows[0]
}

/** A page of campaigns, newest first, each with how many recipients are done with; and the total. */
export async function listCampaigns(
  db: Db,
  { limit, offset }: { limit: number; offset: number }
): Promise<{ rows: (Record<string, any> & { audience_count: number | null; processed: number })[]; count: number }> {
  const { rows } = await db.raw(
    `SELECT c.*, (SELECT count(*) FILTER (WHERE r.status NOT IN ('queued', 'sending'))::int FROM whatsapp_campaign_recipient r
       WHERE r.campaign_id = c.id AND r.deleted_at IS NULL) AS processed
     FROM whatsapp_campaign c WHERE c.deleted_at IS NULL ORDER BY c.created_at DESC LIMIT ? OFFSET ?`,
    [limit, offset]
  )
  const { rows: count } = await db.raw(`SELECT count(*)::int AS n FROM whatsapp_campaign WHERE deleted_at IS NULL`)
  return { rows, count: count[0].n }
}

/** The state log, oldest first. */
export async function listCampaignEvents(db: Db, id: string): Promise<any[]> {
  const { rows } = await db.raw(`SELECT * FROM whatsapp_campaign_event WHERE campaign_id = ? ORDER BY created_at, id`, [id])
  return rows
}

/** How often the campaign entered "running": the run generation in BullMQ job ids. */
export async function runGeneration(db: Db, id: string): Promise<number> {
  const { rows } = await db.raw(`SELECT count(*)::int AS n FROM whatsapp_campaign_event WHERE campaign_id = ? AND to_status = 'running'`, [id])
  return rows[0].n
}

/**
 * Moves a campaign to `to` if the state machine allows it from its current state, and records
 * who and why. Returns null (nothing changed) when the campaign is already in `to`.
 * Opens its own transaction (a savepoint, when db is one already).
 */
export async function transition(
  db: Db,
  campaignId: string,
  to: CampaignState,
  actor: string,
  reason: string | null,
  opts: { from?: CampaignState[]; patch?: Record<string, unknown>; inTrx?: (trx: Knex.Transaction, from: CampaignState) => Promise<void> } = {}
): Promise<{ from: CampaignState; to: CampaignState } | null> {
  return db.transaction(async (trx) => {
    const status = await lockCampaignStatus(trx, campaignId)
    if (!status) throw new Error(`Campaign ${campaignId} does not exist`)
    const from = status as CampaignState
    if (from === to) return null
    if (opts.from && !opts.from.includes(from)) return null
    assertTransition(from, to)
    if (opts.inTrx) await opts.inTrx(trx, from)
    const patch = {
      status: to,
      status_reason: reason,
      ...(to === "running" ? { resume_after: null } : {}),
      ...(to === "completed" || to === "canceled" || to === "failed" ? { finished_at: new Date() } : {}),
      ...opts.patch,
    }
    const cols = Object.keys(patch)
    await trx.raw(`UPDATE whatsapp_campaign SET ${cols.map((c) => `"${c}" = ?`).join(", ")}, updated_at = now() WHERE id = ?`, [
      ...cols.map((c) => serialize((patch as any)[c])),
      campaignId,
    ] as Knex.RawBinding[])
    await recordCampaignEvent(trx, campaignId, from, to, actor, reason)
    return { from, to }
  })
}

/** One line of a campaign's state log: who moved it from what to what, and why. */
export async function recordCampaignEvent(db: Db, campaignId: string, from: string | null, to: string, actor: string, reason: string | null) {
  await db.raw(`INSERT INTO whatsapp_campaign_event (id, campaign_id, from_status, to_status, actor, reason) VALUES (?, ?, ?, ?, ?, ?)`, [
    generateEntityId(undefined, "wacev"),
    campaignId,
    from,
    to,
    actor,
    reason,
  ])
}

/** Locks a campaign that is not deleted (in db's transaction) and returns its row; undefined if there is none. */
export async function lockCampaign(db: Db, id: string): Promise<any | undefined> {
  return (await db.raw(`SELECT * FROM whatsapp_campaign WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [id])).rows[0]
}

/** Locks a campaign that is not deleted (in db's transaction) and returns its status; undefined if there is none. */
export async function lockCampaignStatus(db: Db, id: string): Promise<string | undefined> {
  const { rows } = await db.raw(`SELECT status FROM whatsapp_campaign WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [id])
  return rows[0]?.status
}

/**
 * Locks the campaign row, deleted or not, and returns its status; undefined if there is none. The
 * dispatcher takes it before claiming recipients: campaign → recipients, the order pause and
 * cancel lock in.
 */
export async function lockCampaignForClaim(db: Db, id: string): Promise<string | undefined> {
  const { rows: state } = await db.raw(`SELECT status FROM whatsapp_campaign WHERE id = ? FOR UPDATE`, [id])
  return state[0]?.status
}

/** Sets the given columns (already serialized) and updated_at. */
export async function updateCampaignColumns(db: Db, id: string, cols: Record<string, unknown>): Promise<void> {
  await db.raw(
    `UPDATE whatsapp_campaign SET ${Object.keys(cols)
      .map((k) => `"${k}" = ?`)
      .join(", ")}, updated_at = now() WHERE id = ?`,
    [...Object.values(cols), id] as Knex.RawBinding[]
  )
}

/** The segment's rules, copied at start: later edits of the segment do not change this campaign. */
export async function setCampaignSegmentRules(db: Db, id: string, rules: unknown): Promise<void> {
  await db.raw(`UPDATE whatsapp_campaign SET segment_rules = ?::jsonb WHERE id = ?`, [JSON.stringify(rules), id])
}

/** The audience was frozen now, with `audienceCount` recipients, and sending starts. */
export async function markCampaignFrozen(db: Db, id: string, audienceCount: number): Promise<void> {
  await db.raw(`UPDATE whatsapp_campaign SET frozen_at = now(), started_at = now(), audience_count = ? WHERE id = ?`, [audienceCount, id])
}

export async function softDeleteCampaign(db: Db, id: string): Promise<void> {
  await db.raw(`UPDATE whatsapp_campaign SET deleted_at = now(), updated_at = now() WHERE id = ?`, [id])
}

/** The fields start/resume change, as an undo writes them back. */
export interface CampaignRunFields {
  id: string
  status: string
  status_reason: string | null
  resume_after: string | null
  scheduled_at: string | null
  segment_rules: unknown
  frozen_at: string | null
  started_at: string | null
  audience_count: number
  checkpoint_seq: number
}

/** Writes back every field start/resume change (an undo; not a state-machine move). */
export async function restoreCampaignRunFields(db: Db, before: CampaignRunFields): Promise<void> {
  await db.raw(
    `UPDATE whatsapp_campaign SET status = ?, status_reason = ?, resume_after = ?, scheduled_at = ?, segment_rules = ?::jsonb,
       frozen_at = ?, started_at = ?, audience_count = ?, checkpoint_seq = ?, updated_at = now() WHERE id = ?`,
    [
      before.status,
      before.status_reason,
      before.resume_after,
      before.scheduled_at,
      json(before.segment_rules),
      before.frozen_at,
      before.started_at,
      before.audience_count,
      before.checkpoint_seq,
      before.id,
    ] as Knex.RawBinding[]
  )
}

/** Deletes a draft nobody started (no recipient rows), with its events; false when it is not one. */
export async function deleteUnstartedDraft(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const { rowCount } = await trx.raw(
      `DELETE FROM whatsapp_campaign WHERE id = ? AND status = 'draft'
         AND NOT EXISTS (SELECT 1 FROM whatsapp_campaign_recipient WHERE campaign_id = ?)`,
      [id, id]
    )
    if (rowCount) await trx.raw(`DELETE FROM whatsapp_campaign_event WHERE campaign_id = ?`, [id])
    return !!rowCount
  })
}

// ---------------------------------------------------------------- what the scheduler and webhooks look for

export async function runningCampaignIds(db: Db): Promise<string[]> {
  const { rows } = await db.raw(`SELECT id FROM whatsapp_campaign WHERE status = 'running' AND deleted_at IS NULL`)
  return ids(rows)
}

/** Running campaigns sending this template (any language when `language` is null). */
export async function runningCampaignIdsUsingTemplate(db: Db, name: string, language: string | null): Promise<string[]> {
  const { rows } = await db.raw(
    `SELECT id FROM whatsapp_campaign WHERE template_name = ? AND (?::text IS NULL OR template_language = ?) AND status = 'running' AND deleted_at IS NULL`,
    [name, language, language]
  )
  return ids(rows)
}

/** Scheduled campaigns whose time has come. */
export async function dueScheduledCampaignIds(db: Db, now: Date): Promise<string[]> {
  const { rows } = await db.raw(`SELECT id FROM whatsapp_campaign WHERE status = 'scheduled' AND scheduled_at <= ? AND deleted_at IS NULL`, [now])
  return ids(rows)
}

/** Campaigns paused by the messaging tier whose window has room again. */
export async function tierPausedCampaignIdsDue(db: Db, now: Date): Promise<string[]> {
  const { rows } = await db.raw(
    `SELECT id FROM whatsapp_campaign WHERE status = 'paused' AND status_reason LIKE 'tier_limit%' AND resume_after <= ? AND deleted_at IS NULL`,
    [now]
  )
  return ids(rows)
}

/** Fails when whatsapp_campaign cannot be read (wrong database, or not migrated). */
export async function probeCampaignTable(db: Db): Promise<void> {
  await db.raw("SELECT 1 FROM whatsapp_campaign LIMIT 1")
}

// ---------------------------------------------------------------- what a campaign refers to

/** A saved segment's rule tree; null when there is no such segment. */
export async function segmentRules(db: Db, segmentId: string): Promise<SegmentRule | null> {
  const { rows } = await db.raw(`SELECT rules FROM whatsapp_segment WHERE id = ? AND deleted_at IS NULL`, [segmentId])
  return rows[0]?.rules ?? null
}

/** A synced template's review status and category; null when the WABA has no such template. */
export async function templateStatus(db: Db, name: string, language: string): Promise<{ status: string; category: string } | null> {
  const { rows } = await db.raw(`SELECT status, category FROM whatsapp_template WHERE name = ? AND language = ? AND deleted_at IS NULL`, [name, language])
  return rows[0] ?? null
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id)
const serialize = (v: unknown) => (v && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v)
const json = (v: unknown) => (v == null ? null : JSON.stringify(v))
