import { z } from "@medusajs/framework/zod"
import { STORE_SOURCES } from "../../../modules/whatsapp/consent/domain/consent"
import { CONFIRMATION_LANGUAGES } from "../../../modules/whatsapp/consent/domain/store"

/** A guest's phone, any format the store accepts (normalised with the default region in the route). */
const phone = z.string().trim().min(1).max(40)

/** Per purpose: true grants (marketing through double opt-in when on), false revokes. Any other key is a 400. */
const purposes = z
  .object({ marketing: z.boolean().optional(), transactional: z.boolean().optional() })
  .strict()
  .refine((p) => p.marketing !== undefined || p.transactional !== undefined, { message: "purposes: name at least one (marketing, transactional)" })

export const StoreConsentSchema = z
  .object({
    phone: phone.optional(),
    purposes,
    /** The exact text the shopper saw next to the checkbox: the proof of what they agreed to. */
    wording: z.string().trim().min(1).max(5000),
    wording_version: z.string().trim().min(1).max(100),
    source: z.enum(STORE_SOURCES),
    /** The language of the "reply YES" confirmation (default th). */
    language: z.enum(CONFIRMATION_LANGUAGES).default("th"),
  })
  .strict()
export type StoreConsentBody = z.infer<typeof StoreConsentSchema>

export const StoreConsentQuerySchema = z.object({ phone: phone.optional() }).strict()
export type StoreConsentQuery = z.infer<typeof StoreConsentQuerySchema>

export const StoreOptOutSchema = z
  .object({
    phone: phone.optional(),
    /** Default: marketing only; transactional messages (order updates) stay unless named. */
    purposes: z
      .array(z.enum(["marketing", "transactional"]))
      .min(1)
      .max(2)
      .default(["marketing"]),
    source: z.enum(STORE_SOURCES).default("store"),
    wording: z.string().trim().min(1).max(5000).optional(),
    wording_version: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
export type StoreOptOutBody = z.infer<typeof StoreOptOutSchema>
