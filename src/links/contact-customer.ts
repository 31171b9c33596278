import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import WhatsappModule from "../modules/whatsapp"

// The contact stores customer_id itself (it can exist before the customer does), so the link is
// read-only: query.graph can walk whatsapp_contact.customer without a pivot table.
export default defineLink({ linkable: WhatsappModule.linkable.whatsappContact.id, field: "customer_id" }, CustomerModule.linkable.customer, { readOnly: true })
