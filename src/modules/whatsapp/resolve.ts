import { WHATSAPP_MODULE } from "./constants"
import type WhatsappModuleService from "./service"

/** Anything with Medusa's container `resolve` (a container, `req.scope`, a step's `container`). */
export interface Resolver {
  resolve<T = unknown>(key: string): T
}

/** The WhatsApp module's service, typed: one way in for routes, steps, jobs and subscribers. */
export function resolveWhatsapp(scope: Resolver): WhatsappModuleService {
  return scope.resolve<WhatsappModuleService>(WHATSAPP_MODULE)
}
