import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"
import type { AddCustomerTagBody } from "../../../segments/validators"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"

/** Adds a manual tag (created if new). Recomputation never removes it. */
export async function POST(req: AuthenticatedMedusaRequest<AddCustomerTagBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  await whatsapp.segmentation().addManualTag(customer.id, req.validatedBody.name)
  const view = await whatsapp.segmentation().forCustomer(customer.id)
  res.status(201).json({ customer_id: customer.id, tags: view.tags })
}
