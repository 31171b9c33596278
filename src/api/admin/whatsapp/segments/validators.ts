import { z } from "@medusajs/framework/zod"
import { parseSegmentRules } from "../../../../modules/whatsapp/domain/segment-rules"
import { isAutomaticTagName } from "../../../../modules/whatsapp/domain/tag-rules"

/**
 * The rule tree is validated by the domain parser so the error names the exact place
 * ("rules.all[1].metric: unknown metric …"); custom issues keep that text through Medusa's
 * error formatter, which would otherwise reword enum and union errors.
 */
export const RulesField = z.unknown().transform((value, ctx) => {
  const parsed = parseSegmentRules(value)
  if (parsed.success) return parsed.rules
  for (const message of parsed.errors) ctx.addIssue({ code: "custom", message })
  return z.NEVER
})

const Name = z.string().trim().min(1, "name must not be empty").max(120, "name is longer than 120 characters")
const Description = z.string().trim().max(1000, "description is longer than 1000 characters").nullable()

export const CreateSegmentSchema = z.object({
  name: Name,
  description: Description.optional(),
  rules: RulesField,
})
export type CreateSegmentBody = z.infer<typeof CreateSegmentSchema>

export const UpdateSegmentSchema = z.object({
  name: Name.optional(),
  description: Description.optional(),
  rules: RulesField.optional(),
})
export type UpdateSegmentBody = z.infer<typeof UpdateSegmentSchema>

export const PreviewSegmentSchema = z.object({
  rules: RulesField,
  sample: z.number().int().min(0).max(50).optional(),
})
export type PreviewSegmentBody = z.infer<typeof PreviewSegmentSchema>

export const RecomputeSchema = z.object({
  customer_id: z.string().min(1).optional(),
})
export type RecomputeBody = z.infer<typeof RecomputeSchema>

/** Checked field by field by the service (merged over the current settings first). */
export const UpdateSegmentSettingsSchema = z.record(z.string(), z.unknown())

export const AddCustomerTagSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "name must not be empty")
    .max(64, "name is longer than 64 characters")
    .refine((n) => !/[\u0000-\u001f]/.test(n), "name must not contain control characters")
    .refine((n) => !isAutomaticTagName(n), {
      message: "frequency:, aov:, engaged:, dormant: and rfm: tags are automatic; change the thresholds in the segment settings instead",
    }),
})
export type AddCustomerTagBody = z.infer<typeof AddCustomerTagSchema>

const boolish = z.preprocess((v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v), z.boolean())

export const MembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  consented_only: boolish.optional(),
})
