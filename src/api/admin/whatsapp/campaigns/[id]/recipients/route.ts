import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RECIPIENT_COLUMNS } from "../../../../../../modules/whatsapp/campaigns/recipient-report"
import { csvCell } from "../../../../../../modules/whatsapp/domain/csv"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"
import type { CampaignRecipientsQuery } from "../../validators"

/**
 * Results per recipient: a page as JSON (limit/offset), or every recipient as CSV (?format=csv),
 * written 1,000 rows at a time so a large campaign is never held in memory.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const { format, limit, offset } = req.validatedQuery as unknown as CampaignRecipientsQuery
  const campaign = await whatsapp.campaigns().get(req.params.id)
  if (!campaign) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} not found`)
  if (format !== "csv") {
    const { recipients, count } = await whatsapp.campaigns().recipients(campaign.id, { limit, offset })
    return void res.json({ recipients, count, limit, offset })
  }
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="whatsapp-campaign-${campaign.id}-recipients.csv"`)
  // A BOM so spreadsheet apps read Thai names as UTF-8.
  res.write("\uFEFF" + RECIPIENT_COLUMNS.map(csvCell).join(",") + "\r\n")
  try {
    for await (const rows of whatsapp.campaigns().recipientPages(campaign.id, 1000)) {
      res.write(rows.map((r) => RECIPIENT_COLUMNS.map((c) => csvCell(r[c])).join(",")).join("\r\n") + "\r\n")
    }
    res.end()
  } catch (e) {
    // The status line is already out: cut the download short rather than end it looking complete.
    res.destroy(e as Error)
  }
}
