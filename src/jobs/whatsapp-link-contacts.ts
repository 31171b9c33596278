import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { tryNormalizePhone } from "../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

const PAGE = 500

/**
 * Safety net behind the customer.created/updated subscriber: customers imported in bulk, or
 * created while the plugin was not installed, still get their WhatsApp contact linked.
 */
export default async function whatsappLinkContactsJob(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const whatsapp = resolveWhatsapp(container)
  const region = whatsapp.getOptions().default_region
  let skip = 0
  let linked = 0
  let invalid = 0
  while (true) {
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "phone"],
      filters: { phone: { $ne: null } },
      pagination: { skip, take: PAGE, order: { id: "ASC" } },
    })
    for (const c of data as { id: string; phone: string }[]) {
      const phone = tryNormalizePhone(c.phone, region)
      if (!phone) {
        invalid++
        continue
      }
      await whatsapp.linkContactToCustomer(phone.wa_id, c.id)
      linked++
    }
    if (data.length < PAGE) break
    skip += PAGE
  }
  container.resolve("logger").info(`whatsapp: linked ${linked} customer phone(s) to contacts; ${invalid} invalid number(s) skipped`)
}

export const config = {
  name: "whatsapp-link-contacts",
  schedule: "17 3 * * *",
}
