/**
 * Conversations as one feature: the inbox and its states, the 24 h / away-message bookkeeping the
 * auto-reply workflow needs, the discount codes it issues, and the one-time seeding of default
 * rules and FAQs. The service hands out one instance (`conversations()`).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { getSetting, setSetting, withLock } from "../settings/store"
import { DEFAULT_FAQS, DEFAULT_RULES } from "./defaults"
import * as inbox from "./inbox"
import * as codes from "./discount-codes"

/** The generated MedusaService CRUD the seeding uses (so this file needs no service import). */
export interface SeedCrud {
  hasReplyRules(): Promise<boolean>
  createReplyRules(rows: typeof DEFAULT_RULES): Promise<unknown>
  hasFaqs(): Promise<boolean>
  createFaqs(rows: typeof DEFAULT_FAQS): Promise<unknown>
}

export class Conversations {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
    private readonly crud: SeedCrud
  ) {}

  /**
   * Seeds the default auto-reply rules and FAQ once per store (a flag remembers it, so a merchant
   * who deletes them does not get them back). STOP handling is a policy requirement.
   */
  seedDefaults(): Promise<boolean> {
    return withLock(this.db, "whatsapp:seed-reply-rules", async () => {
      const flag = await getSetting(this.db, "auto_reply_seeded", { done: false })
      if (flag.done) return false
      if (!(await this.crud.hasReplyRules())) await this.crud.createReplyRules(DEFAULT_RULES)
      if (!(await this.crud.hasFaqs())) await this.crud.createFaqs(DEFAULT_FAQS)
      await setSetting(this.db, "auto_reply_seeded", { done: true })
      return true
    })
  }

  trackInbound(contact_id: string, customer_id: string | null, at: Date, phone_number_id: string | null = null) {
    return inbox.trackInbound(this.db, contact_id, customer_id, at, phone_number_id)
  }

  markAnswered(conversation_id: string, at: Date, fields?: { handover?: boolean; away_sent_on?: string }) {
    return inbox.markAnswered(this.db, conversation_id, at, fields)
  }

  claimAwayMessage(conversation_id: string, day: string) {
    return inbox.claimAwayMessage(this.db, conversation_id, day)
  }

  setState(id: string, patch: { status?: "open" | "resolved"; handover?: boolean; assigned_to?: string | null }) {
    return inbox.setConversationState(this.db, id, patch)
  }

  inbox(opts: { flagAfterMinutes: number; limit?: number; offset?: number }) {
    return inbox.listInbox(this.db, this.now(), opts)
  }

  findCampaignOfMessage(wamid: string) {
    return inbox.findCampaignOfMessage(this.db, wamid)
  }

  findValidDiscountCode(contact_id: string, scope: string) {
    return codes.findValidDiscountCode(this.db, this.now(), contact_id, scope)
  }

  reserveDiscountCode(row: Parameters<typeof codes.reserveDiscountCode>[2]) {
    return codes.reserveDiscountCode(this.db, this.now(), row)
  }

  completeDiscountCode(id: string, promotion_id: string) {
    return codes.completeDiscountCode(this.db, id, promotion_id)
  }

  releaseDiscountCode(id: string) {
    return codes.releaseDiscountCode(this.db, id)
  }
}
