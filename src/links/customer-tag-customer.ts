import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import WhatsappModule from "../modules/whatsapp"

export default defineLink({ linkable: WhatsappModule.linkable.whatsappCustomerTag.id, field: "customer_id", isList: true }, CustomerModule.linkable.customer, {
  readOnly: true,
})
