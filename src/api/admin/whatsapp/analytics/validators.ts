import { z } from "@medusajs/framework/zod"
import { MESSAGE_KINDS } from "../../../../modules/whatsapp/analytics/figures"

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

/** A calendar date (the store's local day) or a date-time with its offset. */
const DateOrDateTime = z.string().refine(
  (s) => {
    if (DATE_ONLY.test(s)) {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }
    return DATE_TIME.test(s) && !Number.isNaN(Date.parse(s))
  },
  { message: "use a date (YYYY-MM-DD) or a date-time with an offset (2026-12-01T10:00:00Z)" }
)

const Id = z.string().trim().min(1).max(100)

/** Longest range a figure scans, so one request cannot read years of messages. */
export const MAX_RANGE_DAYS = 731

/** GET /admin/whatsapp/analytics/:figure. Unknown parameters are refused, so a typo is a 400, not a silent default. */
export const AnalyticsQuerySchema = z
  .object({
    from: DateOrDateTime.optional(),
    to: DateOrDateTime.optional(),
    campaign_id: Id.optional(),
    segment_id: Id.optional(),
    template: Id.optional(),
    kind: z.enum(MESSAGE_KINDS).optional(),
    format: z.enum(["json", "csv"]).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return
    // Date-only bounds compare as days; a date-only `to` includes that day.
    const from = Date.parse(DATE_ONLY.test(q.from) ? `${q.from}T00:00:00Z` : q.from)
    const to = Date.parse(DATE_ONLY.test(q.to) ? `${q.to}T00:00:00Z` : q.to) + (DATE_ONLY.test(q.to) ? 86_400_000 : 0)
    if (to <= from) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" })
    else if (to - from > MAX_RANGE_DAYS * 86_400_000)
      ctx.addIssue({ code: "custom", path: ["from"], message: `the range may span at most ${MAX_RANGE_DAYS} days` })
  })

export type AnalyticsQueryInput = z.infer<typeof AnalyticsQuerySchema>
