import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/** Keeps our copy of the WABA's templates fresh; webhooks cover changes between runs. */
export default async function whatsappSyncTemplatesJob(container: MedusaContainer) {
  const whatsapp = resolveWhatsapp(container)
  const { synced, removed } = await whatsapp.syncTemplates()
  container.resolve("logger").info(`whatsapp: synced ${synced} template(s), ${removed} no longer in the WABA`)
}

export const config = {
  name: "whatsapp-sync-templates",
  schedule: "7 * * * *",
}
