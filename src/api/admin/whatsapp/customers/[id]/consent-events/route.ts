import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"
import { EVENT_COLUMNS } from "../../../../../../modules/whatsapp/consent/consent"
import { toCsv } from "../../../../../../modules/whatsapp/domain/csv"
import type { ConsentEventsQuery } from "../../../validators"

/** A customer's consent history, newest first: JSON for the widget, CSV (?format=csv) as proof to hand over. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  const { format, limit } = req.validatedQuery as unknown as ConsentEventsQuery
  const events = await whatsapp.consentEvents({ customer_id: customer.id }, limit)
  if (format === "csv") {
    res.setHeader("Content-Type", "text/csv; charset=utf-8")
    res.setHeader("Content-Disposition", `attachment; filename="whatsapp-consent-${customer.id}.csv"`)
    // A BOM so spreadsheet apps read the Thai wording as UTF-8.
    return void res.send("\uFEFF" + toCsv(EVENT_COLUMNS, events))
  }
  const [contact] = await whatsapp.listWhatsappContacts({ customer_id: customer.id }, { take: 1, order: { updated_at: "DESC" } })
  const stop = contact ? await whatsapp.customerStop(contact) : null
  res.json({ events, marketing_stop: stop })
}
