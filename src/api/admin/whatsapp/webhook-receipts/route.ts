import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { MedusaError } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

const Query = z.object({
  status: z.enum(["pending", "processed", "failed", "ignored"]).default("failed"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})

/**
 * Webhook receipts by state, newest first, for the settings page: failed ones with their error
 * and a retry, ignored ones (another number's webhooks) with the reason. No raw bodies: they hold
 * customers' phone numbers and messages.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const parsed = Query.safeParse(req.query)
  if (!parsed.success) throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "))
  const { status, limit, offset } = parsed.data
  const whatsapp = resolveWhatsapp(req.scope)
  const [rows, count] = await whatsapp.listAndCountWhatsappWebhookReceipts(
    { status },
    {
      select: ["id", "status", "attempts", "last_error", "notes", "next_attempt_at", "processed_at", "redacted_at", "created_at"],
      order: { created_at: "DESC" },
      take: limit,
      skip: offset,
    }
  )
  const counts = await whatsapp.receipts().countByStatus()
  res.json({ receipts: rows, count, limit, offset, counts })
}
