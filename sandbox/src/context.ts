import type { WebhookMetadata } from "../../src/modules/whatsapp/channels/cloud-api/types"
import type { SandboxConfig } from "./config"
import type { SandboxState } from "./state"
import type { WebhookDispatcher } from "./webhooks"

/** What the simulation parts share; config is read through a getter because PATCH replaces it. */
export interface Ctx {
  config(): SandboxConfig
  state: SandboxState
  webhooks: WebhookDispatcher
}

export const metadata = (cfg: SandboxConfig): WebhookMetadata => ({
  display_phone_number: cfg.displayPhoneNumber,
  phone_number_id: cfg.phoneNumberId,
})

/** The simulation parts the routes dispatch to. */
export interface Parts {
  ctx: Ctx
  outbound: import("./outbound").Outbound
  customers: import("./customers").Customers
  templates: import("./template-store").TemplateStore
}
