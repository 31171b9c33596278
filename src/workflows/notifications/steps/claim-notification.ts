import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { WHATSAPP_MODULE } from "../../../modules/whatsapp"
import type WhatsappModuleService from "../../../modules/whatsapp/service"
import { notificationKey } from "../../../modules/whatsapp/domain/notifications"
import type { LoadedNotificationContext, NotificationInput } from "./load-notification-context"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

export interface NotificationClaim {
  claimed: boolean
  id: string
  key: string
}

/**
 * Claims (event, resource) in the ledger — the unique key is what makes "once" hold across
 * retries and servers. Compensation gives the claim back if a later step throws.
 */
export const claimNotificationStep = createStep(
  "whatsapp-claim-notification",
  async ({ input, loaded }: { input: NotificationInput; loaded: LoadedNotificationContext }, { container }) => {
    const whatsapp = resolveWhatsapp(container)
    const key = notificationKey(input.event, input.resource_id)
    const claim = await whatsapp.notifications().claim({
      key,
      event: input.event,
      resource_id: input.resource_id,
      order_id: loaded.order_id,
      customer_id: loaded.customer_id,
    })
    const result: NotificationClaim = { claimed: claim.claimed, id: claim.id, key }
    return new StepResponse(result, claim.claimed ? claim.id : null)
  },
  async (claimId: string | null, { container }) => {
    if (!claimId) return
    const whatsapp = resolveWhatsapp(container)
    await whatsapp.notifications().release(claimId)
  }
)
