import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/** Quality RED (or a flagged number) pauses every running campaign: sending more would make it worse. */
export default async function campaignQuality({ event, container }: SubscriberArgs<Record<string, any>>) {
  const d = event.data ?? {}
  const rating = String(d.current_limit ?? d.quality_rating ?? d.event ?? d.quality ?? "").toUpperCase()
  if (!/^RED$|FLAGGED/.test(rating)) return
  await resolveWhatsapp(container)
    .campaigns()
    .pauseAll(`quality_red: phone number quality is ${rating || "RED"}`)
}

export const config: SubscriberConfig = { event: "whatsapp.webhook.phone_number_quality_update" }
