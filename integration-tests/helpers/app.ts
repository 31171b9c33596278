// What every spec that boots Medusa needs from the app: the plugin's module, typed.
import type { MedusaContainer } from "@medusajs/framework/types"
import { resolveWhatsapp } from "../../src/modules/whatsapp/resolve"

/** `const whatsapp = whatsappOf(getContainer)`: resolved on each call, after the runner has booted. */
export const whatsappOf = (getContainer: () => MedusaContainer) => () => resolveWhatsapp(getContainer())
