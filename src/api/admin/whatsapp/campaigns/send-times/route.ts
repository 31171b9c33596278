import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { SendTimesPreviewBody } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/**
 * The wizard's best-hour preview: how many of the audience would be sent in each hour of the
 * window, and how many plans come from the customer's own history, the store's, or the default.
 */
export async function POST(req: AuthenticatedMedusaRequest<SendTimesPreviewBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const body = req.validatedBody
  if (body.timezone && !validTimeZone(body.timezone)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: timezone: ${body.timezone} is not an IANA time zone`)
  }
  try {
    res.json({ send_times: await whatsapp.campaigns().previewSendTimes(body) })
  } catch (e) {
    if (/does not exist/.test((e as Error).message)) throw new MedusaError(MedusaError.Types.NOT_FOUND, (e as Error).message)
    throw e
  }
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}
