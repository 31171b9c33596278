import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/** A template PAUSED or DISABLED by Meta pauses every running campaign that uses it, with the reason. */
export default async function campaignTemplateStatus({
  event,
  container,
}: SubscriberArgs<{ name: string; language?: string; status: string; reason?: string | null }>) {
  const status = String(event.data.status ?? "").toUpperCase()
  if (status !== "PAUSED" && status !== "DISABLED") return
  const whatsapp = resolveWhatsapp(container)
  await whatsapp
    .campaigns()
    .pauseForTemplate(
      event.data.name,
      event.data.language ?? null,
      `template_${status.toLowerCase()}: ${event.data.name}${event.data.reason ? ` (${event.data.reason})` : ""}`
    )
}

export const config: SubscriberConfig = { event: "whatsapp.template.status_updated" }
