import { z } from "@medusajs/framework/zod"

export const SetConsentSchema = z.object({
  purpose: z.enum(["transactional", "marketing"]),
  consent: z.enum(["granted", "revoked"]),
  /** Required to re-grant marketing after the customer's own STOP, with proof_reference. */
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Where the new proof is (a signed form's number, a call recording's id). */
  proof_reference: z.string().trim().min(1).max(500).optional(),
})
export type SetConsentBody = z.infer<typeof SetConsentSchema>

import { NOTIFICATION_EVENTS, PARAMETER_SOURCES } from "../../../modules/whatsapp/domain/notifications"

export const NotificationMappingSchema = z.object({
  event: z.enum(NOTIFICATION_EVENTS),
  enabled: z.boolean(),
  template_name: z.string().regex(/^[a-z0-9_]+$/, "template names are lowercase letters, digits and underscores"),
  template_language: z.string().min(2).max(10),
  parameters: z
    .array(
      z.object({
        component: z.enum(["header", "body", "button"]),
        index: z.number().int().min(0).max(9).optional(),
        source: z.enum(PARAMETER_SOURCES),
        fallback: z.string().max(200).optional(),
        parameter_name: z
          .string()
          .regex(/^[a-z][a-z0-9_]*$/)
          .optional(),
      })
    )
    .max(20),
})
export type NotificationMappingBody = z.infer<typeof NotificationMappingSchema>

const TemplateButtonSchema = z.object({
  type: z.enum(["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE"]),
  text: z.string().min(1).max(25),
  url: z.string().url().optional(),
  phone_number: z.string().optional(),
  example: z.array(z.string()).optional(),
})

export const CreateTemplateSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(10),
  category: z.enum(["MARKETING", "UTILITY", "AUTHENTICATION"]),
  parameter_format: z.enum(["POSITIONAL", "NAMED"]).optional(),
  components: z
    .array(
      z.object({
        type: z.enum(["HEADER", "BODY", "FOOTER", "BUTTONS"]),
        format: z.enum(["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"]).optional(),
        text: z.string().max(1024).optional(),
        example: z
          .object({
            header_text: z.array(z.string()).optional(),
            body_text: z.array(z.array(z.string())).optional(),
            body_text_named_params: z.array(z.object({ param_name: z.string(), example: z.string() })).optional(),
          })
          .optional(),
        buttons: z.array(TemplateButtonSchema).max(10).optional(),
      })
    )
    .min(1),
  /** Submit even with lint findings (the merchant knows better). */
  force: z.boolean().optional(),
})
export type CreateTemplateBody = z.infer<typeof CreateTemplateSchema>

export const ConsentEventsQuerySchema = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  limit: z.coerce.number().int().min(1).max(10000).default(1000),
})
export type ConsentEventsQuery = z.infer<typeof ConsentEventsQuerySchema>
