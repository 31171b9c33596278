import { z } from "@medusajs/framework/zod"
import { patternProblem } from "../../../../modules/whatsapp/domain/rule-regex"

const ActiveHoursSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).optional(),
  start: z.string().regex(/^\d{2}:\d{2}$/, "use HH:MM"),
  end: z.string().regex(/^\d{2}:\d{2}$/, "use HH:MM"),
})

export const ReplyActionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("reply_text"), text: z.string().min(1).max(4096) }),
  z.object({
    type: z.literal("reply_template"),
    template_name: z.string().regex(/^[a-z0-9_]+$/),
    language: z.string().min(2),
    parameters: z.array(z.string()).optional(),
  }),
  z.object({ type: z.literal("issue_discount") }),
  z.object({ type: z.literal("add_tag"), tag: z.string().min(1).max(100) }),
  z.object({ type: z.literal("remove_tag"), tag: z.string().min(1).max(100) }),
  z.object({ type: z.literal("opt_out") }),
  z.object({ type: z.literal("opt_in") }),
  z.object({ type: z.literal("handover") }),
  z.object({ type: z.literal("faq"), faq_title: z.string().min(1) }),
])

export const ReplyRuleSchema = z
  .object({
    name: z.string().min(1).max(200),
    keywords: z.array(z.string().min(1).max(200)).max(50),
    match_mode: z.enum(["exact", "contains", "fuzzy", "regex"]),
    fuzzy_threshold: z.number().min(0.5).max(1).nullable().optional(),
    priority: z.number().int().min(0).max(10000).default(100),
    enabled: z.boolean().default(true),
    active_hours: ActiveHoursSchema.nullable().optional(),
    payloads: z.array(z.string().min(1).max(256)).nullable().optional(),
    campaign_id: z.string().nullable().optional(),
    actions: z.array(ReplyActionSchema).min(1).max(10),
  })
  .superRefine((rule, ctx) => {
    if (!rule.keywords.length && !rule.payloads?.length) {
      ctx.addIssue({ code: "custom", path: ["keywords"], message: "a rule needs at least one keyword or quick-reply payload" })
    }
    if (rule.match_mode === "regex") {
      // Patterns run on RE2 (domain/rule-regex.ts); one it cannot run would never match, so it is
      // refused here, naming the rule and the keyword, rather than saved as a rule that stays quiet.
      for (const [i, k] of rule.keywords.entries()) {
        const problem = patternProblem(k)
        if (problem) ctx.addIssue({ code: "custom", path: ["keywords", i], message: `rule “${rule.name}”, keyword ${i + 1} /${k}/: ${problem}` })
      }
    }
  })
export type ReplyRuleBody = z.infer<typeof ReplyRuleSchema>

export const FaqSchema = z.object({ title: z.string().min(1).max(100), answer: z.string().min(1).max(4096), language: z.string().min(2).default("th") })
export type FaqBody = z.infer<typeof FaqSchema>

export const AgentReplySchema = z
  .object({
    text: z.string().min(1).max(4096).optional(),
    template: z.object({ name: z.string(), language: z.string(), parameters: z.array(z.string()).default([]) }).optional(),
  })
  .refine((b) => !!b.text !== !!b.template, { message: "send either text or a template" })
export type AgentReplyBody = z.infer<typeof AgentReplySchema>

export const ConversationUpdateSchema = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  assigned_to: z.string().nullable().optional(),
  handover: z.boolean().optional(),
})
/** POST /admin/whatsapp/auto-reply/test-message: a message to try against the saved rules. */
export const TestMessageSchema = z.object({
  // Longer than WhatsApp allows on purpose: the answer says the matcher cut it to 4,096.
  text: z.string().max(65_536).default(""),
  payload: z.string().max(1024).nullable().optional(),
  /** When the message arrives (active hours); now by default. */
  at: z.string().datetime({ offset: true }).optional(),
})
export type TestMessageBody = z.infer<typeof TestMessageSchema>

export type ConversationUpdateBody = z.infer<typeof ConversationUpdateSchema>

export const AutoReplySettingsSchema = z.object({
  business_hours: ActiveHoursSchema.nullable(),
  away_message: z.string().min(1).max(4096),
  flag_after_minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  discount: z.object({
    type: z.enum(["percentage", "fixed"]),
    value: z.number().positive(),
    currency_code: z.string().length(3),
    expiry_days: z.number().int().min(1).max(365),
  }),
  fallback_template: z.object({ name: z.string(), language: z.string() }).nullable(),
})
