import { Module } from "@medusajs/framework/utils"
import WhatsappModuleService from "./service"

import { WHATSAPP_MODULE } from "./constants"

export { WHATSAPP_MODULE }
export { resolveWhatsapp } from "./resolve"

export default Module(WHATSAPP_MODULE, {
  service: WhatsappModuleService,
})

export { WhatsappModuleService }
