import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"

/** Metrics, RFM scores and segment, tags (auto and manual) and marketing consent of one customer. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp: WhatsappModuleService = req.scope.resolve(WHATSAPP_MODULE)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  const view = await whatsapp.getCustomerSegmentation(customer.id)
  res.json({ customer_id: customer.id, ...view })
}
