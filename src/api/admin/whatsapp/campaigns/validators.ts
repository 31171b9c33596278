import { z } from "@medusajs/framework/zod"

const Parameter = z.object({
  component: z.enum(["header", "body", "button"]),
  index: z.number().int().min(0).max(9).optional(),
  source: z.enum([
    "customer.first_name", "customer.last_name", "customer.full_name", "store.name", "campaign.discount_code", "static",
    "order.display_id", "order.total", "order.item_count", "fulfillment.tracking_number", "fulfillment.tracking_url",
  ]),
  value: z.string().max(1000).optional(),
  fallback: z.string().max(1000).optional(),
  parameter_name: z.string().max(100).optional(),
})

export const CreateCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    segment_id: z.string().nullish(),
    message_kind: z.enum(["template", "text"]).default("template"),
    template_name: z.string().nullish(),
    template_language: z.string().nullish(),
    parameters: z.array(Parameter).max(20).nullish(),
    text: z.string().max(4096).nullish(),
    cta: z.object({ payload: z.string().min(1).max(128), button_index: z.number().int().min(0).max(9).optional() }).nullish(),
    discount_code: z.string().max(64).nullish(),
    scheduled_at: z.coerce.date().nullish(),
    timezone: z.string().nullish(),
    attribution_window_days: z.number().int().min(1).max(90).optional(),
  })
  .refine((b) => (b.message_kind === "template" ? !!b.template_name && !!b.template_language : !!b.text), {
    message: "a template campaign needs template_name and template_language; a text campaign needs text",
  })
export type CreateCampaignBody = z.infer<typeof CreateCampaignSchema>

export const CampaignActionSchema = z.object({
  reason: z.string().max(500).nullish(),
  scheduled_at: z.coerce.date().nullish(),
  criterion: z.enum(["not_read", "not_replied"]).optional(),
  name: z.string().max(200).optional(),
})
export type CampaignActionBody = z.infer<typeof CampaignActionSchema>

export const EstimateCampaignSchema = z.object({
  segment_id: z.string().nullish(),
  message_kind: z.enum(["template", "text"]).default("template"),
})
