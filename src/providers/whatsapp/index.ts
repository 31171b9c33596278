import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { WhatsappNotificationProviderService } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [WhatsappNotificationProviderService],
})
