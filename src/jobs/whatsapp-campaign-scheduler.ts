import type { MedusaContainer } from "@medusajs/framework/types"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/** Starts due scheduled campaigns, resumes tier-paused ones with room again, re-enqueues running ones after a restart. */
export default async function whatsappCampaignScheduler(container: MedusaContainer) {
  const whatsapp = resolveWhatsapp(container)
  await whatsapp.withLock("whatsapp:campaign-scheduler", () => whatsapp.campaigns().tick())
}

export const config = { name: "whatsapp-campaign-scheduler", schedule: "* * * * *" }
