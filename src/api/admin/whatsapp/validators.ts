import { z } from "@medusajs/framework/zod"

export const SetConsentSchema = z.object({
  purpose: z.enum(["transactional", "marketing"]),
  consent: z.enum(["granted", "revoked"]),
})
export type SetConsentBody = z.infer<typeof SetConsentSchema>
