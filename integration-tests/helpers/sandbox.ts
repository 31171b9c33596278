// The WhatsApp Cloud API sandbox next to the Medusa app a spec boots (medusaIntegrationTestRunner).
import { createSandbox, type ConfigPatch, type Sandbox, type SandboxOptions } from "../../sandbox/src"

/** Status webhooks 20/40/60 ms after a send: quick, and still in order on a loaded box. */
export const STATUS_DELAYS_MS = { sent: 20, delivered: 40, read: 60 }

/**
 * Points the plugin at a sandbox on `port` and returns it. The plugin reads WHATSAPP_BASE_URL from
 * medusa-config.ts when the runner boots the app, so call this at the top of the spec file.
 */
export function pointPluginAtSandbox(port: number): number {
  process.env.WHATSAPP_BASE_URL = `http://127.0.0.1:${port}`
  return port
}

/** Where the booted app receives webhooks. */
export const appWebhookUrl = (api: any) => `${api.defaults.baseURL}/hooks/whatsapp`

/**
 * A sandbox on options.port (see pointPluginAtSandbox) with STATUS_DELAYS_MS unless options say
 * otherwise; with `api`, its webhooks go to the app.
 */
export async function startAppSandbox(options: SandboxOptions & { port: number }, api?: any): Promise<Sandbox> {
  const sandbox = await createSandbox({ statusDelaysMs: STATUS_DELAYS_MS, ...options })
  if (api) sandbox.setWebhookUrl(appWebhookUrl(api))
  return sandbox
}

/** Between tests: forget what the sandbox saw and its config changes (then apply `config`), webhooks to the app again. */
export function resetAppSandbox(sandbox: Sandbox, api: any, config?: ConfigPatch) {
  sandbox.reset({ config: true })
  if (config) sandbox.patchConfig(config)
  sandbox.setWebhookUrl(appWebhookUrl(api))
}
