import { z } from "@medusajs/framework/zod"
import { CampaignSettingsPatchSchema, PriceTableSchema } from "../../../../modules/whatsapp/campaigns/settings"
import { SendTimeSchema } from "../../../../modules/whatsapp/campaigns/send-time"

const Parameter = z.object({
  component: z.enum(["header", "body", "button"]),
  index: z.number().int().min(0).max(9).optional(),
  source: z.enum([
    "customer.first_name",
    "customer.last_name",
    "customer.full_name",
    "store.name",
    "campaign.discount_code",
    "static",
    "order.display_id",
    "order.total",
    "order.item_count",
    "fulfillment.tracking_number",
    "fulfillment.tracking_url",
  ]),
  value: z.string().max(1000).optional(),
  fallback: z.string().max(1000).optional(),
  parameter_name: z.string().max(100).optional(),
})

const Cta = z.object({ payload: z.string().min(1).max(128), button_index: z.number().int().min(0).max(9).optional() })

/** The message fields, without defaults: an update's absent field must stay absent (zod 4 applies defaults inside .partial()). */
const MessageFields = {
  message_kind: z.enum(["template", "text"]),
  template_name: z.string().nullish(),
  template_language: z.string().nullish(),
  parameters: z.array(Parameter).max(20).nullish(),
  text: z.string().max(4096).nullish(),
  cta: Cta.nullish(),
  discount_code: z.string().max(64).nullish(),
}

const CampaignFields = z.object({
  name: z.string().trim().min(1).max(200),
  segment_id: z.string().nullish(),
  ...MessageFields,
  scheduled_at: z.coerce.date().nullish(),
  timezone: z.string().nullish(),
  attribution_window_days: z.number().int().min(1).max(90),
  /** { mode: "now" | "best_hour", window_hours } — best hour: each recipient at its own best hour in the window. */
  send_time: SendTimeSchema.nullish(),
})

const messageComplete = (b: { message_kind?: string; template_name?: string | null; template_language?: string | null; text?: string | null }) =>
  b.message_kind === "template" ? !!b.template_name && !!b.template_language : !!b.text
const MESSAGE_INCOMPLETE = { message: "a template campaign needs template_name and template_language; a text campaign needs text" }

export const CreateCampaignSchema = CampaignFields.extend({
  message_kind: MessageFields.message_kind.default("template"),
  attribution_window_days: CampaignFields.shape.attribution_window_days.optional(),
}).refine(messageComplete, MESSAGE_INCOMPLETE)
export type CreateCampaignBody = z.infer<typeof CreateCampaignSchema>

/** POST /campaigns/:id: any field of a draft or scheduled campaign; the merged result is checked by the engine. */
export const UpdateCampaignSchema = CampaignFields.partial().strict()
export type UpdateCampaignBody = z.infer<typeof UpdateCampaignSchema>

/**
 * Actions. retarget also takes another message: a template (its parameters and CTA start empty,
 * the parent's would not fit it) or free-form text; the kind follows from what is given.
 */
export const CampaignActionSchema = z
  .object({
    reason: z.string().max(500).nullish(),
    scheduled_at: z.coerce.date().nullish(),
    criterion: z.enum(["not_read", "not_replied"]).optional(),
    name: z.string().max(200).optional(),
    message_kind: MessageFields.message_kind.optional(),
    template_name: z
      .string()
      .regex(/^[a-z0-9_]+$/, "template names are [a-z0-9_]")
      .max(512)
      .optional(),
    template_language: z.string().min(2).max(15).optional(),
    parameters: z.array(Parameter).max(20).optional(),
    text: z.string().trim().min(1).max(4096).optional(),
    cta: Cta.nullish(),
    discount_code: z.string().max(64).nullish(),
  })
  .refine((b) => !b.template_name === !b.template_language, { message: "template_name and template_language go together", path: ["template_language"] })
  .refine((b) => !(b.message_kind === "text" && b.template_name), { message: "a text message takes text, not a template", path: ["message_kind"] })
  .refine((b) => !(b.message_kind === "template" && b.text && !b.template_name), { message: "a template message needs template_name", path: ["template_name"] })
  .transform((b) => ({ ...b, message_kind: b.message_kind ?? (b.template_name ? "template" : b.text ? "text" : undefined) }))
export type CampaignActionBody = z.infer<typeof CampaignActionSchema>

export const EstimateCampaignSchema = z.object({
  segment_id: z.string().nullish(),
  message_kind: z.enum(["template", "text"]).default("template"),
})

const MessageSpec = z.object({ ...MessageFields, message_kind: MessageFields.message_kind.default("template") })

/** The wizard's preview: the message as drafted, for a customer (or the first the audience would reach). */
export const PreviewCampaignSchema = MessageSpec.extend({
  customer_id: z.string().min(1).nullish(),
  segment_id: z.string().min(1).nullish(),
  customer_search: z.string().max(100).nullish(),
}).refine(messageComplete, MESSAGE_INCOMPLETE)
export type PreviewCampaignBody = z.infer<typeof PreviewCampaignSchema>

/** One test message to any number; `to` in any spelling (normalised with the store's default region). */
export const TestSendCampaignSchema = MessageSpec.extend({
  to: z.string().trim().min(1, "enter a phone number").max(40),
  customer_id: z.string().min(1).nullish(),
}).refine(messageComplete, MESSAGE_INCOMPLETE)
export type TestSendCampaignBody = z.infer<typeof TestSendCampaignSchema>

/** A patch of the campaign settings and/or the whole price table. */
export const CampaignSettingsBodySchema = z
  .object({ settings: CampaignSettingsPatchSchema.optional(), price_table: PriceTableSchema.optional() })
  .strict()
  .refine((b) => !!b.settings || !!b.price_table, { message: "send settings, price_table or both" })
export type CampaignSettingsBody = z.infer<typeof CampaignSettingsBodySchema>

/** GET /admin/whatsapp/campaigns/:id/recipients: a page as JSON, or every recipient as CSV. */
export const CampaignRecipientsQuerySchema = z
  .object({
    format: z.enum(["json", "csv"]).default("json"),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type CampaignRecipientsQuery = z.infer<typeof CampaignRecipientsQuerySchema>

/** POST /campaigns/send-times: the spread of best-hour send times the audience would get if started now. */
export const SendTimesPreviewSchema = z
  .object({
    segment_id: z.string().min(1).nullish(),
    window_hours: z.number().int().min(1).max(168).default(24),
    timezone: z.string().min(1).nullish(),
  })
  .strict()
export type SendTimesPreviewBody = z.infer<typeof SendTimesPreviewSchema>
