import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * Asynchronous failures of campaign messages: 131048 (spam rate limit) pauses every campaign;
 * 132015/132016 pause the campaigns on that template. (131050 is recorded as a marketing opt-out by
 * the webhook itself.)
 */
export default async function campaignMessageStatus({
  event,
  container,
}: SubscriberArgs<{ id: string; status: string; error_code: number | null; campaign_id: string | null }>) {
  const { status, error_code, campaign_id } = event.data
  if (status !== "failed" || !campaign_id || !error_code) return
  const engine = resolveWhatsapp(container).campaigns()
  if (error_code === 131048) await engine.pauseAll("131048: spam rate limit hit — slow down and check quality", "webhook")
  if (error_code === 132015 || error_code === 132016) {
    const c = await engine.get(campaign_id)
    if (c?.template_name) await engine.pauseForTemplate(c.template_name, c.template_language, `template_paused: ${error_code}`)
  }
}

export const config: SubscriberConfig = { event: "whatsapp.message.status_updated" }
