/**
 * Segmentation as one feature: tag thresholds, the recompute of metrics / RFM / auto tags, manual
 * tags, saved segments and the dashboard. The service hands out one instance (`segmentation()`);
 * the SQL lives in recompute.ts, queries.ts, manual-tags.ts and segment-store.ts.
 */
import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { SegmentSettingsSchema, mergeSegmentSettings, type SegmentSettings } from "../domain/tag-rules"
import { formatIssues, type SegmentRule } from "../domain/segment-rules"
import { getSetting, setSetting } from "../settings/store"
import { recomputeSegments, type RecomputeResult } from "./recompute"
import * as queries from "./queries"
import { addManualTag, removeManualTag } from "./manual-tags"
import { updateSegment } from "./segment-store"

export class Segmentation {
  constructor(
    private readonly db: Knex,
    private readonly logger: Logger
  ) {}

  /** The merchant's tag thresholds; a stored document that no longer validates falls back to the defaults. */
  async settings(): Promise<SegmentSettings> {
    const parsed = SegmentSettingsSchema.safeParse(await getSetting(this.db, "segments", {}))
    if (parsed.success) return parsed.data
    this.logger.warn(`whatsapp: stored segment settings are invalid (${formatIssues(parsed.error.issues, "settings").join("; ")}); using defaults`)
    return SegmentSettingsSchema.parse({})
  }

  /** Merges a partial update over the current settings; throws INVALID_DATA with every problem. */
  async updateSettings(patch: Record<string, unknown>): Promise<SegmentSettings> {
    const parsed = SegmentSettingsSchema.safeParse(mergeSegmentSettings(await this.settings(), patch))
    if (!parsed.success) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid segment settings: ${formatIssues(parsed.error.issues, "settings").join("; ")}`)
    }
    await setSetting(this.db, "segments", parsed.data as unknown as Record<string, unknown>)
    return parsed.data
  }

  /**
   * Recomputes metrics, RFM and auto tags: for every customer, or incrementally for one
   * (recompute.ts explains the SQL, the locking and the incremental cut-points).
   */
  async recompute({ customerId, now }: { customerId?: string; now?: Date } = {}): Promise<RecomputeResult> {
    const result = await recomputeSegments(this.db, { settings: await this.settings(), customerId, now })
    if (!customerId) {
      this.logger.info(
        `whatsapp: segments recomputed for ${result.customers} customer(s) in ${result.duration_ms} ms (+${result.tags_added}/-${result.tags_removed} auto tags)`
      )
    }
    return result
  }

  /** Metrics, RFM and tags of one customer (the customer page's widget). */
  forCustomer(customerId: string) {
    return queries.customerSegmentation(this.db, customerId)
  }

  addManualTag(customerId: string, name: string) {
    return addManualTag(this.db, customerId, name)
  }

  removeManualTag(customerId: string, tag: string) {
    return removeManualTag(this.db, customerId, tag)
  }

  preview(rules: SegmentRule, opts?: { sample?: number; now?: Date }) {
    return queries.previewSegment(this.db, rules, opts)
  }

  count(rules: SegmentRule, now?: Date) {
    return queries.countSegment(this.db, rules, now)
  }

  members(rules: SegmentRule, opts?: { limit?: number; offset?: number; consentedOnly?: boolean; now?: Date }) {
    return queries.listSegmentMembers(this.db, rules, opts)
  }

  async dashboard() {
    return queries.segmentDashboard(this.db, await this.settings())
  }

  tagsWithCounts() {
    return queries.listTagsWithCounts(this.db)
  }

  /** Replaces the given fields of a saved segment (the rule tree wholesale). */
  updateSegment(id: string, data: { name?: string; description?: string | null; rules?: unknown }) {
    return updateSegment(this.db, id, data)
  }
}
