import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { isNightlyRecomputeDue } from "../modules/whatsapp/domain/segment-schedule"
import { CUTS_SETTING_KEY } from "../modules/whatsapp/segmentation/recompute"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * Nightly full recompute of customer metrics, RFM and auto tags. A job's cron is fixed when the
 * app loads, so it wakes hourly and runs only in the hour set in the merchant's settings
 * (segments.schedule.hour, store time zone), at most once per night.
 */
export default async function whatsappSegmentsRecomputeJob(container: MedusaContainer) {
  const whatsapp = resolveWhatsapp(container)
  const settings = await whatsapp.segmentation().settings()
  const last = await whatsapp.getSetting<{ computed_at?: string }>(CUTS_SETTING_KEY, {})
  const due = isNightlyRecomputeDue({
    now: new Date(),
    timeZone: whatsapp.getOptions().store_timezone,
    enabled: settings.schedule.enabled,
    hour: settings.schedule.hour,
    lastFullAt: last.computed_at ?? null,
  })
  if (!due) return
  await whatsapp.segmentation().recompute()
}

export const config = {
  name: "whatsapp-segments-recompute",
  schedule: "23 * * * *",
}
