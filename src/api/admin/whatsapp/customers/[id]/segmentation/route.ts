import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"

/** Metrics, RFM scores and segment, tags (auto and manual) and marketing consent of one customer. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  const view = await whatsapp.segmentation().forCustomer(customer.id)
  res.json({ customer_id: customer.id, ...view })
}
