import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../../../../modules/whatsapp/resolve"

/** Removes a manual tag, by tag id or name (URL-encoded). Automatic tags follow the thresholds instead. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  // Express has already decoded the path segment ("frequency%3Amonthly" → "frequency:monthly").
  const tag = req.params.tag
  const outcome = await whatsapp.segmentation().removeManualTag(customer.id, tag)
  if (outcome === "auto") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `"${tag}" is an automatic tag on this customer; it is recomputed from the segment thresholds and cannot be removed by hand`
    )
  }
  if (outcome === "absent") throw new MedusaError(MedusaError.Types.NOT_FOUND, `The customer has no tag "${tag}"`)
  const view = await whatsapp.segmentation().forCustomer(customer.id)
  res.json({ customer_id: customer.id, tags: view.tags })
}
